/**
 * Start a bulk job on the running API (POST /jobs/…) and follow it (GET /jobs/:id) with a progress
 * bar until every item has settled; the work itself runs in the Worker's queue consumers.
 */
import cliProgress from "cli-progress";
import { answer, type ApiClient, type JobStatus } from "./api-client";

export async function runJob(
  api: ApiClient,
  kind: "recommendations" | "vectors",
  filter: { limit?: number },
  opts: { quiet?: boolean | undefined; pollMs?: number } = {},
): Promise<JobStatus & { seconds: number }> {
  const started = performance.now();
  const job = await answer(api.POST(kind === "recommendations" ? "/jobs/recommendations" : "/jobs/vectors", { body: filter }));
  console.log(`Job ${job.id}: ${job.total} person-windows to do (${kind}); the API's queue consumers do them.`);
  const showBar = !opts.quiet && process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { format: "job [{bar}] {percentage}% | {value}/{total} | {failed} failed | {rate}/s | ETA {eta}s | ${cost}", stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  if (showBar) bar.start(job.total, 0, { failed: 0, rate: "0", eta: "?", cost: "0" });
  let p: JobStatus;
  for (;;) {
    p = await answer(api.GET("/jobs/{id}", { params: { path: { id: job.id } } }));
    if (showBar)
      bar.update(p.total - p.remaining, {
        failed: p.failed,
        rate: p.rate_per_second.toFixed(1),
        eta: p.eta_seconds ?? "?",
        cost: p.cost_usd.toFixed(4),
      });
    if (p.finished) break;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1_000));
  }
  if (showBar) bar.stop();
  return { ...p, id: job.id, seconds: (performance.now() - started) / 1000 };
}
