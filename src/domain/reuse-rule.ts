/**
 * The reuse rule: may a recommendation's title and content be shown to someone other than the
 * person they were written for (their author)?
 *
 * Models disobey prompts, and a list of what we know about the author can never hold every way of
 * writing it ("Xfinity" for "Comcast Xfinity", "about three grand", "since last spring"). So the
 * rule is an allowlist: a text is reusable only when everything in it is known to be generic.
 *   1. Every word is generic vocabulary: a word of the catalog's own text for the topic, of any
 *      catalog text, or of a frequency tier of an English word list (src/domain/vocabulary.ts).
 *   2. It carries nothing that names or counts, as an NLP library (compromise, with its dates
 *      plugin) reads it: people, organizations and places written as names; a capitalized word
 *      that does not start a sentence (a proper noun); numbers, money and percentages in any
 *      written form; dates that point at a moment ("since last spring", "in March"). Only what the
 *      catalog's text for the topic itself says is exempt (a rule of thumb is everyone's).
 *   3. A second net, the author's record: every distinctive word and every run of words of their
 *      merchants and counterparties (payroll names too), their name, email, ids and card digits.
 * Anything the catalog's text for the topic says is allowed: it is written for everyone.
 *
 * The author's record is kept as a digest of hashed, normalized phrases (AuthorDigest), so the
 * check can travel with an indexed recommendation and run at serving time with no database read,
 * without putting anyone's merchants or name into the index in clear.
 *
 * A refusal costs little: the catalog's text for the topic is shared instead (generation) or the
 * item is not reused (indexing, serving). So where the rule must guess, it refuses. Its known
 * limits are in docs/REUSE_RULE.md.
 */
import nlp from "compromise";
import datesPlugin from "compromise-dates";
import { CATALOG, getTopic } from "./catalog";
import { hash32Hex } from "./hash";
import { COMMON_WORDS, GENERIC_WORDS } from "./vocabulary";

nlp.plugin(datesPlugin);

/** Bump when the rule or the digest changes: indexed items checked under another version are re-checked. */
export const REUSE_RULE_VERSION = 2;

/** What the rule knows of a recommendation's author. */
export interface AuthorRecord {
  userId: string;
  fullName: string;
  email: string;
  accountIds: readonly string[];
  /** Account and card last-4 digits. */
  masks: readonly string[];
  /** Every merchant or counterparty name in their transactions (payroll and other payers too). */
  merchants: readonly string[];
}

export interface AuthorDigest {
  v: number;
  /** Hashes of the author's distinctive words and every run of words of their record: matched in any case. */
  terms: string[];
  /** Hashes of the author's everyday words ("Target", "Best"): matched only where the text capitalizes them. */
  names: string[];
  /**
   * Hashes of the parts of the author's name: matched in any case, even where the catalog's text
   * uses the word, unless the catalog says it with the same neighbour ("grace period").
   */
  person: string[];
}

type ReuseViolationKind =
  | "figure"
  | "unknown_word"
  | "proper_noun"
  | "name"
  | "number"
  | "date"
  | "author_term"
  | "author_name"
  | "unknown_topic";

export interface ReuseViolation {
  kind: ReuseViolationKind;
  /** The text as it appeared. */
  match: string;
}

/** Longest phrase (in words) the digest holds; longer names are kept by their runs of up to this many words. */
const MAX_PHRASE_WORDS = 6;
/** Shorter words identify no one and would refuse ordinary words. */
const MIN_WORD_CHARS = 3;
/**
 * Values that count nothing: the article and pronoun uses ("a few", "one option") and the
 * ordinals of ordinary prose ("a first step", "a second look"). compromise tags them as values.
 */
const NOT_A_COUNT = new Set(["a", "an", "one", "ones", "few", "several", "many", "some", "first", "second"]);
/** Dates are resolved against a fixed day: the rule only asks whether a date points at a moment. */
const DATE_CONTEXT = { today: "2000-06-15", timezone: "UTC" };
/**
 * Words that tie a time to the reader's own past or future ("since last year", "the new year"):
 * compromise reads these as durations with no date, so a duration next to one is taken as a date.
 */
