/**
 * The offline embedder and the user-context embedding: shape, determinism, similarity that follows
 * the canonical profile's buckets, a profile text that carries nothing identifying, and the cache.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { assignPersona } from "../../src/domain/personas";
import { hash32 } from "../../src/domain/hash";
import { canonicalProfileText } from "../../src/domain/profile";
import { EmbeddingError, type Embedder, type EmbeddingBatch } from "../../src/adapters/embedding/interface";
import { LocalHashEmbedder } from "../../src/adapters/embedding/local";
import {
  clearEmbeddingCache,
  embedRecommendation,
  embedUserContext,
  EmbeddingCache,
  generateEmbedding,
  generateEmbeddings,
  recommendationEmbeddingText,
  sha256Hex,
} from "../../src/services/embedding";
import { createEmbedder } from "../../src/services/services";
import { cardHolder, gigWorker, type Scenario, subscriber, wealthy } from "./domain-fixtures";

const cosine = (a: readonly number[], b: readonly number[]) => {
  expect(a.length).toBe(b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
};
const l2 = (v: readonly number[]) => Math.sqrt(v.reduce((t, x) => t + x * x, 0));

function profileOf(scenario: Scenario) {
  const signals = scenario.signals(30);
  const persona = assignPersona(signals);
  return { signals, persona, text: canonicalProfileText(signals, persona) };
}

/** Wraps an embedder, counting embedBatch calls and the texts they carried. */
function countingSpy(inner: Embedder) {
  const calls: string[][] = [];
  const spy: Embedder = {
    id: inner.id,
    dimensions: inner.dimensions,
    embedBatch: async (texts: string[]): Promise<EmbeddingBatch> => {
      calls.push([...texts]);
      return inner.embedBatch(texts);
    },
  };
  return { spy, calls };
}

// Card ending 4523 at 68% ($3,400 of $5,000) with $45.20 interest: high_utilization.
const highUtil = () => cardHolder("user_hu_7f3a91", 3400, 5000, 45.2, "4523");
// The same situation a few dollars apart, another person, another card: every bucket the same.
const highUtilTwin = () => cardHolder("user_hu_b82c40", 3392.15, 5000, 47.8, "8841");
// Same persona, other buckets: 92% utilization and $150 of interest.
const highUtilWorse = () => cardHolder("user_hu_c1d2e3", 4600, 5000, 150, "6077");

const embedder = new LocalHashEmbedder();

describe("LocalHashEmbedder", () => {
  it("gives 1536 finite values in [-1, 1] with an L2 norm of 1, and says what it is", async () => {
    const { text } = profileOf(highUtil());
    const { vectors, usage } = await embedder.embedBatch([text]);
    const v = vectors[0] as number[];
    expect(embedder.id).toBe("local-hash-v1-1536");
    expect(embedder.dimensions).toBe(1536);
    expect(v).toHaveLength(1536);
    for (const x of v) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(l2(v)).toBeCloseTo(1, 12);
    // Signed hashing: both signs occur.
    expect(v.some((x) => x > 0) && v.some((x) => x < 0)).toBe(true);
    // Usage: the word count of the text, at no cost.
    expect(usage.cost_usd).toBe(0);
    expect(usage.tokens).toBe(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length);
    expect(usage.tokens).toBeGreaterThan(40);
  });

  it("honours another dimension in its vectors and its id", async () => {
    const small = new LocalHashEmbedder(256);
    expect(small.id).toBe("local-hash-v1-256");
    const [v] = await generateEmbeddings(small, ["persona: savings_builder"]);
    expect(v).toHaveLength(256);
    expect(() => new LocalHashEmbedder(0)).toThrow(EmbeddingError);
  });

  it("is deterministic: the same text gives the same vector, across instances", async () => {
    const { text } = profileOf(highUtil());
    const a = await generateEmbedding(embedder, text);
    const b = await generateEmbedding(new LocalHashEmbedder(1536), text);
    expect(b).toEqual(a);
    expect(cosine(a, b)).toBeCloseTo(1, 12);
  });

  it("pins its hash function and feature layout (changing them means a new id, local-hash-v2)", () => {
    expect(hash32("")).toBe(2872998923);
    expect(hash32("credit")).toBe(130163522);
    const v = new LocalHashEmbedder(1536).embed("credit.max_utilization: 50-70%").vector;
    const nonZero = v.flatMap((x, i) => (x === 0 ? [] : [[i, Math.round(x * 1e6) / 1e6]]));
    expect(nonZero).toEqual([
      [774, -0.307562],
      [997, -0.87875],
      [1128, 0.087875],
      [1129, 0.087875],
      [1297, 0.087875],
      [1320, 0.087875],
      [1427, -0.087875],
      [1486, 0.307562],
    ]);
  });

  it("counts a whole key: value line as a feature, beyond its words", async () => {
    // Same words, paired differently: only the line features tell them apart.
    const a = "credit.overdue: no\ncredit.minimum_payment_only: yes";
    const b = "credit.overdue: yes\ncredit.minimum_payment_only: no";
    const [va, vb] = await generateEmbeddings(embedder, [a, b]);
    expect(cosine(va as number[], vb as number[])).toBeLessThan(0.2);
  });

  it("refuses empty input rather than inventing a vector", async () => {
    await expect(embedder.embedBatch(["persona: general", "  "])).rejects.toMatchObject({ name: "EmbeddingError", reason: "bad_request" });
    expect((await embedder.embedBatch([])).vectors).toEqual([]);
  });
});

