import { Command, Option } from "commander";
import { ApiClient } from "./lib/api-client";
import { runMain } from "./lib/cli";
import { readDevVars } from "./lib/local-settings";

interface Generated {
  source: string;
  latency: { total_ms: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function report(label: string, server: number[], client: number[]) {
  const s = [...server].sort((a, b) => a - b);
  const c = [...client].sort((a, b) => a - b);
  console.log(
    `| ${label} | ${server.length} | ${quantile(s, 0.5).toFixed(1)} | ${quantile(s, 0.95).toFixed(1)} | ${quantile(c, 0.5).toFixed(1)} | ${quantile(c, 0.95).toFixed(1)} |`,
  );
}

const program = new Command("bench:api")
  .description(
    "Measure recommendation latency against the running API (npm start), one request at a time: a fresh generation (force_regenerate) and a KV hit, per user.",
  )
  .addOption(new Option("--base-url <url>", "the running API").env("API_BASE_URL").default("http://127.0.0.1:8787"))
  .addOption(new Option("--token <token>", "operator token (default: from .dev.vars)").env("OPERATOR_TOKEN"))
  .addOption(new Option("--requests <n>", "users to sample (bounded: 1-1000)").default(100).argParser(Number))
  .addOption(new Option("--window <days>", "30 or 180").default(30).argParser(Number))
  .action(async (opts: { baseUrl: string; token?: string; requests: number; window: number }) => {
    if (!Number.isInteger(opts.requests) || opts.requests < 1 || opts.requests > 1000) throw new Error("--requests must be 1-1000");
    if (![30, 180].includes(opts.window)) throw new Error("--window must be 30 or 180");
    const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
    if (!token) throw new Error("no operator token: pass --token or run npm start once");
    const api = new ApiClient(opts.baseUrl, token);
    const page = await api.request<{ users: { user_id: string; consent_status: string }[] }>("GET", `/users?limit=100`);
    const users = page.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);
    if (users.length === 0) throw new Error("no consenting users: load data first (npm start seeds 500)");

    const runs = { generate: { server: [] as number[], client: [] as number[] }, kv: { server: [] as number[], client: [] as number[] } };
    const sources = new Set<string>();
    for (let i = 0; i < opts.requests; i++) {
      const user = users[i % users.length]!;
      for (const [kind, query] of [["generate", "&force_regenerate=true"], ["kv", ""]] as const) {
        const t = performance.now();
        const body = await api.request<Generated>("POST", `/recommendations/generate/${user}?window_days=${opts.window}${query}`);
        runs[kind].client.push(performance.now() - t);
        runs[kind].server.push(body.latency.total_ms);
        sources.add(`${kind}:${body.source}`);
      }
    }
    console.log(`${opts.requests} sequential requests per path, window ${opts.window}d; sources seen: ${[...sources].join(", ")}`);
    console.log("| path | n | server p50 ms | server p95 ms | client p50 ms | client p95 ms |");
    console.log("|---|---|---|---|---|---|");
    report("generate (catalog, force_regenerate)", runs.generate.server, runs.generate.client);
    report("KV hit", runs.kv.server, runs.kv.client);
  });

await runMain(program);