const TIME_ANCHOR = /\b(since|last|ago|past|next|new|recent|recently)\b/i;
/** Calendar words compromise does not tag: refused where the catalog's text does not use them. */
const CALENDAR_WORDS = new Set(["holiday", "holidays", "christmas", "thanksgiving", "easter", "weekend", "vacation"]);

const FIGURE = /\d+(?:[.,]\d+)*/g;
/** Words, with their contractions and possessives ("don't", "person's") kept whole. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
/** What ends a sentence: a word after one of these (or a line break) starts a sentence. */
const SENTENCE_END = /[.!?:;\n]\s*["'“‘(\-•*]*\s*$/;

interface Word {
  /** Lower case, without accents, with a typographic apostrophe made plain. */
  norm: string;
  raw: string;
  capitalized: boolean;
  sentenceStart: boolean;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  const normalized = text.normalize("NFKC");
  let last = 0;
  for (const m of normalized.matchAll(WORD)) {
    const raw = m[0];
    const before = normalized.slice(last, m.index);
    const norm = raw.normalize("NFKD").replace(/\p{M}/gu, "").replace(/’/g, "'").toLowerCase();
    out.push({ norm, raw, capitalized: /^\p{Lu}/u.test(raw), sentenceStart: out.length === 0 || SENTENCE_END.test(before) });
    last = m.index + raw.length;
  }
  return out;
}

const phraseKey = (ws: readonly Word[]) => hash32Hex(ws.map((w) => w.norm).join(" "));
const figureKey = (digits: string) => digits.replace(/,/g, "");

/** Every phrase of 1..MAX_PHRASE_WORDS consecutive words. */
function* phrases(ws: readonly Word[]): Generator<Word[]> {
  for (let i = 0; i < ws.length; i++) {
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= ws.length; n++) yield ws.slice(i, i + n);
  }
}