describe("similarity follows the canonical profile", () => {
  it("near-identical people get identical canonical text, so cosine is exactly 1", async () => {
    const a = profileOf(highUtil());
    const b = profileOf(highUtilTwin());
    expect(a.persona.persona_type).toBe("high_utilization");
    expect(b.persona.persona_type).toBe("high_utilization");
    // The raw numbers do differ...
    expect(b.signals.credit.max_utilization).not.toBe(a.signals.credit.max_utilization);
    expect(b.signals.credit.interest_charges).not.toBe(a.signals.credit.interest_charges);
    // ...but not their buckets.
    expect(b.text).toBe(a.text);
    const [va, vb] = await generateEmbeddings(embedder, [a.text, b.text]);
    expect(vb).toEqual(va);
    expect(cosine(va as number[], vb as number[])).toBeCloseTo(1, 12);
  });

  it("people in other buckets score clearly below 1, and other personas lower still", async () => {
    const base = profileOf(highUtil());
    const worse = profileOf(highUtilWorse());
    expect(worse.persona.persona_type).toBe("high_utilization");
    expect(worse.text).toContain("credit.max_utilization: 90%+");
    expect(worse.text).toContain("credit.interest_charges: 100+");

    const others = [
      profileOf(wealthy("user_w_1")),
      profileOf(gigWorker("user_g_1", 0.5)),
      profileOf(subscriber("user_s_1", [9.99, 12.01, 15, 18, 20], 937.5)),
    ];
    expect(others.map((o) => o.persona.persona_type)).toEqual(["wealth_builder", "variable_income", "subscription_heavy"]);

    const [vBase, vWorse, ...vOthers] = await generateEmbeddings(embedder, [base.text, worse.text, ...others.map((o) => o.text)]);
    const sameBucketsButTwo = cosine(vBase as number[], vWorse as number[]);
    expect(sameBucketsButTwo).toBeLessThan(0.95);
    expect(sameBucketsButTwo).toBeGreaterThan(0.8); // 18 of 20 lines still shared
    for (const v of vOthers) expect(cosine(vBase as number[], v)).toBeLessThan(sameBucketsButTwo - 0.15);
  });
});

describe("the canonical profile text", () => {
  it("carries no user id, account id, name, merchant, card mask or raw amount", () => {
    const people = [highUtil(), highUtilTwin(), wealthy("user_w_9a8b7c"), subscriber("user_s_5d6e7f", [9.99, 12.01, 15, 18, 20], 937.5)];
    for (const person of people) {
      const { text } = profileOf(person);
      const lower = text.toLowerCase();
      expect(text).not.toContain(person.userId);
      for (const a of person.accounts) {
        expect(text).not.toContain(a.account_id);
        expect(text).not.toContain(a.mask);
      }
      const merchants = new Set(person.transactions.flatMap((t) => (t.merchant_name ? [t.merchant_name] : [])));
      expect(merchants.size).toBeGreaterThan(0);
      for (const m of merchants) expect(lower).not.toContain(m.toLowerCase());
      expect(text).not.toMatch(/\$\d/);
      // No balance, limit or transaction amount in any spelling.
      const amounts = new Set([
        ...person.accounts.flatMap((a) => (a.balance_current === null ? [] : [a.balance_current])),
        ...person.transactions.map((t) => Math.abs(t.amount)),
      ]);
      for (const amount of amounts) {
        if (amount < 100) continue; // small round numbers can coincide with a bucket edge ("25-100")
        for (const spelled of [String(amount), amount.toFixed(2), amount.toLocaleString("en-US")]) expect(text).not.toContain(spelled);
      }
    }
  });
});

