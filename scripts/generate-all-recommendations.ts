import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import type { ModelPrice } from "../src/adapters/llm/openai";
import { isOpenAISource } from "../src/domain/sources";
import { answer, ApiRequestError, createApiClient, type ApiClient, type UserPage } from "./lib/api-client";
import { runMain } from "./lib/cli";
import { readDevVars } from "./lib/local-settings";
import { WINDOW_DAYS, type WindowDays } from "../src/domain/signals";

interface Options {
  baseUrl: string;
  token?: string;
  batchSize: number;
  rpm?: number;
  maxRetries: number;
  limit?: number;
  failedFile: string;
  quiet?: boolean;
  job?: boolean;
}

/**
 * Assumed tokens per OpenAI set, for the estimate only (not measured against the live API): a
 * prompt of ~9k characters (system prompt, topic list, context JSON) ≈ 2.2k tokens, and 3-5 short
 * items ≈ 0.6k. Real usage is recorded per recommendation row (prompt_tokens, completion_tokens).
 */
const EST_PROMPT_TOKENS = 2_200;
const EST_COMPLETION_TOKENS = 600;

const program = new Command("recs:generate-all")
  .description(
    "Generate recommendations for every consenting user still missing them (both windows), through the running API: features, persona, then generation, in batches, with retries and a rate limit.",
  )
  .addOption(new Option("--base-url <url>", "the running API").env("API_BASE_URL").default("http://127.0.0.1:8787"))
  .addOption(
    new Option("--token <token>", "operator token (default: OPERATOR_TOKEN from the environment or .dev.vars)").env("OPERATOR_TOKEN"),
  )
  .addOption(new Option("--batch-size <n>", "users processed at once").default(10).argParser(Number))
  .addOption(
    new Option("--rpm <n>", "max generate requests per minute (default: 10 when the generator is OpenAI, unlimited otherwise)").argParser(
      Number,
    ),
  )
  .addOption(new Option("--max-retries <n>", "retries per user").default(3).argParser(Number))
  .addOption(new Option("--limit <n>", "stop after this many users").argParser(Number))
  .option("--failed-file <path>", "where failures are written", "failed_recommendations.json")
  .option("--quiet", "no progress bar")
  .option(
    "--job",
    "run as a bulk job in the API's queue consumers (POST /jobs/recommendations) and follow it: for large populations; without it, this process calls the API itself (small local runs)",
  )
  .action(run);

