import { Command, Option } from "commander";
import { isTopicEligible } from "../src/domain/catalog";
import { checkGrounding } from "../src/domain/guardrails";
import { WINDOW_DAYS, type Signals, type WindowDays } from "../src/domain/signals";
import { answer, ApiRequestError, createApiClient, type ApiClient, type GenerateResponse } from "./lib/api-client";
import { runMain } from "./lib/cli";
import { isLoopbackUrl, readDevVars } from "./lib/local-settings";

/**
 * The hybrid engine against the running API (npm start). Per user a fresh request with the
 * vector tier on, then one with use_vector_db=false (the generator path);
 * each served set is checked with the pure domain functions: relevance (topic eligible for the
 * requester's own signals), grounding (every rationale cites only the requester's numbers) and
 * leaks (no other user's id anywhere in the response).
 */

interface Options {
  baseUrl: string;
  token?: string;
  window: number;
  users: number;
}

/** indexed: has approved recommendations; new: none yet, with a neighbour above the threshold; outlier: none yet, and no neighbour above it. */
type Group = "indexed" | "new" | "outlier";

interface Run {
  user: string;
  group: Group;
  vector: boolean;
  persona: string;
  source: string;
  similarity: number | null;
  serverMs: number;
  vectorMs: number;
  generatorMs: number;
  clientMs: number;
  served: number;
  eligible: number;
  grounded: number;
  ungrounded: string[];
  leaked: string[];
  error?: string;
}

const MAX_PAGES = 10; // at most 1,000 users scanned when picking
const MAX_NEW_CANDIDATES = 200; // new users probed with GET /vector/search to find outliers
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? "-" : n.toFixed(digits));

const program = new Command("test:hybrid")
  .description(
    "Exercise the hybrid engine (KV → vector index → generator) on the running API (npm start): users that already have recommendations (indexed) and users without (new), each with the vector tier on and then off; checks relevance, grounding and cross-user leaks. Sequential, loopback only. Exits 1 when grounding < 100%, any leak, a vector-off request served by the vector tier, or a failed request.",
  )
  .addOption(new Option("--base-url <url>", "the running API (loopback only)").env("API_BASE_URL").default("http://127.0.0.1:8787"))
  .addOption(
    new Option("--token <token>", "operator token (default: OPERATOR_TOKEN from the environment or .dev.vars)").env("OPERATOR_TOKEN"),
  )
  .addOption(new Option("--window <days>", "30 or 180").default(30).argParser(Number))
  .addOption(new Option("--users <n>", "users to test, half indexed and half new (1-100)").default(20).argParser(Number))
  .action(run);

