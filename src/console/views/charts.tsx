/**
 * Server-rendered SVG charts: no chart library, no script. Colours come from the stylesheet
 * (classes s0…s7, p50/p95/p99), one fixed colour per source everywhere (SOURCE_SWATCH, never the
 * order of traffic), each chart has a text title and description, and every figure is also in a
 * table next to it.
 *
 * Responsive: each chart is drawn twice, for a wide and a narrow box (the stylesheet shows one),
 * each with a viewBox and width 100%, so the whole chart always fits its box and its text stays
 * readable (about 11 px or more at 375 px wide) instead of scrolling sideways.
 */
import type { FC } from "hono/jsx";
import type { SourceMetrics } from "../../db/request-log";
import type { Bucket } from "../metrics";
import { millis } from "./format";

interface Frame {
  /** The viewBox width. */
  W: number;
  variant: "wide" | "narrow";
  /** The most x-axis labels that fit. */
  labels: number;
}

const FRAMES: Frame[] = [
  { W: 720, variant: "wide", labels: 8 },
  { W: 330, variant: "narrow", labels: 4 },
];
const PAD = { top: 12, right: 12, bottom: 34, left: 46 };
const SWATCHES = 8;

/** One colour per source, the same on every page and every day (s7 for any source not listed). */
export const SOURCE_SWATCH: Readonly<Record<string, string>> = {
  kv_cache: "s0",
  vector_db: "s1",
  catalog: "s2",
  openai_4o_mini: "s3",
  catalog_fallback: "s4",
  openai_4o_mini_fallback: "s5",
  error: "s6",
};

export function swatchClass(source: string): string {
  const fixed = SOURCE_SWATCH[source];
  if (fixed) return fixed;
  if (source.startsWith("openai_")) return source.endsWith("_fallback") ? "s5" : "s3";
  return `s${SWATCHES - 1}`;
}

function timeLabel(ms: number, bucketSeconds: number): string {
  const iso = new Date(ms).toISOString();
  return bucketSeconds >= 6 * 3600 ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(11, 16);
}

/** Both frames of a chart; the stylesheet shows the one that fits (.chart-wide / .chart-narrow). */
const Responsive: FC<{ draw: (f: Frame) => unknown }> = ({ draw }) => (
  <div class="chart-box">
    {FRAMES.map((f) => (
      <div class={`chart-${f.variant}`}>{draw(f) as never}</div>
    ))}
  </div>
);

export const Legend: FC<{ order: string[] }> = ({ order }) => (
  <ul class="legend" aria-label="Sources">
    {order.map((s) => (
      <li>
        <span class={`swatch ${swatchClass(s)}`} aria-hidden="true" />
        {s}
      </li>
    ))}
  </ul>
);

/** Share of each bucket's requests per source: 100% stacked columns; empty buckets stay empty. */
export const HitRateChart: FC<{ buckets: Bucket[]; order: string[]; bucketSeconds: number }> = ({ buckets, order, bucketSeconds }) => (
  <Responsive draw={(f) => <HitRateFrame frame={f} buckets={buckets} order={order} bucketSeconds={bucketSeconds} />} />
);