describe("embedUserContext", () => {
  beforeEach(() => clearEmbeddingCache());

  it("embeds the canonical text once: the same text again is served from the cache", async () => {
    const { spy, calls } = countingSpy(new LocalHashEmbedder());
    const a = highUtil();
    const sa = a.signals(30);
    const first = await embedUserContext(spy, sa, assignPersona(sa));
    expect(first.cached).toBe(false);
    expect(first.text).toBe(profileOf(a).text);
    expect(first.textHash).toBe(await sha256Hex(first.text));
    expect(first.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.vector).toHaveLength(1536);

    const second = await embedUserContext(spy, sa, assignPersona(sa));
    expect(second.cached).toBe(true);
    expect(second.vector).toEqual(first.vector);

    // Another person with the same buckets: the same text, so the same cache entry.
    const sb = highUtilTwin().signals(30);
    const twin = await embedUserContext(spy, sb, assignPersona(sb).persona_type);
    expect(twin.cached).toBe(true);
    expect(twin.textHash).toBe(first.textHash);

    expect(calls).toEqual([[first.text]]);

    // A caller mutating its vector does not poison the cache.
    second.vector.fill(0);
    expect((await embedUserContext(spy, sa, assignPersona(sa))).vector).toEqual(first.vector);
  });

  it("keys the cache by embedder id, and shares one call between concurrent requests", async () => {
    const a = countingSpy(new LocalHashEmbedder(1536));
    const b = countingSpy(new LocalHashEmbedder(256));
    const s = highUtil().signals(30);
    const p = assignPersona(s);
    const results = await Promise.all([embedUserContext(a.spy, s, p), embedUserContext(a.spy, s, p), embedUserContext(a.spy, s, p)]);
    expect(results.map((r) => r.cached).sort()).toEqual([false, true, true]);
    expect(a.calls).toHaveLength(1);
    const other = await embedUserContext(b.spy, s, p);
    expect(other.cached).toBe(false);
    expect(other.vector).toHaveLength(256);
    expect(b.calls).toHaveLength(1);
  });

  it("does not cache a failure", async () => {
    let fail = true;
    const flaky: Embedder = {
      id: "flaky",
      dimensions: 1536,
      embedBatch: async (texts) => {
        if (fail) throw new EmbeddingError("upstream_error", "boom");
        return embedder.embedBatch(texts);
      },
    };
    const s = highUtil().signals(30);
    await expect(embedUserContext(flaky, s, "high_utilization")).rejects.toMatchObject({ reason: "upstream_error" });
    fail = false;
    expect((await embedUserContext(flaky, s, "high_utilization")).cached).toBe(false);
  });

  it("refuses an embedder whose vectors are not its declared dimension", async () => {
    const liar: Embedder = {
      id: "liar",
      dimensions: 1536,
      embedBatch: async (texts) => ({ vectors: texts.map(() => [1, 0, 0]), usage: { tokens: 0, cost_usd: 0 } }),
    };
    const s = highUtil().signals(30);
    await expect(embedUserContext(liar, s, "high_utilization")).rejects.toMatchObject({ name: "EmbeddingError", reason: "bad_dimensions" });
  });

  it("evicts the least recently used entry when the cache is full", async () => {
    const cache = new EmbeddingCache(2);
    const { spy, calls } = countingSpy(new LocalHashEmbedder(64));
    const people = [highUtil(), wealthy("w"), gigWorker("g", 0.5)].map((p) => p.signals(30));
    const embed = (i: number) => embedUserContext(spy, people[i]!, assignPersona(people[i]!), { cache });
    await embed(0);
    await embed(1);
    expect((await embed(0)).cached).toBe(true); // 0 is now the most recent
    await embed(2); // evicts 1
    expect(cache.size).toBe(2);
    expect((await embed(0)).cached).toBe(true);
    expect((await embed(1)).cached).toBe(false);
    expect(calls).toHaveLength(4);
  });
});

describe("recommendation embeddings", () => {
  const rec = {
    title: "How card interest works",
    content: "Interest is charged when a statement balance is not paid in full.",
    rationale: "You were charged $45.20 in card interest over the last 30 days.",
  };

  it("embeds title, content and rationale together", async () => {
    const text = recommendationEmbeddingText(rec);
    expect(text).toBe(`${rec.title}\n\n${rec.content}\n\n${rec.rationale}`);
    const v = await embedRecommendation(embedder, rec);
    expect(v).toEqual(await generateEmbedding(embedder, text));
    expect(v).toHaveLength(1536);
    expect(l2(v)).toBeCloseTo(1, 12);
    // A recommendation on the same topic scores higher than one on another.
    const sameTopic = await embedRecommendation(embedder, {
      ...rec,
      rationale: "You were charged $12.00 in card interest over the last 180 days.",
    });
    const otherTopic = await embedRecommendation(embedder, {
      title: "Build an emergency fund",
      content: "An emergency fund covers a few months of expenses.",
      rationale: "Your savings cover 0.4 months of expenses.",
    });
    expect(cosine(v, sameTopic)).toBeGreaterThan(cosine(v, otherTopic) + 0.3);
  });

  it("createEmbedder picks the local embedder without a key", () => {
    for (const key of [undefined, "", "   "]) {
      const e = createEmbedder({ openaiApiKey: key, model: "text-embedding-3-small", dimensions: 1536 });
      expect(e).toBeInstanceOf(LocalHashEmbedder);
      expect(e.id).toBe("local-hash-v1-1536");
    }
  });
});
