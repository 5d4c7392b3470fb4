/**
 * The OpenAPI document exactly as the Worker serves it: `GET /openapi.json` through the real app
 * (its middleware included), run in Node. The route needs no database or binding; the config
 * check wants its required variables, given here as placeholders.
 */
import { createApp } from "../../src/app";

const ENV = { DATABASE_URL: "postgres://unused@127.0.0.1:1/unused", API_TOKEN: "node-document-user-token", OPERATOR_TOKEN: "node-document-operator-token" };
const CTX = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };

export async function servedDocument(): Promise<Record<string, unknown>> {
  const res = await createApp().fetch(new Request("http://spendsense.test/openapi.json"), ENV as never, CTX as never);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
