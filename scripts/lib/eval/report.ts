/** The calibration table as Markdown and as an SVG line chart (hit rate, relevance, agreement vs threshold). */
import { passesGate, type Summary } from "./measures";

export interface CalibrationRow {
  threshold: number;
  summary: Summary;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function calibrationTable(rows: readonly CalibrationRow[], recommended: number | undefined): string {
  const lines = [
    "| threshold | hit rate | relevance (all served) | relevance (vector-served) | agreement with generator | coverage of generator's topics | grounding | leaks | leaks per 1,000 reused | refused at serving | urgent topics answered | passes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { threshold, summary: s } of rows) {
    const mark = threshold === recommended ? " **←**" : "";
    lines.push(
      `| ${threshold.toFixed(2)}${mark} | ${pct(s.hitRate)} (${s.hits}/${s.requests}) | ${pct(s.relevance)} | ${s.hits ? pct(s.hitRelevance) : "-"} | ${s.hits ? pct(s.agreement) : "-"} | ${s.hits ? pct(s.coverage) : "-"} | ${pct(s.grounding)} | ${s.leaks} | ${s.leaksPer1000.toFixed(1)} (${s.reusedItems} reused) | ${s.dropped} | ${s.urgentRequests ? `${pct(s.urgentCoverage)} (${s.urgentRequests})` : "-"} | ${passesGate(s) ? "yes" : "no"} |`,
    );
  }
  return lines.join("\n");
}

/**
 * A small, dependency-free line chart: y 0–100%, one line per measure. The legend and the
 * recommended threshold's label sit above the plot (never over the lines), and threshold labels
 * that would run together are left out (the table has every one).
 */
export function calibrationChart(rows: readonly CalibrationRow[], title: string, recommended: number | undefined): string {
  const W = 640;
  const H = 380;
  const m = { left: 50, right: 24, top: 70, bottom: 50 };
  const xs = rows.map((r) => r.threshold);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const x = (t: number) => m.left + ((t - x0) / (x1 - x0 || 1)) * (W - m.left - m.right);
  const y = (v: number) => H - m.bottom - v * (H - m.top - m.bottom);
  const series = [
    { name: "hit rate", color: "#1f77b4", value: (s: Summary) => s.hitRate },
    { name: "relevance", color: "#2ca02c", value: (s: Summary) => s.relevance },
    { name: "agreement", color: "#ff7f0e", value: (s: Summary) => s.agreement },
    { name: "coverage", color: "#9467bd", value: (s: Summary) => s.coverage },
  ];
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  ];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end">${v * 100}%</text>`);
  }
  // A label needs about 30 px; the last threshold is always named, earlier ones only where they fit.
  const shown: number[] = [];
  for (const t of [...xs].reverse()) if (shown.every((s) => Math.abs(x(s) - x(t)) >= 34)) shown.push(t);
  for (const t of shown.reverse()) out.push(`<text x="${x(t)}" y="${H - m.bottom + 16}" text-anchor="middle">${t.toFixed(2)}</text>`);
  out.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">similarity threshold</text>`);
  series.forEach((s, i) => {
    out.push(`<rect x="${m.left + 10 + i * 120}" y="${32}" width="12" height="3" fill="${s.color}"/>`);
    out.push(`<text x="${m.left + 26 + i * 120}" y="${38}">${s.name}</text>`);
  });
  if (recommended !== undefined) {
    const rx = x(recommended);
    out.push(`<line x1="${rx}" x2="${rx}" y1="${m.top - 12}" y2="${H - m.bottom}" stroke="#999" stroke-dasharray="4 3"/>`);
    out.push(
      `<text x="${rx}" y="${m.top - 16}" text-anchor="${rx > W - 120 ? "end" : rx < 120 ? "start" : "middle"}">recommended ${recommended.toFixed(2)}</text>`,
    );
  }
  series.forEach((s) => {
    const points = rows.map((r) => `${x(r.threshold).toFixed(1)},${y(s.value(r.summary)).toFixed(1)}`).join(" ");
    out.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}
