/** The OpenAI simulator (openai-simulator.ts) served over loopback HTTP, for Node tests and scripts. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAISimulator, type OpenAISimulator, type OpenAISimulatorOptions } from "./openai-simulator";

export interface ServedOpenAISimulator extends OpenAISimulator {
  /** http://127.0.0.1:<port>/v1: give it to the SDK as baseURL (OPENAI_BASE_URL). */
  baseURL: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function serveOpenAISimulator(options: OpenAISimulatorOptions = {}): Promise<ServedOpenAISimulator> {
  const sim = createOpenAISimulator(options);
  const server = createServer((req, res) => {
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    void (async () => {
      const body = await readBody(req);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        signal: aborted.signal,
        ...(req.method === "GET" || req.method === "HEAD" ? {} : { body }),
      });
      const response = await sim.handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      // The client went away (an abandoned, hanging request): nothing to answer.
      if (!res.headersSent) res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sim, {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      sim.releaseHanging();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
