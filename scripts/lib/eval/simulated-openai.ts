/**
 * A SIMULATED gpt-4o-mini for benchmarks (never used by the API): an OpenAI-compatible
 * `POST /v1/chat/completions` on loopback that answers valid structured output after a fixed
 * delay (default 17 s, the measured gpt-4o-mini latency of the task list) and counts tokens.
 *
 * It answers like a well-behaved model: it takes the first topics the system prompt offers ("most
 * relevant first"), writes general text, and a rationale without numbers (always grounded). Token
 * counts are estimated at 4 characters a token, which is close for English and JSON.
 *
 * It also answers `POST /v1/embeddings` at once, with the local hash embedder's vectors in
 * OpenAI's response shape, so the eval's OpenAI-embeddings path can run without a key (its test).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LocalHashEmbedder } from "../../../src/services/embedding";

export interface SimulatedOpenAI {
  baseURL: string;
  /** Chat completions answered. */
  requests: number;
  embeddingRequests: number;
  promptTokens: number;
  completionTokens: number;
  close(): Promise<void>;
}

const tokens = (text: string) => Math.ceil(text.length / 4);

/** Topic ids, titles and descriptions as buildSystemPrompt lists them: `- id: "Title" — description`. */
function offeredTopics(systemPrompt: string): { topic: string; title: string; description: string }[] {
  return [...systemPrompt.matchAll(/^- ([a-z0-9_]+): "([^"]+)" — (.+)$/gm)].map((m) => ({ topic: m[1]!, title: m[2]!, description: m[3]! }));
}

export async function startSimulatedOpenAI(options: { delayMs: number; model?: string }): Promise<SimulatedOpenAI> {
  const model = options.model ?? "gpt-4o-mini";
  const state = { requests: 0, promptTokens: 0, completionTokens: 0, embeddingRequests: 0 };
  const embedder = new LocalHashEmbedder(1536);
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.method === "POST" && req.url?.endsWith("/embeddings")) {
        let input: string[];
        try {
          const parsed = JSON.parse(body) as { input?: string | string[] };
          input = Array.isArray(parsed.input) ? parsed.input : [String(parsed.input ?? "")];
        } catch {
          reply(400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", code: null, param: null } });
          return;
        }
        const data = input.map((text, index) => ({ object: "embedding", index, embedding: embedder.embed(text).vector }));
        const used = input.reduce((n, text) => n + tokens(text), 0);
        state.embeddingRequests += 1;
        reply(200, { object: "list", data, model: "text-embedding-3-small", usage: { prompt_tokens: used, total_tokens: used } });
        return;
      }
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        reply(404, { error: { message: `Unknown route ${req.method} ${req.url}`, type: "invalid_request_error", code: null, param: null } });
        return;
      }
      let request: { messages?: { role: string; content: string }[] };
      try {
        request = JSON.parse(body);
      } catch {
        reply(400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", code: null, param: null } });
        return;
      }
      const messages = request.messages ?? [];
      const system = messages.find((m) => m.role === "system")?.content ?? "";
      const answer = {
        recommendations: offeredTopics(system)
          .slice(0, 4)
          .map((t) => ({
            topic: t.topic,
            title: t.title,
            content: `${t.description} Many people find it helps to look at this once a month.`,
            rationale: "Your recent account activity shows patterns this topic speaks to.",
          })),
      };
      const content = JSON.stringify(answer);
      const usage = { prompt_tokens: tokens(messages.map((m) => m.content).join("\n")), completion_tokens: tokens(content) };
      state.requests += 1;
      state.promptTokens += usage.prompt_tokens;
      state.completionTokens += usage.completion_tokens;
      setTimeout(
        () =>
          reply(200, {
            id: `chatcmpl-sim${state.requests}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: `${model}-2024-07-18`,
            choices: [{ index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
            service_tier: "default",
            system_fingerprint: "fp_simulated",
          }),
        options.delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get embeddingRequests() {
      return state.embeddingRequests;
    },
    get promptTokens() {
      return state.promptTokens;
    },
    get completionTokens() {
      return state.completionTokens;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
