/**
 * Start a bulk job on the running API (POST /jobs/…) and follow it (GET /jobs/:id) with a progress
 * bar until every item has settled; the work itself runs in the Worker's queue consumers.
 */
import cliProgress from "cli-progress";
import type { ApiClient, JobStarted, JobStatus } from "./api-client";

export async function runJob(
  api: ApiClient,
  kind: "recommendations" | "vectors",
  filter: Record<string, unknown>,
  opts: { quiet?: boolean | undefined; pollMs?: number } = {},
): Promise<JobStatus & { seconds: number }> {
  const started = performance.now();
  const job = await api.request<JobStarted>("POST", `/jobs/${kind}`, filter);
  console.log(`Job ${job.id}: ${job.total} person-windows to do (${kind}); the API's queue consumers do them.`);
  const showBar = !opts.quiet && process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { format: "job [{bar}] {percentage}% | {value}/{total} | {failed} failed | {rate}/s | ETA {eta}s | ${cost}", stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  if (showBar) bar.start(job.total, 0, { failed: 0, rate: "0", eta: "?", cost: "0" });
  let p: JobStatus;
  for (;;) {
    p = await api.request<JobStatus>("GET", `/jobs/${job.id}`);
    if (showBar) bar.update(p.total - p.remaining, { failed: p.failed, rate: p.rate_per_second.toFixed(1), eta: p.eta_seconds ?? "?", cost: p.cost_usd.toFixed(4) });
    if (p.finished) break;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1_000));
  }
  if (showBar) bar.stop();
  return { ...p, id: job.id, seconds: (performance.now() - started) / 1000 };
}
