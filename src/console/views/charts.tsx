/**
 * Server-rendered SVG charts: no chart library, no script. Colours come from the stylesheet
 * (classes s0…s7, p50/p95/p99), each chart has a text title and description, and every figure is
 * also in a table next to it.
 */
import type { FC } from "hono/jsx";
import type { SourceMetrics } from "../../db/request-log";
import type { Bucket } from "../metrics";
import { millis } from "./format";

const W = 720;
const PAD = { top: 12, right: 12, bottom: 34, left: 46 };
const SWATCHES = 8;

export const swatchClass = (order: string[], source: string) => `s${Math.max(0, order.indexOf(source)) % SWATCHES}`;

function timeLabel(ms: number, bucketSeconds: number): string {
  const iso = new Date(ms).toISOString();
  return bucketSeconds >= 6 * 3600 ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(11, 16);
}

export const Legend: FC<{ order: string[] }> = ({ order }) => (
  <ul class="legend" aria-label="Sources">
    {order.map((s) => (
      <li>
        <span class={`swatch ${swatchClass(order, s)}`} aria-hidden="true" />
        {s}
      </li>
    ))}
  </ul>
);

/** Share of each bucket's requests per source: 100% stacked columns; empty buckets stay empty. */
export const HitRateChart: FC<{ buckets: Bucket[]; order: string[]; bucketSeconds: number }> = ({ buckets, order, bucketSeconds }) => {
  const H = 260;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / buckets.length;
  const barW = Math.max(2, slot * 0.72);
  const labelEvery = Math.ceil(buckets.length / 8);
  const busiest = buckets.filter((b) => b.total > 0).length;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="hit-title hit-desc">
      <title id="hit-title">Share of generate requests per source over time</title>
      <desc id="hit-desc">
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
              <rect class={swatchClass(order, s)} x={x} y={y} width={barW} height={h}>
                <title>{`${timeLabel(b.start, bucketSeconds)}: ${s} ${n} of ${b.total} (${Math.round((n / b.total) * 100)}%)`}</title>
              </rect>
            );
          });
        return (
          <g>
            {segments}
            {i % labelEvery === 0 ? (
              <text x={PAD.left + i * slot + slot / 2} y={H - PAD.bottom + 16} text-anchor="middle">
                {timeLabel(b.start, bucketSeconds)}
              </text>
            ) : null}
          </g>
        );
      })}
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      <text x={W - PAD.right} y={H - 4} text-anchor="end">
        UTC
      </text>
    </svg>
  );
};

/** p50, p95 and p99 per source as grouped horizontal bars on one linear scale. */
export const LatencyChart: FC<{ sources: SourceMetrics[] }> = ({ sources }) => {
  const left = 150;
  const bar = 11;
  const group = bar * 3 + 18;
  const H = PAD.top + sources.length * group + 26;
  const max = Math.max(1, ...sources.map((s) => s.p99_ms));
  const plotW = W - left - 100;
  const x = (v: number) => left + (v / max) * plotW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="lat-title lat-desc">
      <title id="lat-title">Latency percentiles per source</title>
      <desc id="lat-desc">p50, p95 and p99 of the whole request, in milliseconds, for each source. The table below has the figures.</desc>
      {ticks.map((t) => (
        <g>
          <line class="grid-line" x1={x(t)} x2={x(t)} y1={PAD.top - 4} y2={H - 22} />
          <text x={x(t)} y={H - 6} text-anchor="middle">
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
            <text x={left - 10} y={y0 + bar * 1.5 + 4} text-anchor="end">
              {s.source}
            </text>
            {rows.map(([name, v], j) => (
              <g>
                <rect class={name} x={left} y={y0 + j * bar} width={Math.max(1, x(v) - left)} height={bar - 2}>
                  <title>{`${s.source} ${name}: ${millis(v)}`}</title>
                </rect>
                <text x={x(v) + 4} y={y0 + j * bar + bar - 3}>
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
