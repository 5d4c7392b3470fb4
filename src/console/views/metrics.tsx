import type { FC } from "hono/jsx";
import { RANGES, type MetricsView } from "../metrics";
import type { ConsoleSession } from "../session";
import { HitRateChart, LatencyChart, Legend, swatchClass } from "./charts";
import { decimal, formatTime, millis, percent, Source } from "./format";
import { Layout, PageHead } from "./layout";
import { QualityPanel } from "./quality";

const Tile: FC<{ label: string; value: string; sub?: string }> = ({ label, value, sub }) => (
  <div class="tile">
    <span class="label">{label}</span>
    <span class="value">{value}</span>
    {sub ? <span class="sub">{sub}</span> : null}
  </div>
);

/** The vector tier's drops: items it refused at serving time, and requests it lost to a failure. */
const VectorTierDropsSlot: FC<{ m: MetricsView }> = ({ m }) => (
  <div class="slot" id="vector-tier-drops">
    <span class="label-strong">Vector-tier drops</span>
    <p>
      <strong>{m.vectorTierDrops.count}</strong> reused items refused at serving time ({decimal(m.vectorTierDrops.perVectorRequest)} per
      vector-tier answer): the reuse rule found something of their author in them, or an operator had withdrawn them.{" "}
      {m.replacedAtGeneration} generated titles and contents were replaced by the catalog's text before they were stored.
    </p>
    <p>
      Served by a generator because the vector tier failed (the <code>_fallback</code> sources): <strong>{percent(m.fallbackShare)}</strong>
      .
    </p>
  </div>
);

const Queues: FC<{ m: MetricsView }> = ({ m }) => (
  <div class="grid">
    <div class="slot" id="queue-backlog">
      <span class="label-strong">Queue backlog</span>
      <p>
        Bulk jobs: <strong>{m.jobBacklog}</strong> items still queued (from the jobs' ledger). The embedding queue's depth cannot be read by
        a Worker: in production, see <code>spendsense-embeddings</code> in the Queues dashboard.
      </p>
    </div>
    <div class="slot" id="dead-letters">
      <span class="label-strong">Dead letters</span>
      {m.deadLetters.length ? (
        <ul>
          {m.deadLetters.map((d) => (
            <li>
              <code>{d.queue}</code>: {d.count}
            </li>
          ))}
        </ul>
      ) : (
        <p>None in this range.</p>
      )}
      <p class="hint">As the consumers recorded them when they parked each message; the queue itself is in the Queues dashboard.</p>
    </div>
  </div>
);

/** The part auto-refresh replaces. */
const MetricsPanel: FC<{ m: MetricsView }> = ({ m }) => (
  <div id="metrics-panel">
    <p class="status-line">
      {RANGES[m.range].label}: {formatTime(m.from)} to {formatTime(m.to)}, generate requests only (as GET /metrics counts them).
    </p>
    <div class="tiles">
      <Tile label="Requests" value={String(m.total)} />
      <Tile label="Vector-tier hit rate" value={percent(m.vectorHitRate)} sub="served by reuse" />
      <Tile label="KV cache hit rate" value={percent(m.kvHitRate)} />
      <Tile label="Generator" value={percent(m.generatorShare)} sub="catalog or OpenAI" />
    </div>
    <section class="card" aria-labelledby="hit-h">
      <h2 id="hit-h">Hit rate by source over time</h2>
      {m.total === 0 ? (
        <p class="empty">No generate request in this range.</p>
      ) : (
        <>
          <HitRateChart buckets={m.buckets} order={m.sourceOrder} bucketSeconds={m.bucketSeconds} />
          <Legend order={m.sourceOrder} />
          <details>
            <summary>Figures per bucket</summary>
            <div class="table-wrap" tabindex={0} role="region" aria-label="Figures per bucket">
              <table>
                <caption class="visually-hidden">Requests per source in each time bucket</caption>
                <thead>
                  <tr>
                    <th scope="col">Bucket start</th>
                    {m.sourceOrder.map((s) => (
                      <th scope="col" class="num">
                        {s}
                      </th>
                    ))}
                    <th scope="col" class="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.buckets
                    .filter((b) => b.total > 0)
                    .map((b) => (
                      <tr>
                        <td>{formatTime(new Date(b.start))}</td>
                        {m.sourceOrder.map((s) => (
                          <td class="num">{`${b.bySource[s] ?? 0} (${percent((b.bySource[s] ?? 0) / b.total, 0)})`}</td>
                        ))}
                        <td class="num">{b.total}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
    <section class="card" aria-labelledby="lat-h">
      <h2 id="lat-h">Latency per source</h2>
      {m.sources.length === 0 ? (
        <p class="empty">No generate request in this range.</p>
      ) : (
        <>
          <LatencyChart sources={m.sources} />
          <ul class="legend" aria-label="Percentiles">
            {(["p50", "p95", "p99"] as const).map((p) => (
              <li>
                <span class={`swatch ${p}`} aria-hidden="true" />
                {p}
              </li>
            ))}
          </ul>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Latency figures per source">
            <table id="latency-table">
              <caption class="visually-hidden">Requests, share and latency percentiles per source</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" class="num">
                    Requests
                  </th>
                  <th scope="col" class="num">
                    Share
                  </th>
                  <th scope="col" class="num">
                    Avg similarity
                  </th>
                  <th scope="col" class="num">
                    p50
                  </th>
                  <th scope="col" class="num">
                    p95
                  </th>
                  <th scope="col" class="num">
                    p99
                  </th>
                </tr>
              </thead>
              <tbody>
                {m.sources.map((s) => (
                  <tr>
                    <td>
                      <span class={`swatch ${swatchClass(s.source)}`} aria-hidden="true" /> <Source source={s.source} />
                    </td>
                    <td class="num">{s.requests}</td>
                    <td class="num">{percent(s.share)}</td>
                    <td class="num">{s.avg_similarity === null ? "—" : decimal(s.avg_similarity, 3)}</td>
                    <td class="num">{millis(s.p50_ms)}</td>
                    <td class="num">{millis(s.p95_ms)}</td>
                    <td class="num">{millis(s.p99_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
    <section class="card" aria-labelledby="pipe-h">
      <h2 id="pipe-h">Vector tier and queue</h2>
      <VectorTierDropsSlot m={m} />
      <h3>Embedding queue</h3>
      <Queues m={m} />
    </section>
  </div>
);

export const MetricsPage: FC<{ session: ConsoleSession; m: MetricsView }> = ({ session, m }) => (
  <Layout title="Metrics" active="metrics" session={session}>
    <PageHead title="Live metrics" lead="Where answers come from and how fast, from the request log behind GET /metrics.">
      <div class="refresh">
        <form method="get" action="/console/metrics" class="inline-fields">
          <div class="field">
            <label for="range">Range</label>
            <select id="range" name="range">
              {Object.entries(RANGES).map(([key, r]) => (
                <option value={key} selected={key === m.range}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn">
            Show
          </button>
        </form>
        <div data-auto-refresh hidden>
          <label class="check" for="auto-refresh">
            <input type="checkbox" id="auto-refresh" /> Refresh every 15 s
          </label>
          <p id="refresh-status" class="status-line" role="status" aria-live="polite"></p>
        </div>
      </div>
    </PageHead>
    <MetricsPanel m={m} />
    <QualityPanel quality={m.quality} />
  </Layout>
);