const HitRateFrame: FC<{ frame: Frame; buckets: Bucket[]; order: string[]; bucketSeconds: number }> = ({
  frame,
  buckets,
  order,
  bucketSeconds,
}) => {
  const { W } = frame;
  const H = frame.variant === "wide" ? 260 : 220;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, buckets.length);
  const barW = Math.max(2, slot * 0.72);
  const labelEvery = Math.ceil(buckets.length / frame.labels);
  const busiest = buckets.filter((b) => b.total > 0).length;
  const id = `hit-${frame.variant}`;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>Share of generate requests per source over time</title>
      <desc id={`${id}-desc`}>
        {`${buckets.length} buckets of ${bucketSeconds / 60} minutes; ${busiest} have requests. Each column splits its requests by source (100% stacked). The table below has the figures.`}
      </desc>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => {
        const y = PAD.top + plotH * (1 - f);
        return (
          <g>
            <line class="grid-line" x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">{`${f * 100}%`}</text>
          </g>
        );
      })}
      {buckets.map((b, i) => {
        const x = PAD.left + i * slot + (slot - barW) / 2;
        let y = PAD.top + plotH;
        const segments = order
          .filter((s) => (b.bySource[s] ?? 0) > 0)
          .map((s) => {
            const n = b.bySource[s] ?? 0;
            const h = (n / b.total) * plotH;
            y -= h;
            return (
              <rect class={swatchClass(s)} x={x} y={y} width={barW} height={h}>
                <title>{`${timeLabel(b.start, bucketSeconds)}: ${s} ${n} of ${b.total} (${Math.round((n / b.total) * 100)}%)`}</title>
              </rect>
            );
          });
        // Label from the newest bucket backwards, so the latest time is always named.
        const fromEnd = buckets.length - 1 - i;
        return (
          <g>
            {segments}
            {fromEnd % labelEvery === 0 ? (
              <text x={PAD.left + i * slot + slot / 2} y={H - PAD.bottom + 16} text-anchor="middle">
                {timeLabel(b.start, bucketSeconds)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      <text x={W - PAD.right} y={H - 2} text-anchor="end">
        UTC
      </text>
    </svg>
  );
};

/** p50, p95 and p99 per source as grouped horizontal bars on one linear scale. */
export const LatencyChart: FC<{ sources: SourceMetrics[] }> = ({ sources }) => (
  <Responsive draw={(f) => <LatencyFrame frame={f} sources={sources} />} />
);

const LatencyFrame: FC<{ frame: Frame; sources: SourceMetrics[] }> = ({ frame, sources }) => {
  const { W } = frame;
  const wide = frame.variant === "wide";
  // Narrow: each source's name sits above its bars, so the bars get the whole width.
  const left = wide ? 150 : 8;
  const nameRow = wide ? 0 : 18;
  const bar = wide ? 11 : 14;
  const group = nameRow + bar * 3 + 18;
  const H = PAD.top + sources.length * group + 26;
  const max = Math.max(1, ...sources.map((s) => s.p99_ms));
  // Room on the right for the longest value label ("p99 12345 ms").
  const plotW = W - left - (wide ? 110 : 100);
  const x = (v: number) => left + (v / max) * plotW;
  const ticks = (wide ? [0, 0.25, 0.5, 0.75, 1] : [0, 0.5, 1]).map((f) => f * max);
  const id = `lat-${frame.variant}`;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>Latency percentiles per source</title>
      <desc id={`${id}-desc`}>
        p50, p95 and p99 of the whole request, in milliseconds, for each source. The table below has the figures.
      </desc>
      {ticks.map((t, i) => (
        <g>
          <line class="grid-line" x1={x(t)} x2={x(t)} y1={PAD.top - 4} y2={H - 22} />
          <text x={x(t)} y={H - 6} text-anchor={i === 0 && !wide ? "start" : "middle"}>
            {millis(t)}
          </text>
        </g>
      ))}
      {sources.map((s, i) => {
        const y0 = PAD.top + i * group;
        const rows = [
          ["p50", s.p50_ms],
          ["p95", s.p95_ms],
          ["p99", s.p99_ms],
        ] as const;
        return (
          <g>
            {wide ? (
              <text x={left - 10} y={y0 + bar * 1.5 + 4} text-anchor="end">
                {s.source}
              </text>
            ) : (
              <text x={left} y={y0 + 12}>
                {s.source}
              </text>
            )}
            {rows.map(([name, v], j) => (
              <g>
                <rect class={name} x={left} y={y0 + nameRow + j * bar} width={Math.max(1, x(v) - left)} height={bar - 2}>
                  <title>{`${s.source} ${name}: ${millis(v)}`}</title>
                </rect>
                <text x={x(v) + 4} y={y0 + nameRow + j * bar + bar - 3}>
                  {`${name} ${millis(v)}`}
                </text>
              </g>
            ))}
          </g>
        );
      })}
      <line class="axis" x1={left} x2={left} y1={PAD.top - 4} y2={H - 22} />
    </svg>
  );
};
