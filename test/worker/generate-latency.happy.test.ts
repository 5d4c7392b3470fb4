/**
 * What a generate answer says about who answered and where its time went: `source` names the
 * configured OpenAI model, `latency.generator_ms` is the time in whichever generator answered, and
 * `latency.openai_ms` the time in OpenAI only (0 whenever the catalog answered).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GenerateSchema, RecommendationListSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";
import { callWithEnv, openAIEnv, useOpenAISimulator } from "./helpers";
import { seedSpender } from "./factories";

const USER = "latency_fields_1";
// The simulated model takes a while to answer, so time in OpenAI is more than nothing.
const openai = useOpenAISimulator({ delayMs: 25 });
const WITH_OPENAI = openAIEnv("latency-fields");

async function generate(overrides: Record<string, unknown>) {
  const res = await callWithEnv(`/recommendations/generate/${USER}?use_vector_db=false&force_regenerate=true`, overrides, "operator", {
    method: "POST",
  });
  return { body: await answerOf(res, GenerateSchema), timing: res.headers.get("server-timing") ?? "" };
}

describe("a generate answer's source and latency", () => {
  beforeAll(async () => {
    await seedSpender(USER);
  });

  it("OpenAI answered (gpt-4o-mini): source openai_4o_mini, and openai_ms is the generator's time, more than 0", async () => {
    const { body, timing } = await generate(WITH_OPENAI);
    expect(body.source).toBe("openai_4o_mini");
    expect(body.latency.openai_ms).toBeGreaterThan(0);
    expect(body.latency.openai_ms).toBe(body.latency.generator_ms);
    expect(timing).toContain(`generator;dur=${body.latency.generator_ms}`);
  });

  it("another OPENAI_CHAT_MODEL is named in the source, in the answer and on the stored set", async () => {
    const { body } = await generate({ ...WITH_OPENAI, OPENAI_CHAT_MODEL: "gpt-4.1-mini" });
    expect(body.source).toBe("openai_gpt-4.1-mini");
    expect(openai.received.find((r) => r.route === "chat")?.body.model).toBe("gpt-4.1-mini");
    const listed = await callWithEnv(`/recommendations/${USER}`, {}, "operator");
    const stored = (await answerOf(listed, RecommendationListSchema)).recommendations;
    const ids = new Set(body.recommendations.map((r) => r.id));
    expect(stored.filter((r) => ids.has(r.id)).map((r) => r.source)).toEqual(body.recommendations.map(() => "openai_gpt-4.1-mini"));
  });

  it("OpenAI failed and the catalog answered: catalog_fallback, and openai_ms is 0", async () => {
    openai.failWith.chat = {
      kind: "json",
      status: 400,
      body: { error: { message: "Bad request", type: "invalid_request_error", param: null, code: null } },
    };
    const { body } = await generate(WITH_OPENAI);
    expect(body.source).toBe("catalog_fallback");
    expect(body.latency.openai_ms).toBe(0);
    expect(body.latency.generator_ms).toBeGreaterThanOrEqual(0);
  });

  it("the catalog answered (no key): source catalog, and openai_ms is 0", async () => {
    const { body } = await generate({});
    expect(body.source).toBe("catalog");
    expect(body.latency.openai_ms).toBe(0);
    expect(openai.received.filter((r) => r.route === "chat")).toEqual([]);
  });
});
