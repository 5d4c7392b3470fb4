/**
 * A fake OpenAI at the HTTP boundary, for the embedder's and the generator's tests: a real
 * node:http server on loopback that answers one route with OpenAI's response and error shapes,
 * scripted per test with a queue of replies. The real SDK talks to it through `fake.baseURL`.
 * Started before the file's tests, reset before each, stopped after.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Logger } from "../../src/logger";

export type JsonReply = { kind: "json"; status: number; body: unknown; headers?: Record<string, string> };
/** Never answer (a request that times out). */
export type HangReply = { kind: "hang" };

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeOpenAI<R> {
  /** http://127.0.0.1:<port>/v1, set once the server listens. */
  baseURL: string;
  /** Replies for the next requests, in order. */
  queue: R[];
  received: Received[];
}

/** OpenAI's error body. */
export const apiError = (status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): JsonReply => ({
  kind: "json",
  status,
  body: { error: { message, type, param: null, code } },
  ...(headers ? { headers } : {}),
});

/**
 * Serve `path`; `render` turns the next scripted reply (undefined when the queue is empty) and the
 * request body into what is sent.
 */
export function useFakeOpenAI<R>(path: string, render: (reply: R | undefined, body: any) => JsonReply | HangReply): FakeOpenAI<R> {
  const fake: FakeOpenAI<R> = { baseURL: "", queue: [], received: [] };
  let server: Server;
  const hanging = new Set<ServerResponse>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        fake.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
        if (req.method !== "POST" || req.url !== path) {
          res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error", code: null } }));
          return;
        }
        const reply = render(fake.queue.shift(), body);
        if (reply.kind === "hang") {
          hanging.add(res);
          res.on("close", () => hanging.delete(res));
          return;
        }
        res.writeHead(reply.status, { "content-type": "application/json", "x-request-id": `req_${fake.received.length}`, ...reply.headers });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    fake.queue.length = 0;
    fake.received.length = 0;
  });
  return fake;
}

/** A logger that keeps its lines for assertions. */
export function capturingLogger() {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push({ level, event, fields });
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}