async function run(opts: Options): Promise<void> {
  for (const [name, value, min] of [
    ["--batch-size", opts.batchSize, 1],
    ["--max-retries", opts.maxRetries, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  }
  if (opts.rpm !== undefined && !(opts.rpm > 0)) throw new Error("--rpm must be a positive number");
  const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
  if (!token) throw new Error("no operator token: pass --token, set OPERATOR_TOKEN, or run npm start once to create .dev.vars");
  const api = createApiClient(opts.baseUrl, token);
  return opts.job ? runAsJob(api, opts) : runHere(api, opts);
}

/** This process calls the API itself: features, then generation, per user and window. */
async function runHere(api: ApiClient, opts: Options): Promise<void> {
  const { default: cliProgress } = await import("cli-progress");
  const { default: pRetry, AbortError } = await import("p-retry");
  const { default: PQueue } = await import("p-queue");
  const { priceFor } = await import("../src/adapters/llm/openai");
  const { scriptSettings } = await import("./lib/providers");

  const price = priceFor(scriptSettings().chatModel);
  const started = performance.now();

  const health = await answer(api.GET("/health")).catch((err: Error) => {
    throw new Error(`the API at ${opts.baseUrl} does not answer (${err.message}); start it with npm start`);
  });
  const generator = health.components.generator.implementation;
  const usesOpenAI = generator.startsWith("openai");
  const rpm = opts.rpm ?? (usesOpenAI ? 10 : undefined);

  // Collect the work first: generating shrinks the "missing" set, which would shift offset pages.
  const todo: UserPage["users"] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await answer(api.GET("/users", { params: { query: { without_recommendations: true, limit: 100, offset } } }));
    todo.push(...page.users.filter((u) => u.consent_status === "granted"));
    if (page.users.length < 100) break;
  }
  const users = opts.limit ? todo.slice(0, opts.limit) : todo;
  const requests = users.reduce((n, u) => n + WINDOW_DAYS.filter((w) => !u.recommendation_windows.includes(w)).length, 0);
  console.log(
    `Generator: ${generator}; ${users.length} users need ${requests} recommendation sets; batch ${opts.batchSize}${rpm ? `, ≤ ${rpm} generations/min` : ""}.`,
  );
  if (usesOpenAI)
    console.log(
      `Estimated OpenAI cost: $${estimateCost(requests, price).toFixed(4)} (≈${EST_PROMPT_TOKENS}+${EST_COMPLETION_TOKENS} tokens per set).`,
    );

  // At most batchSize generations at once and, with a rate, at most rpm started in any minute.
  const limiter = new PQueue({
    concurrency: opts.batchSize,
    ...(rpm ? { intervalCap: rpm, interval: 60_000 } : {}),
  });
  const bar = new cliProgress.SingleBar(
    { format: "users [{bar}] {percentage}% | {value}/{total} | {sets} sets | {failed} failed | ETA {eta_formatted}", etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const showBar = !opts.quiet && process.stderr.isTTY;
  let sets = 0;
  const sources: Record<string, number> = {};
  const failures: { user_id: string; window_days?: number; status: number; code: string; message: string; attempts: number }[] = [];
  if (showBar) bar.start(users.length, 0, { sets: 0, failed: 0 });

  const generateOne = async (userId: string, window: WindowDays) => {
    let attempts = 0;
    try {
      const result = await pRetry(
        async () => {
          attempts++;
          try {
            const params = { path: { user_id: userId }, query: { window_days: window } };
            await answer(api.POST("/users/{user_id}/features", { params }));
            return await limiter.add(() => answer(api.POST("/recommendations/generate/{user_id}", { params })));
          } catch (err) {
            if (err instanceof ApiRequestError && !err.retryable) throw new AbortError(err);
            throw err;
          }
        },
        { retries: opts.maxRetries, minTimeout: 500, factor: 2, randomize: true },
      );
      sets++;
      sources[result.source] = (sources[result.source] ?? 0) + 1;
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : new ApiRequestError(0, "ERROR", (err as Error).message);
      failures.push({ user_id: userId, window_days: window, status: e.status, code: e.code, message: e.message, attempts });
    }
  };

  for (let i = 0; i < users.length; i += opts.batchSize) {
    const batch = users.slice(i, i + opts.batchSize);
    await Promise.all(
      batch.map(async (user) => {
        for (const window of WINDOW_DAYS) if (!user.recommendation_windows.includes(window)) await generateOne(user.user_id, window);
        if (showBar) bar.increment(1, { sets, failed: failures.length });
      }),
    );
  }
  if (showBar) bar.stop();

  if (failures.length) writeFileSync(opts.failedFile, JSON.stringify({ generated_at: new Date().toISOString(), failures }, null, 2));
  const seconds = (performance.now() - started) / 1000;
  // Every set OpenAI answered, whatever the model (`openai_4o_mini`, `openai_<model>`, and their `_fallback`s).
  const openaiSets = Object.entries(sources)
    .filter(([s]) => isOpenAISource(s))
    .reduce((n, [, count]) => n + count, 0);
  console.log(
    [
      "",
      "Summary",
      `  users processed: ${users.length}`,
      `  sets generated:  ${sets} (${
        Object.entries(sources)
          .map(([s, n]) => `${s} ${n}`)
          .join(", ") || "none"
      })`,
      `  failed:          ${failures.length}${failures.length ? ` → ${opts.failedFile}` : ""}`,
      `  est. cost:       $${estimateCost(openaiSets, price).toFixed(4)}${usesOpenAI ? "" : " (catalog generator: no API cost)"}`,
      `  duration:        ${seconds.toFixed(1)} s (${(sets / Math.max(seconds, 0.001)).toFixed(1)} sets/s)`,
    ].join("\n"),
  );
  if (failures.length) process.exitCode = 1;
}

/** The same work as a bulk job in the API's queue consumers, followed until done. */
async function runAsJob(api: ApiClient, opts: Options): Promise<void> {
  const { runJob } = await import("./lib/job-follow");

  const done = await runJob(api, "recommendations", opts.limit ? { limit: opts.limit } : {}, { quiet: opts.quiet });
  if (done.failures.length)
    writeFileSync(
      opts.failedFile,
      JSON.stringify({ generated_at: new Date().toISOString(), job_id: done.id, failures: done.failures }, null, 2),
    );
  console.log(
    [
      "",
      "Summary",
      `  job:             ${done.id}`,
      `  person-windows:  ${done.total} (done ${done.done}, already finished ${done.skipped}, failed ${done.failed})`,
      `  failed:          ${done.failed}${done.failed ? ` → ${opts.failedFile}` : ""}`,
      `  OpenAI cost:     $${done.cost_usd.toFixed(4)}`,
      `  duration:        ${done.seconds.toFixed(1)} s (${(done.total / Math.max(done.seconds, 0.001)).toFixed(1)} sets/s)`,
    ].join("\n"),
  );
  if (done.failed) process.exitCode = 1;
}

function estimateCost(sets: number, price: ModelPrice | undefined): number {
  if (!price) return 0;
  return (sets * (EST_PROMPT_TOKENS * price.inputPerMillion + EST_COMPLETION_TOKENS * price.outputPerMillion)) / 1_000_000;
}

await runMain(program);
