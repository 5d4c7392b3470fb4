/**
 * The eval's count of what a reused recommendation carries of its author, in the forms people
 * write: short merchant and employer names ("Xfinity" for "Comcast Xfinity"), their first or last
 * name in any case, spelled-out and slang amounts near their own figures ("about three grand"), and
 * relative dates ("since last spring"). On top of measures.ts's figures and identifiers.
 *
 * It shares NOTHING with the reuse rule (src/domain/reuse-rule.ts): its own tokenizer, its own
 * English word list (`an-array-of-english-words`, not the rule's SCOWL tiers), its own number
 * parser and date patterns. A counter that reused the rule's parts could only agree with it.
 */
import { createRequire } from "node:module";
import { getTopic } from "../../../src/domain/catalog";
import type { Signals } from "../../../src/domain/signals";
import { authorLeaks, type Requester, type ServedItem } from "./measures";

const ENGLISH: ReadonlySet<string> = new Set(createRequire(import.meta.url)("an-array-of-english-words") as string[]);

/** Tokens as this counter sees them: runs of ASCII letters and digits, with their position. */
const tokens = (text: string) => [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ text: m[0], lower: m[0].toLowerCase(), at: m.index }));

/** Record words that carry no name: legal forms, what a payment is, what kind of shop. */
const NOT_A_NAME = new Set([
  "payroll",
  "payout",
  "deposit",
  "ach",
  "escrow",
  "corp",
  "inc",
  "ltd",
  "llc",
  "the",
  "and",
  "of",
  "client",
  "freelance",
]);

/** The words of the author's merchants and employers that name them, each with whether it is also an everyday English word. */
function nameWords(merchants: readonly string[]): { word: string; everyday: boolean }[] {
  const out = new Map<string, boolean>();
  for (const m of merchants) {
    for (const t of tokens(m)) {
      if (t.lower.length < 3 || /^\d+$/.test(t.lower) || NOT_A_NAME.has(t.lower)) continue;
      const everyday = ENGLISH.has(t.lower);
      // A three-letter everyday word ("one", "old", "air") names nothing alone.
      if (everyday && t.lower.length <= 3) continue;
      out.set(t.lower, everyday);
    }
  }
  return [...out].map(([word, everyday]) => ({ word, everyday }));
}

const COUNT_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  couple: 2,
  few: 3,
  several: 4,
  half: 0.5,
};
const UNITS: Record<string, number> = { hundred: 100, thousand: 1000, grand: 1000, k: 1000 };

/** Amounts written in words: "three grand" → 3000, "a couple hundred" → 200, "fifteen hundred" → 1500. */
function spelledAmounts(text: string): { said: string; value: number }[] {
  const ts = tokens(text);
  const out: { said: string; value: number }[] = [];
  ts.forEach((t, i) => {
    const unit = UNITS[t.lower];
    if (!unit) return;
    const prev = ts[i - 1]?.lower ?? "";
    const prev2 = ts[i - 2]?.lower ?? "";
    let n = COUNT_WORDS[prev] ?? (prev === "of" ? COUNT_WORDS[prev2] : undefined);
    if (n === undefined && (prev === "a" || prev === "one")) n = 1;
    if (n === undefined) return;
    out.push({ said: `${prev} ${t.text}`, value: n * unit });
  });
  return out;
}

/** The author's money figures (dollars). */
function moneyOf(s: Signals): number[] {
  const { subscriptions: sub, savings: sav, credit: cr, income: inc } = s;
  return [
    sub.monthly_recurring_spend,
    sub.recurring_spend_in_window,
    sub.total_spend_in_window,
    sav.savings_balance,
    sav.average_monthly_expenses,
    sav.investment_balance,
    cr.total_balance,
    cr.total_limit,
    inc.average_monthly_income,
    inc.liquid_balance,
    ...cr.cards.map((c) => c.balance),
  ]
    .map((v) => Math.abs(v ?? 0))
    .filter((v) => v >= 50);
}

/** Time told relative to the reader: always the author's own timeline, whatever the dates in their record. */
const RELATIVE_DATE =
  /\b(since|ago|last|past|this|next)\s+(?:\w+\s+)?(spring|summer|fall|autumn|winter|year|month|week|weekend|holidays?|christmas|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(since|over|during)\s+the\s+(holidays|new year|summer|winter|spring)\b|\b(a couple of|a few|two|three)\s+(weeks|months|days)\s+ago\b|\bback in the\s+\w+/i;

const wordIn = (text: string, word: string, caseSensitive: boolean) =>
  new RegExp(`(^|[^A-Za-z0-9])${word.replace(/[^A-Za-z0-9]/g, "")}($|[^A-Za-z0-9])`, caseSensitive ? "" : "i").test(text);
const sentences = (text: string) =>
  text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((x) => x.trim())
    .filter(Boolean);
const capitalized = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/**
 * Everything of the author a reused item carries: measures.ts's figures and identifiers, plus the
 * forms people write. Words the catalog's own text for the topic uses are everyone's, not counted.
 */
export function leaksOfAuthor(item: ServedItem, author: Requester): string[] {
  const found = new Set(authorLeaks(item, author));
  const reused = `${item.title}\n${item.content}`;
  const topic = getTopic(item.topic);
  const catalog = topic ? `${topic.title}\n${topic.content}` : "";
  for (const { word, everyday } of nameWords(author.identity.merchants)) {
    if (wordIn(catalog, word, false)) continue;
    const hit = everyday ? wordIn(reused, capitalized(word), true) : wordIn(reused, word, false);
    if (hit) found.add(`${word} (merchant, short form)`);
  }
  // Their name in any case, in any sentence the catalog's text does not itself contain ("grace" in a
  // sentence of the model's own is theirs, even though the catalog says "grace period").
  const catalogSentences = new Set(sentences(catalog));
  const own = sentences(reused)
    .filter((x) => !catalogSentences.has(x))
    .join("\n");
  for (const part of tokens(author.identity.fullName)) {
    if (part.lower.length >= 2 && wordIn(own, part.lower, false)) found.add(`${part.lower} (name, any case)`);
  }
  const money = moneyOf(author.signals);
  for (const a of spelledAmounts(reused)) {
    if (money.some((m) => Math.abs(a.value - m) <= 0.35 * m)) found.add(`${a.said} (amount in words)`);
  }
  const date = RELATIVE_DATE.exec(reused);
  if (date && !RELATIVE_DATE.test(catalog)) found.add(`${date[0]} (relative date)`);
  return [...found];
}
