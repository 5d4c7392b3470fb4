/**
 * The one stand-in for OpenAI, at the HTTP boundary: a request handler (web Request in, Response
 * out) that answers `POST /v1/chat/completions`, `POST /v1/embeddings` and `GET /v1/models/:id`
 * with OpenAI's real response and error shapes, under any base URL (a proxy's too). Never used by the API itself. It serves:
 *   - the Worker tests, as a stub of the Worker's own fetch (no node: imports here);
 *   - the Node tests and `npm run eval`, over loopback HTTP (openai-simulator-server.ts).
 *
 * Its chat model is unkind by default, as real models sometimes are: it DISOBEYS the prompt and
 * writes the person's own figures, merchants and first name into titles and contents, in varied
 * forms ("81.3%", "0.81", "81 percent", "1,200 dollars", "five subscriptions", "Netflix", "Maya").
 * `behaviour: "obedient"` writes general text only. Either way topics come from the system prompt's
 * list (most relevant first) and rationales cite no number (so they are always grounded).
 *
 * Tests script failures: `failWith` answers every request of a route the same way (a status, a
 * hang, malformed output) until cleared; `queue` answers the next requests one by one. A test on a
 * virtual clock lets time run when a request hangs (`onHang`), so its timeouts fire without waiting.
 */
import { LocalHashEmbedder } from "../../src/adapters/embedding/local";
import { personalitySentences, type Personality } from "./eval/personalities";
import { genericSentence } from "./eval/generic-prose";

type Route = "chat" | "embeddings";

export type Reply =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  /** Never answer, until released (a request that times out). */
  | { kind: "hang" };

/** What the model knows of the person beyond the prompt (the eval and tests tell it, to test the worst case). */
export interface PersonFacts {
  firstName?: string;
  merchants?: readonly string[];
}

export interface OpenAISimulatorOptions {
  /** When set, a request without `Authorization: Bearer <apiKey>` gets OpenAI's 401. */
  apiKey?: string;
  /** Chat completions answer after this long (default 0). */
  delayMs?: number;
  model?: string;
  behaviour?: "disobedient" | "obedient";
  /**
   * Disobedient: how it carries the person (scripts/lib/eval/personalities.ts). "figures" (the
   * default) writes their figures, merchants and first name as above; "obedient" writes varied
   * generic prose.
   */
  personality?: Personality;
  /** Disobedient: the share of items that carry the person's facts (default 0.5). */
  leakShare?: number;
  /** Items per answer (default 4, capped by the topics offered). */
  items?: number;
  knowledge?: (context: PromptContext) => PersonFacts | undefined;
  /** How the simulator waits (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Called when a request is held open by a hang reply (a test on a virtual clock runs it to its next timer). */
  onHang?: (req: Request) => void;
}

export interface Received {
  route: Route | "model" | "other";
  method: string;
  host: string;
  path: string;
  headers: Headers;
  body: any;
}

export interface OpenAISimulator {
  handle(req: Request): Promise<Response>;
  /** Every request, in order. */
  received: Received[];
  /** One-shot replies per route, used before the default behaviour. */
  queue: Record<Route, Reply[]>;
  /** A reply for every request of a route until set back to undefined. */
  failWith: Record<Route, Reply | undefined>;
  /** Which items leaked the person's facts (disobedient), for the eval's bookkeeping. */
  stats: { chat: number; embeddings: number; promptTokens: number; completionTokens: number; leakyItems: number };
  /** Answer every hanging request with a 503 (the end of a test). */
  releaseHanging(): void;
  reset(): void;
}

/** The parts of the prompt's user message (the person's context JSON) the model reads. */
interface PromptContext {
  window_days?: number;
  persona_type?: string;
  signals?: {
    subscriptions?: {
      recurring_merchant_count?: number;
      recurring_merchants?: { merchant: string }[];
      subscription_share?: number;
      total_spend_in_window?: number;
    };
    savings?: { savings_balance?: number; emergency_fund_months?: number | null };
    credit?: { max_utilization?: number | null; max_apr_percentage?: number | null; total_balance?: number; cards?: { mask: string }[] };
    income?: { cash_flow_buffer_months?: number | null; average_monthly_income?: number };
  };
}

export const openAIError = (
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers?: Record<string, string>,
): Reply => ({
  kind: "json",
  status,
  body: { error: { message, type, param: null, code } },
  ...(headers ? { headers } : {}),
});

export const SERVER_ERROR = openAIError(
  503,
  "The server had an error while processing your request. Sorry about that!",
  "server_error",
  null,
);

export function chatCompletion(
  content: string,
  options: { model?: string; usage?: { prompt_tokens: number; completion_tokens: number }; finish_reason?: string; id?: string } = {},
) {
  const usage = options.usage ?? { prompt_tokens: 1200, completion_tokens: 300 };
  return {
    id: options.id ?? "chatcmpl-simulated",
    object: "chat.completion",
    created: 1_750_000_000,
    model: options.model ?? "gpt-4o-mini-2024-07-18",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: options.finish_reason ?? "stop",
      },
    ],
    usage: {
      ...usage,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_simulated",
  };
}