/** The author's record as the rule keeps it: hashes only, no name or merchant in clear. */
export function authorDigest(record: AuthorRecord): AuthorDigest {
  const terms = new Set<string>();
  const names = new Set<string>();
  const [local] = record.email.split("@");
  // The email as a whole and its local part: its domain's words alone ("com", "gmail") name no one.
  terms.add(phraseKey(words(record.email.replace(/[._@-]+/g, " "))));
  const identifiers = [record.fullName, local ?? "", record.userId, ...record.accountIds, ...record.masks, ...record.merchants];
  const nameParts = new Set(words(record.fullName).map((w) => w.norm));
  for (const phrase of identifiers) {
    const ws = words(phrase.replace(/[._-]+/g, " "));
    for (const run of phrases(ws)) {
      const letters = run.map((w) => w.norm).join("");
      if (letters.length < MIN_WORD_CHARS) continue;
      if (run.length > 1) {
        terms.add(phraseKey(run));
        continue;
      }
      const w = run[0]!;
      const forms = [w.norm, w.norm.replace(/'s?$/, "")];
      for (const norm of new Set(forms)) {
        const key = hash32Hex(norm);
        // An everyday word of a merchant ("best", "home", "target") is the author's only where written
        // as a name; a three-letter one ("the", "one", "old") names nothing alone. Their own name counts in any case.
        if (nameParts.has(norm) || !COMMON_WORDS.has(norm)) terms.add(key);
        else if (norm.length > 3) names.add(key);
      }
    }
  }
  const person = [...nameParts].filter((n) => n.length >= 2).map((n) => hash32Hex(n));
  return { v: REUSE_RULE_VERSION, terms: [...terms].sort(), names: [...names].sort(), person: [...new Set(person)].sort() };
}

/** The generic parts of the catalog's text for a topic: what any text about that topic may say. */
interface GenericText {
  figures: Set<string>;
  words: Set<string>;
  phrases: Set<string>;
}

function genericText(text: string): GenericText {
  const ws = words(text);
  return {
    figures: new Set([...text.matchAll(FIGURE)].map((m) => figureKey(m[0]))),
    words: new Set(ws.map((w) => w.norm)),
    phrases: new Set([...phrases(ws)].map((p) => phraseKey(p))),
  };
}

/** Words of every catalog text: written for everyone, so generic whatever the topic. */
const CATALOG_WORDS: ReadonlySet<string> = new Set(CATALOG.flatMap((t) => words(`${t.title}\n${t.content}`).map((w) => w.norm)));

/** A word is generic vocabulary as written, or as the word it contracts or possesses ("don't", "bank's"). */
function isGenericWord(norm: string, generic: GenericText): boolean {
  const known = (w: string) => generic.words.has(w) || CATALOG_WORDS.has(w) || GENERIC_WORDS.has(w);
  if (known(norm)) return true;
  const m = /^([\p{L}\p{N}]+)'(s|t|re|ve|ll|d|m)?$/u.exec(norm);
  return m !== null && known(m[1]!);
}

/** Does this run of words appear in the catalog's text for the topic? */
const inCatalogText = (run: readonly string[], generic: GenericText) => generic.phrases.has(phraseKey(words(run.join(" "))));

/** compromise's reading of a text: its terms (as written) and their tags, and its dates. */
interface Reading {
  terms: { text: string; tags: Set<string> }[];
  dates: { text: string; anchored: boolean }[];
}

function read(text: string): Reading {
  const doc = nlp(text);
  const terms = (doc.terms().json() as { terms: { text: string; tags: string[] }[] }[]).flatMap((s) =>
    s.terms.map((t) => ({ text: t.text, tags: new Set(t.tags) })),
  );
  const found = (doc as unknown as { dates(ctx: object): { json(): { text: string; dates?: { start?: string | null } }[] } })
    .dates(DATE_CONTEXT)
    .json();
  return { terms, dates: found.map((d) => ({ text: d.text, anchored: Boolean(d.dates?.start) })) };
}

/** What in the text names or counts, as the NLP library reads it, beyond what the catalog's text for the topic says. */
function namesAndCounts(text: string, generic: GenericText): ReuseViolation[] {
  const found: ReuseViolation[] = [];
  const { terms, dates } = read(text);
  terms.forEach((t, i) => {
    const norm = words(t.text)[0]?.norm;
    if (!norm) return;
    const tagged = (...tags: string[]) => tags.some((tag) => t.tags.has(tag));
    if (tagged("Person", "Organization", "Place") && /^\p{Lu}/u.test(t.text) && !generic.words.has(norm)) {
      found.push({ kind: "name", match: t.text });
    }
    // "one option" counts nothing; "one grand" is money (compromise tags it so).
    if (tagged("Value", "Money", "Percent", "Fraction", "Multiple") && (!NOT_A_COUNT.has(norm) || tagged("Money", "Percent"))) {
      // A value the catalog's text says in the same words around it ("three to six months") is generic.
      const around = terms.slice(Math.max(0, i - 1), i + 2).map((x) => x.text);
      if (!inCatalogText(around, generic)) found.push({ kind: "number", match: t.text });
    }
    const before = terms
      .slice(Math.max(0, i - 2), i)
      .map((x) => x.text)
      .join(" ");
    if (
      ((tagged("Date", "Month", "WeekDay", "Holiday") && TIME_ANCHOR.test(before)) || CALENDAR_WORDS.has(norm)) &&
      !inCatalogText(
        terms.slice(Math.max(0, i - 2), i + 1).map((x) => x.text),
        generic,
      )
    ) {
      found.push({ kind: "date", match: `${before} ${t.text}`.trim() });
    }
  });
  for (const d of dates) {
    const run = words(d.text).map((w) => w.raw);
    if ((d.anchored || TIME_ANCHOR.test(d.text)) && !inCatalogText(run, generic)) found.push({ kind: "date", match: d.text.trim() });
  }
  return found;
}

/** Texts already read by the NLP library (the vector tier re-checks the same items on many requests). */
const READ_CACHE = new Map<string, ReuseViolation[]>();
const READ_CACHE_MAX = 2000;

/** The author-independent part of the rule: vocabulary, proper nouns, figures, names and counts. */
function genericViolations(text: string, generic: GenericText, cacheKey: string): ReuseViolation[] {
  const cached = READ_CACHE.get(cacheKey);
  if (cached) return cached;
  const found: ReuseViolation[] = [];
  for (const m of text.matchAll(FIGURE)) {
    if (!generic.figures.has(figureKey(m[0]))) found.push({ kind: "figure", match: m[0] });
  }
  for (const w of words(text)) {
    if (/\p{N}/u.test(w.norm)) continue; // figures, above
    if (!isGenericWord(w.norm, generic)) found.push({ kind: "unknown_word", match: w.raw });
    else if (w.capitalized && !w.sentenceStart && w.norm !== "i" && !generic.words.has(w.norm))
      found.push({ kind: "proper_noun", match: w.raw });
  }
  found.push(...namesAndCounts(text, generic));
  if (READ_CACHE.size >= READ_CACHE_MAX) READ_CACHE.delete(READ_CACHE.keys().next().value!);
  READ_CACHE.set(cacheKey, found);
  return found;
}

/** The second net: anything of the author's record in the text, in any case, beyond the catalog's text. */
function authorViolations(text: string, generic: GenericText, author: AuthorDigest): ReuseViolation[] {
  const found: ReuseViolation[] = [];
  const terms = new Set(author.terms);
  const names = new Set(author.names);
  const person = new Set(author.person);
  const ws = words(text);
  ws.forEach((w, i) => {
    if (!person.has(hash32Hex(w.norm)) && !person.has(hash32Hex(w.norm.replace(/'s?$/, "")))) return;
    const withNeighbour = [ws.slice(Math.max(0, i - 1), i + 1), ws.slice(i, i + 2)].filter((run) => run.length === 2);
    if (!withNeighbour.some((run) => generic.phrases.has(phraseKey(run)))) found.push({ kind: "author_name", match: w.raw });
  });
  for (const run of phrases(ws)) {
    const key = phraseKey(run);
    if (generic.phrases.has(key)) continue;
    const match = run.map((w) => w.raw).join(" ");
    const single = run.length === 1 ? hash32Hex(run[0]!.norm.replace(/'s?$/, "")) : key;
    if (terms.has(key) || terms.has(single)) found.push({ kind: "author_term", match });
    else if (run.length === 1 && run[0]!.capitalized && (names.has(key) || names.has(single))) found.push({ kind: "author_name", match });
  }
  return found;
}

/**
 * What in `text` carries something of its author, or could: an empty list means it may be shown
 * to anyone. `generic` is the catalog's text for the recommendation's topic; `author` the digest of
 * the author's record (a digest of another rule version refuses everything).
 */
function reuseViolations(text: string, topic: string, generic: GenericText, author: AuthorDigest): ReuseViolation[] {
  if (author.v !== REUSE_RULE_VERSION) return [{ kind: "author_term", match: `(author digest of rule v${author.v})` }];
  return [...genericViolations(text, generic, `${topic}\u0000${text}`), ...authorViolations(text, generic, author)];
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
  return [...reuseViolations(item.title, item.topic, generic, author), ...reuseViolations(item.content, item.topic, generic, author)];
}

/**
 * At generation: the text others may be shown. A title or content that fails the rule is replaced
 * by the catalog's text for the topic; the author keeps reading the model's own text. Returns the
 * shareable title and content and how many fields were replaced.
 */
export function shareableText(item: ReusableText, author: AuthorDigest): { title: string; content: string; replaced: number } {
  const topic = getTopic(item.topic);
  const generic = topicGenericText(item.topic);
  if (!topic || !generic) return { title: item.title, content: item.content, replaced: 0 };
  const titleOk = reuseViolations(item.title, item.topic, generic, author).length === 0;
  const contentOk = reuseViolations(item.content, item.topic, generic, author).length === 0;
  return {
    title: titleOk ? item.title : topic.title,
    content: contentOk ? item.content : topic.content,
    replaced: (titleOk ? 0 : 1) + (contentOk ? 0 : 1),
  };
}
