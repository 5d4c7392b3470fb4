import { Command, Option } from "commander";
import { answer, createApiClient } from "./lib/api-client";
import { runMain } from "./lib/cli";
import { readDevVars } from "./lib/local-settings";
import { WINDOW_DAYS } from "../src/domain/signals";

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function report(label: string, server: number[], client: number[]) {
  const s = [...server].sort((a, b) => a - b);
  const c = [...client].sort((a, b) => a - b);
  console.log(
    `| ${label} | ${server.length} | ${quantile(s, 0.5).toFixed(1)} | ${quantile(s, 0.95).toFixed(1)} (p99 ${quantile(s, 0.99).toFixed(1)}) | ${quantile(c, 0.5).toFixed(1)} | ${quantile(c, 0.95).toFixed(1)} |`,
  );
}

const program = new Command("bench:api")
  .description(
    "Measure recommendation latency against the running API (npm start), one request at a time: per user a fresh request (force_regenerate: vector tier or generator) and its repeat (KV), reported per answering tier.",
  )
  .addOption(new Option("--base-url <url>", "the running API").env("API_BASE_URL").default("http://127.0.0.1:8787"))
  .addOption(new Option("--token <token>", "operator token (default: from .dev.vars)").env("OPERATOR_TOKEN"))
  .addOption(new Option("--requests <n>", "users to sample (bounded: 1-1000)").default(100).argParser(Number))
  .addOption(new Option("--window <days>", "30 or 180").default(30).argParser(Number))
  .addOption(new Option("--offset <n>", "skip this many users (pick people not yet asked)").default(0).argParser(Number))
  .action(async (opts: { baseUrl: string; token?: string; requests: number; window: number; offset: number }) => {
    if (!Number.isInteger(opts.requests) || opts.requests < 1 || opts.requests > 1000) throw new Error("--requests must be 1-1000");
    const window = WINDOW_DAYS.find((w) => w === opts.window);
    if (window === undefined) throw new Error("--window must be 30 or 180");
    const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
    if (!token) throw new Error("no operator token: pass --token or run npm start once");
    const api = createApiClient(opts.baseUrl, token);
    const page = await answer(api.GET("/users", { params: { query: { limit: 100, offset: opts.offset } } }));
    const users = page.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);
    if (users.length === 0) throw new Error("no consenting users: load data first (npm start seeds 500)");

    // Per answering tier: a fresh request (force_regenerate) is served by the vector tier or the
    // generator; the repeat of it by KV.
    const runs = new Map<string, { server: number[]; client: number[] }>();
    const record = (source: string, server: number, client: number) => {
      const run = runs.get(source) ?? { server: [], client: [] };
      run.server.push(server);
      run.client.push(client);
      runs.set(source, run);
    };
    for (let i = 0; i < opts.requests; i++) {
      const user = users[i % users.length]!;
      for (const force_regenerate of [true, false]) {
        const t = performance.now();
        const query = { window_days: window, force_regenerate };
        const body = await answer(api.POST("/recommendations/generate/{user_id}", { params: { path: { user_id: user }, query } }));
        record(body.source, body.latency.total_ms, performance.now() - t);
      }
    }
    console.log(`${opts.requests} users, a fresh request then its repeat, sequential, window ${opts.window}d`);
    console.log("| answered by | n | server p50 ms | server p95 ms | client p50 ms | client p95 ms |");
    console.log("|---|---|---|---|---|---|");
    for (const [source, run] of runs) report(source, run.server, run.client);
  });

await runMain(program);
