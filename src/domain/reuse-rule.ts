/**
 * The reuse rule: may a recommendation's title and content be shown to someone other than the
 * person they were written for (their author)?
 *
 * Models disobey prompts, so this is checked against the text and the author's own record, never
 * trusted to the prompt. The text must carry nothing of the author in any written form:
 *   - figures: no digits at all, except the generic figures that the catalog's own text for the
 *     topic contains (a "30%" rule of thumb is the same for everyone; "81.3%" is someone's);
 *   - spelled-out numbers ("five subscriptions", "twelve hundred dollars", "half") and date words
 *     (month and weekday names), again unless the catalog's text for the topic uses them;
 *   - any merchant or counterparty name from the author's transactions, their email and ids, in
 *     any case;
 *   - their first or last name where the text writes it as a name (capitalized): names such as
 *     "Grace" or "Will" are also ordinary words, and matching those would refuse most prose.
 * Anything the catalog's text for the topic itself says is allowed: it is written for everyone.
 *
 * The author's record is kept as a digest of hashed, normalized phrases (AuthorDigest), so the
 * check can travel with an indexed recommendation and run at serving time with no database read,
 * without putting anyone's merchants or name into the index in clear.
 *
 * A refusal costs little: the catalog's text for the topic stands in (generation) or the item is
 * not reused (indexing, serving). So where the rule must guess, it refuses.
 */
import { getTopic } from "./catalog";
import { hash32Hex } from "./hash";

/** Bump when the rule or the digest changes: indexed items checked under another version are re-checked. */
export const REUSE_RULE_VERSION = 1;

/** What the rule knows of a recommendation's author. */
export interface AuthorRecord {
  userId: string;
  fullName: string;
  email: string;
  accountIds: readonly string[];
  /** Account and card last-4 digits. */
  masks: readonly string[];
  /** Every merchant or counterparty name in their transactions. */
  merchants: readonly string[];
}

export interface AuthorDigest {
  v: number;
  /** Hashes of the author's merchants, email, ids and full name, normalized: matched in any case. */
  terms: string[];
  /** Hashes of each part of the author's name: matched only where the text capitalizes it. */
  names: string[];
}

type ReuseViolationKind = "figure" | "number_word" | "date_word" | "author_term" | "author_name" | "unknown_topic";

export interface ReuseViolation {
  kind: ReuseViolationKind;
  /** The text as it appeared. */
  match: string;
}

/** Longest phrase (in words) the digest holds; longer names are kept by their first words. */
const MAX_PHRASE_WORDS = 6;
/** Shorter phrases (in letters and digits) identify no one and would refuse ordinary words. */
const MIN_PHRASE_CHARS = 3;

const NUMBER_WORDS = new Set([
  "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
  "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
  "hundred", "thousand", "million", "billion", "dozen", "half", "quarter", "twice",
]);
// "may" is left out: it is mostly the verb.
const DATE_WORDS = new Set([
  "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
]);

const FIGURE = /\d+(?:[.,]\d+)*/g;
const WORD = /[\p{L}\p{N}]+/gu;

interface Word {
  /** Lower case, without accents. */
  norm: string;
  raw: string;
  capitalized: boolean;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.normalize("NFKC").matchAll(WORD)) {
    const raw = m[0];
    const norm = raw.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    out.push({ norm, raw, capitalized: /^\p{Lu}/u.test(raw) });
  }
  return out;
}

const phraseKey = (ws: readonly Word[]) => hash32Hex(ws.map((w) => w.norm).join(" "));
const figureKey = (digits: string) => digits.replace(/,/g, "");

/** The hash of a name or term, as the digest stores it (undefined when too short to identify anyone). */
function digestKey(phrase: string): string | undefined {
  const ws = words(phrase).slice(0, MAX_PHRASE_WORDS);
  if (ws.map((w) => w.norm).join("").length < MIN_PHRASE_CHARS) return undefined;
  return phraseKey(ws);
}

/** The author's record as the rule keeps it: hashes only, no name or merchant in clear. */
export function authorDigest(record: AuthorRecord): AuthorDigest {
  const terms = new Set<string>();
  const names = new Set<string>();
  const add = (set: Set<string>, phrase: string) => {
    const key = digestKey(phrase);
    if (key) set.add(key);
  };
  const [local] = record.email.split("@");
  for (const t of [record.fullName, record.email, local ?? "", record.userId, ...record.accountIds, ...record.masks, ...record.merchants]) add(terms, t);
  for (const part of words(record.fullName)) add(names, part.raw);
  return { v: REUSE_RULE_VERSION, terms: [...terms].sort(), names: [...names].sort() };
}