/** Tokens estimated at 4 characters each (close for English and JSON). */
export const simulatedTokens = (text: string) => Math.ceil(text.length / 4);
const tokens = simulatedTokens;

const localEmbedder = new LocalHashEmbedder(1536);

/**
 * An embeddings response body for these inputs: the local embedder's vectors (so a test can
 * recompute them), `dimensions` long (default 1536; other lengths are zero-padded or cut), listed
 * in input order or `reversed` (OpenAI's `index` says which is which).
 */
export function embeddingsBody(input: readonly string[], options: { dimensions?: number; reversed?: boolean } = {}) {
  const size = options.dimensions ?? 1536;
  const data = input.map((text, index) => {
    const vector = localEmbedder.embed(text).vector;
    const embedding = size === vector.length ? vector : Array.from({ length: size }, (_, i) => vector[i] ?? 0);
    return { object: "embedding", index, embedding };
  });
  const used = input.reduce((n, text) => n + tokens(text), 0);
  return {
    object: "list",
    data: options.reversed ? data.reverse() : data,
    model: "text-embedding-3-small",
    usage: { prompt_tokens: used, total_tokens: used },
  };
}

/** Topic ids, titles and descriptions as the system prompt lists them: `- id: "Title" — description`. */
function offeredTopics(systemPrompt: string): { topic: string; title: string; description: string }[] {
  return [...systemPrompt.matchAll(/^- ([a-z0-9_]+): "([^"]+)" — (.+)$/gm)].map((m) => ({
    topic: m[1]!,
    title: m[2]!,
    description: m[3]!,
  }));
}

const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
const grouped = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);

/** Sentences that carry something of the person, each in another written form; only those the context allows. */
function leakySentences(ctx: PromptContext, facts: PersonFacts | undefined): string[] {
  const s = ctx.signals ?? {};
  const out: string[] = [];
  const util = s.credit?.max_utilization;
  if (typeof util === "number" && util > 0) {
    out.push(`At ${oneDecimal(util * 100)}% utilization, this matters for you.`);
    out.push(`A utilization of ${util.toFixed(2)} is what your statement shows.`);
    out.push(`You are using ${Math.round(util * 100)} percent of your limit.`);
  }
  const apr = s.credit?.max_apr_percentage;
  if (typeof apr === "number" && apr > 0) out.push(`With a ${apr}% APR, interest adds up.`);
  const mask = s.credit?.cards?.[0]?.mask;
  if (mask) out.push(`Your card ending in ${mask} is the place to start.`);
  const count = s.subscriptions?.recurring_merchant_count ?? 0;
  if (count >= 2 && count < WORDS.length) out.push(`Your ${WORDS[count]} subscriptions renew every month.`);
  if (count >= 1) out.push(`Your ${count} recurring charges add up.`);
  const share = s.subscriptions?.subscription_share;
  if (typeof share === "number" && share > 0) out.push(`Subscriptions are ${Math.round(share * 100)} percent of what you spend.`);
  const balance = s.savings?.savings_balance ?? 0;
  if (balance >= 100) out.push(`Your ${grouped(balance)} dollars in savings are a start.`);
  const spend = s.subscriptions?.total_spend_in_window ?? 0;
  if (spend >= 100) out.push(`You spent ${grouped(spend)} USD in this window.`);
  const buffer = s.income?.cash_flow_buffer_months;
  if (typeof buffer === "number") out.push(`You have ${buffer.toFixed(1)} months of buffer.`);
  const merchants = [...(s.subscriptions?.recurring_merchants ?? []).map((m) => m.merchant), ...(facts?.merchants ?? [])];
  for (const m of merchants.slice(0, 3)) out.push(`Your payments to ${m} are part of this.`);
  if (facts?.firstName) out.push(`${facts.firstName}, this one is for you.`);
  return out;
}