async function run(opts: Options): Promise<void> {
  const window = WINDOW_DAYS.find((w) => w === opts.window);
  if (window === undefined) throw new Error("--window must be 30 or 180");
  const W: WindowDays = window;
  if (!Number.isInteger(opts.users) || opts.users < 1 || opts.users > 100) throw new Error("--users must be a whole number 1-100");
  if (!isLoopbackUrl(opts.baseUrl))
    throw new Error(`--base-url must be a loopback address (127.0.0.1, localhost, [::1]), not ${opts.baseUrl}`);
  const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
  if (!token) throw new Error("no operator token: pass --token, set OPERATOR_TOKEN, or run npm start once to create .dev.vars");
  const api = createApiClient(opts.baseUrl, token);

  await printHealth(opts.baseUrl);

  // ---- pick users before generating anything (generating changes who is "new") ----
  const wantIndexed = Math.ceil(opts.users / 2);
  const wantNew = opts.users - wantIndexed;

  // New users: compute their profile, then ask the index what it would do (GET /vector/search),
  // so people near an indexed one and outliers are told apart before anything is generated.
  const candidates: string[] = [];
  for (let page = 0; page < MAX_PAGES && candidates.length < MAX_NEW_CANDIDATES; page++) {
    const res = await answer(
      api.GET("/users", { params: { query: { without_recommendations: true, window_days: W, limit: 100, offset: page * 100 } } }),
    );
    for (const u of res.users) {
      if (u.consent_status === "granted" && !u.recommendation_windows.includes(W) && candidates.length < MAX_NEW_CANDIDATES)
        candidates.push(u.user_id);
    }
    if (res.users.length < 100) break;
  }
  let near: string[] = [];
  const outliers: string[] = [];
  const wantOutliers = Math.max(1, Math.floor(wantNew / 3));
  for (const user of candidates) {
    if (near.length >= wantNew && outliers.length >= wantOutliers) break;
    await answer(api.POST("/users/{user_id}/features", { params: { path: { user_id: user }, query: { window_days: W } } }));
    const search = await answer(api.GET("/vector/search", { params: { query: { user_id: user, window_days: W, top_k: 5 } } }));
    if (search.decision === "vector_db") {
      if (near.length < wantNew) near.push(user);
    } else if (outliers.length < wantOutliers) outliers.push(user);
  }
  near = near.slice(0, wantNew - outliers.length);
  const fresh = [...near, ...outliers];
  if (candidates.length > 0 && outliers.length === 0) {
    console.log(
      `note: none of ${candidates.length} new users is an outlier (every one has a neighbour at or above the threshold); the fallback for outliers is shown by npm run eval (misses per threshold) and the Worker tests`,
    );
  }

  const indexed: string[] = [];
  const needIndexed = opts.users - fresh.length; // fill the slots new users could not
  let approvalChecks = 0;
  for (let page = 0; page < MAX_PAGES && indexed.length < needIndexed; page++) {
    const res = await answer(api.GET("/users", { params: { query: { window_days: W, limit: 100, offset: page * 100 } } }));
    for (const u of res.users) {
      if (indexed.length >= needIndexed || approvalChecks >= needIndexed * 3) break;
      if (u.consent_status !== "granted" || !u.recommendation_windows.includes(W)) continue;
      // "Indexed" means approved recommendations exist for the window (what the vector tier reuses).
      approvalChecks++;
      const recs = await answer(
        api.GET("/recommendations/{user_id}", { params: { path: { user_id: u.user_id }, query: { status: "approved", window_days: W } } }),
      );
      if (recs.recommendations.length > 0) indexed.push(u.user_id);
    }
    if (res.users.length < 100 || approvalChecks >= needIndexed * 3) break;
  }

  if (fresh.length === 0)
    console.log(`note: no consenting user is without ${W}d recommendations; the "new" group is empty, indexed users fill its slots`);
  else if (fresh.length < wantNew)
    console.log(`note: only ${fresh.length} consenting users without ${W}d recommendations (wanted ${wantNew})`);
  if (indexed.length < needIndexed) {
    console.log(
      `note: only ${indexed.length} users with approved ${W}d recommendations found (wanted ${needIndexed}); run npm run recs:generate-all and approve some`,
    );
  }
  const picked: { user: string; group: Group }[] = [
    ...indexed.map((user) => ({ user, group: "indexed" as const })),
    ...near.map((user) => ({ user, group: "new" as const })),
    ...outliers.map((user) => ({ user, group: "outlier" as const })),
  ];
  if (picked.length === 0) throw new Error("no consenting users to test: load data first (npm start seeds 500)");
  console.log(`testing ${indexed.length} indexed + ${near.length} new + ${outliers.length} outlier users, window ${W}d, sequential\n`);

  // ---- run: vector tier on for everyone, then off for everyone ----
  const profiles = new Map<string, { signals: Signals; persona: string }>();
  const profileOf = async (user: string) => {
    let p = profiles.get(user);
    if (!p) {
      const res = await answer(api.GET("/users/{user_id}/profile", { params: { path: { user_id: user } } }));
      const w = res.windows[String(W) as "30" | "180"];
      p = { signals: w.signals as unknown as Signals, persona: w.persona.persona_type };
      profiles.set(user, p);
    }
    return p;
  };

  const runs: Run[] = [];
  for (const vector of [true, false]) {
    for (const { user, group } of picked) {
      runs.push(await measure(api, user, group, W, vector, profileOf));
    }
  }

  // ---- per-user table ----
  for (const vector of [true, false]) {
    console.log(`### vector tier ${vector ? "on" : "off (use_vector_db=false)"}`);
    console.log(
      "| user | group | persona | source | similarity | server ms | vector_db ms | generator ms | client ms | relevance | grounded |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of runs.filter((x) => x.vector === vector)) {
      if (r.error) {
        console.log(`| ${r.user} | ${r.group} | ${r.persona} | ERROR | - | - | - | - | ${fmt(r.clientMs)} | - | ${r.error} |`);
        continue;
      }
      const grounded = `${r.grounded}/${r.served}${r.ungrounded.length ? ` (not grounded: ${r.ungrounded.join(", ")})` : ""}`;
      const leak = r.leaked.length ? ` LEAK: ${r.leaked.join(", ")}` : "";
      console.log(
        `| ${r.user} | ${r.group} | ${r.persona} | ${r.source} | ${fmt(r.similarity, 3)} | ${fmt(r.serverMs)} | ${fmt(r.vectorMs)} | ${fmt(r.generatorMs)} | ${fmt(r.clientMs)} | ${r.eligible}/${r.served} | ${grounded}${leak} |`,
      );
    }
    console.log("");
  }

  // ---- summary ----
  const ok = runs.filter((r) => !r.error);
  const failed = runs.filter((r) => r.error);
  const on = ok.filter((r) => r.vector);
  const off = ok.filter((r) => !r.vector);
  console.log("### summary");
  for (const group of ["indexed", "new", "outlier"] as const) {
    const g = on.filter((r) => r.group === group);
    console.log(
      `vector-tier hit rate, ${group}: ${g.filter((r) => r.source === "vector_db").length}/${g.length} (${pct(g.filter((r) => r.source === "vector_db").length, g.length)})`,
    );
  }
  console.log("\n| source | n | server p50 ms | server p95 ms | client p50 ms | client p95 ms |");
  console.log("|---|---|---|---|---|---|");
  const bySource = new Map<string, Run[]>();
  for (const r of ok) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  for (const [source, rs] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const s = rs.map((r) => r.serverMs).sort((a, b) => a - b);
    const c = rs.map((r) => r.clientMs).sort((a, b) => a - b);
    console.log(
      `| ${source} | ${rs.length} | ${fmt(quantile(s, 0.5))} | ${fmt(quantile(s, 0.95))} | ${fmt(quantile(c, 0.5))} | ${fmt(quantile(c, 0.95))} |`,
    );
  }
  const sum = (rs: Run[], k: "served" | "eligible" | "grounded") => rs.reduce((n, r) => n + r[k], 0);
  const served = sum(ok, "served");
  const grounded = sum(ok, "grounded");
  const leaks = ok.reduce((n, r) => n + r.leaked.length, 0);
  console.log("");
  console.log(
    `relevance: ${pct(sum(ok, "eligible"), served)} of ${served} served (vector on ${pct(sum(on, "eligible"), sum(on, "served"))}, off ${pct(sum(off, "eligible"), sum(off, "served"))})`,
  );
  console.log(
    `grounding: ${pct(grounded, served)} of ${served} rationales (vector on ${pct(sum(on, "grounded"), sum(on, "served"))}, off ${pct(sum(off, "grounded"), sum(off, "served"))})`,
  );
  console.log(`leaks (other users' ids in a response): ${leaks}`);
  const offSources = new Map<string, number>();
  for (const r of off) offSources.set(r.source, (offSources.get(r.source) ?? 0) + 1);
  console.log(`vector-off run sources: ${[...offSources].map(([s, n]) => `${s}×${n}`).join(", ") || "none"}`);
  const offServedByVector = off.filter((r) => r.source === "vector_db").length;
  if (failed.length) console.log(`failed requests: ${failed.length}`);

  const problems: string[] = [];
  if (served > 0 && grounded < served) problems.push(`grounding ${pct(grounded, served)} < 100%`);
  if (leaks > 0) problems.push(`${leaks} leaked user id(s)`);
  if (offServedByVector > 0) problems.push(`${offServedByVector} vector-off request(s) served by vector_db`);
  // An outlier has no neighbour at the threshold: the vector tier must pass it to the generator.
  const outlierHits = on.filter((r) => r.group === "outlier" && r.source === "vector_db").length;
  if (outlierHits > 0) problems.push(`${outlierHits} outlier(s) served by vector_db below the threshold`);
  if (failed.length > 0) problems.push(`${failed.length} failed request(s)`);
  if (ok.length === 0) problems.push("no request succeeded");
  if (problems.length) {
    console.log(`\nFAIL: ${problems.join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log("\nPASS: grounding 100%, no leaks, outliers go to the generator, generator path works with the vector tier off");
  }
}

async function measure(
  api: ApiClient,
  user: string,
  group: Group,
  W: WindowDays,
  vector: boolean,
  profileOf: (user: string) => Promise<{ signals: Signals; persona: string }>,
): Promise<Run> {
  const base: Run = {
    user,
    group,
    vector,
    persona: "-",
    source: "-",
    similarity: null,
    serverMs: NaN,
    vectorMs: NaN,
    generatorMs: NaN,
    clientMs: NaN,
    served: 0,
    eligible: 0,
    grounded: 0,
    ungrounded: [],
    leaked: [],
  };
  const query = { window_days: W, force_regenerate: true, use_vector_db: vector };
  const t = performance.now();
  let body: GenerateResponse;
  try {
    body = await answer(api.POST("/recommendations/generate/{user_id}", { params: { path: { user_id: user }, query } }));
  } catch (err) {
    const message = err instanceof ApiRequestError ? `${err.status} ${err.code}: ${err.message}` : (err as Error).message;
    return { ...base, clientMs: performance.now() - t, error: message.slice(0, 120) };
  }
  const clientMs = performance.now() - t;
  let profile: { signals: Signals; persona: string };
  try {
    profile = await profileOf(user);
  } catch (err) {
    return { ...base, source: body.source, clientMs, error: `profile: ${(err as Error).message.slice(0, 100)}` };
  }
  const ungrounded: string[] = [];
  let eligible = 0;
  let grounded = 0;
  for (const rec of body.recommendations) {
    if (isTopicEligible(rec.topic, profile.signals)) eligible++;
    const g = checkGrounding(rec.rationale, profile.signals);
    if (g.ok) grounded++;
    else ungrounded.push(...g.ungrounded);
  }
  const leaked = [...new Set(JSON.stringify(body).match(/user_\d+/g) ?? [])].filter((id) => id !== user);
  return {
    ...base,
    persona: profile.persona,
    source: body.source,
    similarity: body.similarity_score,
    serverMs: body.latency.total_ms,
    vectorMs: body.latency.vector_db_ms,
    generatorMs: body.latency.generator_ms,
    clientMs,
    served: body.recommendations.length,
    eligible,
    grounded,
    ungrounded,
    leaked,
  };
}

/** GET /health (no token needed): which vector index, embedder and generator are active. */
async function printHealth(baseUrl: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL("/health", baseUrl), { signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new Error(`the API at ${baseUrl} does not answer (${(err as Error).message}); start it with npm start`);
  }
  const body = (await res.json().catch(() => ({}))) as {
    status?: string;
    components?: Record<string, { implementation: string; ok: boolean }>;
  };
  const parts = Object.entries(body.components ?? {}).map(([name, c]) => `${name}=${c.implementation}${c.ok ? "" : " (DOWN)"}`);
  console.log(`API ${baseUrl}: ${body.status ?? `HTTP ${res.status}`}; ${parts.join(", ")}`);
}

await runMain(program);
