/**
 * The OpenAPI document exactly as the Worker serves it: `GET /openapi.json` through the real app
 * (its middleware included), in Node. The route needs no database or binding; the config check
 * wants its required variables, given here as placeholders that reach nothing.
 */
const ENV = {
  DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
  API_TOKEN: "placeholder-service-token",
  OPERATOR_TOKEN: "placeholder-operator-token",
  LOG_LEVEL: "error",
};
const CTX = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };

export async function servedOpenAPIDocument(): Promise<Record<string, unknown>> {
  const { createApp } = await import("../../src/app");
  const res = await createApp().fetch(new Request("http://127.0.0.1:8787/openapi.json"), ENV as never, CTX as never);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