/** The person's money figures in dollars, as the prompt's context gives them. */
function amountsOf(ctx: PromptContext): number[] {
  const s = ctx.signals ?? {};
  return [
    s.savings?.savings_balance,
    s.subscriptions?.total_spend_in_window,
    s.income?.average_monthly_income,
    s.credit?.total_balance,
  ].filter((v): v is number => typeof v === "number" && v > 0);
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createOpenAISimulator(options: OpenAISimulatorOptions = {}): OpenAISimulator {
  const model = options.model ?? "gpt-4o-mini";
  const leakShare = options.leakShare ?? 0.5;
  const sleep = options.sleep ?? sleepReal;
  const hanging = new Set<(res: Response) => void>();
  const sim: OpenAISimulator = {
    received: [],
    queue: { chat: [], embeddings: [] },
    failWith: { chat: undefined, embeddings: undefined },
    stats: { chat: 0, embeddings: 0, promptTokens: 0, completionTokens: 0, leakyItems: 0 },
    releaseHanging() {
      for (const release of [...hanging]) release(respond(SERVER_ERROR as Extract<Reply, { kind: "json" }>));
      hanging.clear();
    },
    reset() {
      sim.releaseHanging();
      sim.received.length = 0;
      sim.queue.chat.length = 0;
      sim.queue.embeddings.length = 0;
      sim.failWith.chat = sim.failWith.embeddings = undefined;
      Object.assign(sim.stats, { chat: 0, embeddings: 0, promptTokens: 0, completionTokens: 0, leakyItems: 0 });
    },
    async handle(req) {
      const url = new URL(req.url);
      const text = req.method === "GET" ? "" : await req.text();
      let body: any = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const model = /\/models\/([^/]+)$/.exec(url.pathname);
      const route: Received["route"] = url.pathname.endsWith("/chat/completions")
        ? "chat"
        : url.pathname.endsWith("/embeddings")
          ? "embeddings"
          : model
            ? "model"
            : "other";
      sim.received.push({ route, method: req.method, host: url.host, path: url.pathname, headers: req.headers, body });
      if (options.apiKey !== undefined && req.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
        return respond(openAIError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key") as JsonReply);
      }
      if (route === "model" && req.method === "GET") {
        return respond({
          kind: "json",
          status: 200,
          body: { id: decodeURIComponent(model![1]!), object: "model", created: 1_700_000_000, owned_by: "system" },
        });
      }
      if (route === "other" || route === "model" || req.method !== "POST") {
        return respond(
          openAIError(404, `Unknown request URL: ${req.method} ${url.pathname}`, "invalid_request_error", "unknown_url") as JsonReply,
        );
      }
      if (typeof body !== "object" || body === null) {
        return respond(openAIError(400, "We could not parse the JSON body of your request.", "invalid_request_error", null) as JsonReply);
      }
      const scripted = sim.queue[route as Route].shift() ?? sim.failWith[route as Route];
      if (scripted?.kind === "hang") {
        return new Promise<Response>((resolve, reject) => {
          hanging.add(resolve);
          req.signal?.addEventListener("abort", () => {
            hanging.delete(resolve);
            reject(req.signal.reason ?? new DOMException("aborted", "AbortError"));
          });
          options.onHang?.(req);
        });
      }
      if (scripted) return respond(scripted);
      return route === "embeddings" ? embeddings(body) : chat(body);
    },
  };

  type JsonReply = Extract<Reply, { kind: "json" }>;
  function respond(reply: JsonReply): Response {
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { "content-type": "application/json", "x-request-id": `req_sim_${sim.received.length}`, ...reply.headers },
    });
  }

  function embeddings(body: { input?: string | string[] }): Response {
    const input = Array.isArray(body.input) ? body.input : [String(body.input ?? "")];
    sim.stats.embeddings += 1;
    return respond({ kind: "json", status: 200, body: embeddingsBody(input) });
  }

  async function chat(body: { messages?: { role: string; content: string }[] }): Promise<Response> {
    const messages = body.messages ?? [];
    const system = messages.find((m) => m.role === "system")?.content ?? "";
    let context: PromptContext = {};
    try {
      context = JSON.parse(messages.find((m) => m.role === "user")?.content ?? "{}") as PromptContext;
    } catch {
      // a prompt without a JSON context: the model writes general text
    }
    const n = ++sim.stats.chat;
    const facts = options.knowledge?.(context);
    const personality = options.behaviour === "obedient" ? "obedient" : (options.personality ?? "figures");
    const leaks =
      personality === "figures"
        ? leakySentences(context, facts)
        : personalitySentences(personality, { ...facts, amounts: amountsOf(context) });
    const recommendations = offeredTopics(system)
      .slice(0, options.items ?? 4)
      .map((t, i) => {
        const leaky = leaks.length > 0 && ((n * 7 + i * 13) % 100) / 100 < leakShare;
        if (leaky) sim.stats.leakyItems += 1;
        const leak = leaks[(n + i) % Math.max(1, leaks.length)];
        return {
          topic: t.topic,
          // Every third leaky item carries it in the title too.
          title: leaky && i % 3 === 0 && facts?.firstName ? `${facts.firstName}: ${t.title}` : t.title,
          content: leaky
            ? `${t.description} ${leak}`
            : personality === "obedient" && options.personality === "obedient"
              ? `${t.description} ${genericSentence(n * 31 + i)} ${genericSentence(n * 17 + i * 5 + 3)}`
              : `${t.description} Many people find it helps to look at this once a month.`,
          rationale: "Your recent account activity shows patterns this topic speaks to.",
        };
      });
    const content = JSON.stringify({ recommendations });
    const usage = { prompt_tokens: tokens(messages.map((m) => m.content).join("\n")), completion_tokens: tokens(content) };
    sim.stats.promptTokens += usage.prompt_tokens;
    sim.stats.completionTokens += usage.completion_tokens;
    if (options.delayMs) await sleep(options.delayMs);
    return respond({
      kind: "json",
      status: 200,
      body: chatCompletion(content, { model: `${model}-2024-07-18`, usage, id: `chatcmpl-sim${n}` }),
    });
  }

  return sim;
}
