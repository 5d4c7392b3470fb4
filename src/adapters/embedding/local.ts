/**
 * The offline embedder, the default without OPENAI_API_KEY: deterministic signed feature hashing
 * of the text's words and of whole "key: value" lines, so two canonical profiles score by how many
 * bucketed lines they share. Named honestly (`local-hash-v1-<dims>`): its vectors are not
 * comparable with OpenAI's, and the id keeps them apart in the index. Pure and synchronous
 * underneath; the same in a Worker and in Node.
 */
import { hash32 } from "../../domain/hash";
import { DEFAULTS } from "../../config";
import { assertText, EmbeddingError, type Embedder, type EmbeddingBatch } from "./interface";

/** Feature weights. A whole "key: value" line dominates; words add general overlap. */
const LINE_WEIGHT = 1;
/** A value's words under their key ("credit.max_utilization=50"): adjacent buckets share an edge. */
const KEY_VALUE_WORD_WEIGHT = 0.35;
const WORD_WEIGHT = 0.1;

const KEY_VALUE_LINE = /^([\p{L}\p{N}_.-]+)\s*:\s*(\S.*)$/u;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

const normalizeText = (text: string) => text.normalize("NFKC").toLowerCase();
const words = (text: string) => text.split(WORD_SPLIT).filter((w) => w.length > 0);

/**
 * The weighted features of a text: every word, and for each "key: value" line the whole line and
 * the value's words under the key. Repeated features count sublinearly (1 + ln n), so a word that
 * recurs in many keys ("income", "savings") does not drown the lines that tell people apart.
 */
function hashFeatures(text: string): { features: Map<string, number>; tokens: number } {
  const counts = new Map<string, { weight: number; n: number }>();
  const add = (feature: string, weight: number) => {
    const seen = counts.get(feature);
    if (seen) seen.n += 1;
    else counts.set(feature, { weight, n: 1 });
  };
  const normalized = normalizeText(text);
  let tokens = 0;
  for (const rawLine of normalized.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/\s+/g, " ");
    if (line === "") continue;
    const lineWords = words(line);
    tokens += lineWords.length;
    for (const w of lineWords) add(`w:${w}`, WORD_WEIGHT);
    const kv = KEY_VALUE_LINE.exec(line);
    if (kv) {
      const key = kv[1] as string;
      const value = kv[2] as string;
      add(`l:${key}:${value}`, LINE_WEIGHT);
      for (const w of words(value)) add(`k:${key}=${w}`, KEY_VALUE_WORD_WEIGHT);
    }
  }
  // Text with no word at all (punctuation only) still gets one feature: itself.
  if (counts.size === 0 && normalized.trim() !== "") add(`t:${normalized.trim()}`, LINE_WEIGHT);
  const features = new Map<string, number>();
  for (const [feature, { weight, n }] of counts) features.set(feature, weight * (1 + Math.log(n)));
  return { features, tokens };
}

/**
 * Offline, deterministic embedder: signed feature hashing into `dimensions` buckets, L2-normalised.
 * Identical text gives an identical vector; texts that share most lines score high cosine.
 */
export class LocalHashEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;

  constructor(dimensions: number = DEFAULTS.EMBEDDING_DIMENSIONS) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new EmbeddingError("bad_dimensions", `LocalHashEmbedder needs a positive whole number of dimensions, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.id = `local-hash-v1-${dimensions}`;
  }

  embed(text: string): { vector: number[]; tokens: number } {
    assertText(text, 0);
    const { features, tokens } = hashFeatures(text);
    const acc = new Float64Array(this.dimensions);
    for (const [feature, weight] of features) {
      const h = hash32(feature);
      const bucket = (h & 0x7fffffff) % this.dimensions;
      const sign = h >>> 31 === 1 ? -1 : 1;
      acc[bucket] = (acc[bucket] ?? 0) + sign * weight;
    }
    let norm = 0;
    for (const v of acc) norm += v * v;
    norm = Math.sqrt(norm);
    const vector = Array.from(acc, (v) => (norm > 0 ? v / norm : 0));
    return { vector, tokens };
  }

  async embedBatch(texts: string[]): Promise<EmbeddingBatch> {
    const vectors: number[][] = [];
    let tokens = 0;
    for (const text of texts) {
      const one = this.embed(text);
      vectors.push(one.vector);
      tokens += one.tokens;
    }
    return { vectors, usage: { tokens, cost_usd: 0 } };
  }
}