/** Every phrase of 1..MAX_PHRASE_WORDS consecutive words, with whether each word is capitalized. */
function* phrases(ws: readonly Word[]): Generator<{ words: Word[]; capitalized: boolean }> {
  for (let i = 0; i < ws.length; i++) {
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= ws.length; n++) {
      const slice = ws.slice(i, i + n);
      yield { words: slice, capitalized: slice.every((w) => w.capitalized) };
    }
  }
}

/** The generic parts of the catalog's text for a topic: what any text about that topic may say. */
interface GenericText {
  figures: Set<string>;
  words: Set<string>;
  phrases: Set<string>;
  /** Phrases the catalog itself writes capitalized: only these excuse an author's name ("grace period" does not excuse "Grace:"). */
  capitalizedPhrases: Set<string>;
}

function genericText(text: string): GenericText {
  const ws = words(text);
  return {
    figures: new Set([...text.matchAll(FIGURE)].map((m) => figureKey(m[0]))),
    words: new Set(ws.map((w) => w.norm)),
    phrases: new Set([...phrases(ws)].map((p) => phraseKey(p.words))),
    capitalizedPhrases: new Set([...phrases(ws)].filter((p) => p.capitalized).map((p) => phraseKey(p.words))),
  };
}

/**
 * What in `text` carries something of its author, or could: an empty list means it may be shown
 * to anyone. `generic` is the catalog's text for the recommendation's topic; `author` the digest of
 * the author's record (a digest of another rule version refuses everything).
 */
function reuseViolations(text: string, generic: GenericText, author: AuthorDigest): ReuseViolation[] {
  if (author.v !== REUSE_RULE_VERSION) return [{ kind: "author_term", match: `(author digest of rule v${author.v})` }];
  const found: ReuseViolation[] = [];
  for (const m of text.matchAll(FIGURE)) {
    if (!generic.figures.has(figureKey(m[0]))) found.push({ kind: "figure", match: m[0] });
  }
  const ws = words(text);
  for (const w of ws) {
    if (generic.words.has(w.norm)) continue;
    if (NUMBER_WORDS.has(w.norm)) found.push({ kind: "number_word", match: w.raw });
    else if (DATE_WORDS.has(w.norm)) found.push({ kind: "date_word", match: w.raw });
  }
  const terms = new Set(author.terms);
  const names = new Set(author.names);
  for (const p of phrases(ws)) {
    const key = phraseKey(p.words);
    const match = p.words.map((w) => w.raw).join(" ");
    if (terms.has(key) && !generic.phrases.has(key)) found.push({ kind: "author_term", match });
    else if (p.capitalized && names.has(key) && !generic.capitalizedPhrases.has(key)) found.push({ kind: "author_name", match });
  }
  return found;
}

const GENERIC_BY_TOPIC = new Map<string, GenericText>();

/** The generic parts of the catalog's title and content for a topic; undefined for an unknown topic. */
function topicGenericText(topic: string): GenericText | undefined {
  const cached = GENERIC_BY_TOPIC.get(topic);
  if (cached) return cached;
  const t = getTopic(topic);
  if (!t) return undefined;
  const generic = genericText(`${t.title}\n${t.content}`);
  GENERIC_BY_TOPIC.set(topic, generic);
  return generic;
}

export interface ReusableText {
  topic: string;
  title: string;
  content: string;
}

/** The rule for one recommendation of a catalog topic: an empty list means anyone may be shown it. */
export function reusableItemViolations(item: ReusableText, author: AuthorDigest): ReuseViolation[] {
  const generic = topicGenericText(item.topic);
  if (!generic) return [{ kind: "unknown_topic", match: item.topic }];
  return reuseViolations(`${item.title}\n${item.content}`, generic, author);
}

/**
 * At generation: a title or content that fails the rule is replaced by the catalog's text for the
 * topic, so what is stored can be reused later. Returns the item and how many fields were replaced.
 */
export function depersonalize<T extends ReusableText>(item: T, author: AuthorDigest): { item: T; replaced: number } {
  const topic = getTopic(item.topic);
  const generic = topicGenericText(item.topic);
  if (!topic || !generic) return { item, replaced: 0 };
  const titleOk = reuseViolations(item.title, generic, author).length === 0;
  const contentOk = reuseViolations(item.content, generic, author).length === 0;
  return {
    item: { ...item, title: titleOk ? item.title : topic.title, content: contentOk ? item.content : topic.content },
    replaced: (titleOk ? 0 : 1) + (contentOk ? 0 : 1),
  };
}
