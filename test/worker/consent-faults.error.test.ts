/**
 * Consent has one source of truth for serving: the person's Durable Object. A consent change
 * writes it and Postgres (the record); when the second write fails, no route may serve a person
 * that another refuses. The fault is injected where the Worker asks for its database (its
 * services' `databaseFetch`): the consent write alone fails, as a lost connection would.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { createServices } from "../../src/services/services";
import { makeUser } from "./factories";
import { api, TEST_TOKENS } from "./helpers";

/** Only the statement that records a consent change (src/db/consent.ts setConsent) fails. */
const failConsentWrite: typeof fetch = async (input, init) => {
  if (typeof init?.body === "string" && init.body.includes("consent_events")) throw new TypeError("Network connection lost.");
  return fetch(input, init);
};
const brokenConsentWrite = createApp({
  services: (e, config, id, ctx) => createServices(e, config, id, ctx, { databaseFetch: failConsentWrite }),
});

async function changeConsentWithFault(userId: string, action: "grant" | "revoke"): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request("http://spendsense.test/consent", {
    method: "POST",
    headers: { Authorization: `Bearer ${TEST_TOKENS.operator}`, "content-type": "application/json" },
    body: JSON.stringify({ user_id: userId, action }),
  });
  const res = await brokenConsentWrite.fetch(request, env as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** What each consent-checked route answers for the person now. */
async function served(userId: string) {
  const path = { user_id: userId };
  const generate = await api().POST("/recommendations/generate/{user_id}", { params: { path, query: { use_vector_db: false } } });
  const list = await api().GET("/recommendations/{user_id}", { params: { path } });
  return { generate: generate.response.status, list: list.response.status };
}

describe("consent when its Postgres write fails", () => {
  it("a revocation that fails half way leaves every route refusing the person, none serving", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    expect(await served(userId)).toEqual({ generate: 200, list: 200 });

    const revoke = await changeConsentWithFault(userId, "revoke");
    expect(revoke.status).toBe(503);

    expect(await served(userId)).toEqual({ generate: 403, list: 403 });
  });

  it("a grant that fails half way leaves every route refusing the person, none serving", async () => {
    const { userId } = await makeUser({ persona: "subscription_heavy", consent: "revoked" });
    expect(await served(userId)).toEqual({ generate: 403, list: 403 });

    const grant = await changeConsentWithFault(userId, "grant");
    expect(grant.status).toBe(503);

    expect(await served(userId)).toEqual({ generate: 403, list: 403 });
  });
});
