/**
 * Guardrails every recommendation passes before it is served or stored: the disclosure, a tone check
 * against shaming language, and grounding (every number a rationale cites is the person's own).
 */
import { percentValue, roundDays, roundMoney, roundMonths, roundTo } from "./format";
import type { Signals } from "./signals";

export const DISCLOSURE = "This is educational content, not financial advice. Consult a licensed advisor for personalized guidance.";

/** Appends the disclosure once: text that already carries it is returned unchanged. */
export function appendDisclosure(text: string): string {
  if (text.includes(DISCLOSURE)) return text;
  const body = text.trimEnd();
  return body === "" ? DISCLOSURE : `${body}\n\n${DISCLOSURE}`;
}

// ---- tone ----

/**
 * Shaming language, matched case-insensitively on word boundaries (so "bad with money" never
 * matches inside "badge", and "careless" does not match "carelessly", which is listed on its own).
 * Words that are also ordinary names are listed only in shaming phrases: "lazy" alone would flag a
 * merchant such as "Lazy River Water Park", so "you're lazy" / "lazy with money" are listed instead.
 * Likewise "overspending" alone can be neutral ("overspending alerts"); "you're overspending" is not.
 */
const SHAMING_PHRASES: readonly string[] = [
  "you're overspending",
  "you are overspending",
  "you overspend",
  "overspender",
  "irresponsible",
  "irresponsibly",
  "wasteful",
  "wasting money",
  "waste of money",
  "throwing money away",
  "bad with money",
  "terrible with money",
  "hopeless with money",
  "you should be ashamed",
  "ashamed of yourself",
  "shameful",
  "reckless",
  "recklessly",
  "you're lazy",
  "you are lazy",
  "lazy with money",
  "lazy about money",
  "careless",
  "carelessly",
  "foolish",
  "stupid",
  "dumb",
  "pathetic",
  "no self-control",
  "lack of self-control",
  "lack of discipline",
  "undisciplined",
  "you can't manage money",
  "you failed",
  "spending problem",
  "get your act together",
];

export interface ToneViolation {
  phrase: string;
  /** The text as it appeared. */
  match: string;
  index: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TONE_PATTERNS = SHAMING_PHRASES.map((phrase) => ({
  phrase,
  pattern: new RegExp(`\\b${phrase.split(/\s+/).map(escapeRegExp).join("\\s+")}\\b`, "gi"),
}));

/** Curly apostrophes become straight ones so "you’re" is caught like "you're" (same length). */
function normalizeApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'");
}

export function checkTone(text: string): ToneViolation[] {
  const normalized = normalizeApostrophes(text);
  const found: ToneViolation[] = [];
  for (const { phrase, pattern } of TONE_PATTERNS) {
    for (const m of normalized.matchAll(pattern)) {
      found.push({ phrase, match: text.slice(m.index, m.index + m[0].length), index: m.index });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

// ---- grounding ----

/** The values a rationale may cite for this person, keyed at the precision they are shown with. */
interface GroundedValues {
  moneyCents: Set<number>;
  /** Percent x100 (67.9% -> 6790, an APR of 24.99% -> 2499). */
  percentX100: Set<number>;
  monthsX10: Set<number>;
  daysX10: Set<number>;
  counts: Set<number>;
  masks: Set<string>;
}

const centsKey = (dollars: number) => Math.round(Math.abs(roundMoney(dollars)) * 100);
const percentKey = (percent: number) => Math.round(Math.abs(roundTo(percent, 2)) * 100);
const tenthsKey = (v: number) => Math.round(Math.abs(roundTo(v, 1)) * 10);

/**
 * Every citable value, from the signals. Negative amounts are cited as their magnitude ("net
 * withdrawals of $50"), so magnitudes are compared. Rationale templates cite nothing else.
 */
function groundedValues(s: Signals): GroundedValues {
  const money: number[] = [
    s.subscriptions.monthly_recurring_spend,
    s.subscriptions.recurring_spend_in_window,
    s.subscriptions.total_spend_in_window,
    ...s.subscriptions.recurring_merchants.flatMap((m) => [m.amount, m.monthly_equivalent]),
    s.savings.savings_balance,
    s.savings.net_savings_inflow,
    s.savings.monthly_net_inflow,
    s.savings.average_monthly_expenses,
    s.savings.investment_balance,
    s.credit.total_balance,
    s.credit.total_limit,
    s.credit.interest_charges,
    ...s.credit.cards.flatMap((c) => [
      c.balance,
      c.limit,
      c.interest_charges,
      ...[c.minimum_payment_amount, c.last_payment_amount, c.last_statement_balance].filter((v): v is number => v !== null),
    ]),
    s.income.average_monthly_income,
    s.income.liquid_balance,
  ];
  const ratios: (number | null)[] = [
    s.subscriptions.subscription_share,
    s.savings.growth_rate,
    s.credit.max_utilization,
    s.credit.total_utilization,
    ...s.credit.cards.map((c) => c.utilization),
    s.income.pay_variability,
  ];
  const aprs = [s.credit.max_apr_percentage, ...s.credit.cards.map((c) => c.apr_percentage)];
  const months = [s.savings.emergency_fund_months, s.income.cash_flow_buffer_months];
  const days = [s.window_days, s.subscriptions.lookback_days, s.income.lookback_days, s.income.median_pay_gap_days];
  const counts = [
    s.window_days,
    s.subscriptions.recurring_merchant_count,
    ...s.subscriptions.recurring_merchants.flatMap((m) => [m.charges_in_lookback, m.charges_in_window]),
    s.savings.savings_account_count,
    s.savings.investment_account_count,
    s.credit.card_count,
    s.credit.flagged_card_count,
    s.income.pay_event_count,
  ];
  const present = <T>(v: T | null): v is T => v !== null;
  return {
    moneyCents: new Set(money.map(centsKey)),
    percentX100: new Set([...ratios.filter(present).map((r) => percentKey(percentValue(r))), ...aprs.filter(present).map(percentKey)]),
    monthsX10: new Set(months.filter(present).map((m) => tenthsKey(roundMonths(m)))),
    daysX10: new Set(days.filter(present).map((d) => tenthsKey(roundDays(d)))),
    counts: new Set(counts),
    masks: new Set(s.credit.cards.flatMap((c) => (c.mask === null ? [] : [c.mask]))),
  };
}

type CitedKind = "money" | "percent" | "months" | "days" | "number";

export interface CitedNumber {
  /** As written, e.g. "$3,400", "68%", "2.5 months", "4523". */
  text: string;
  kind: CitedKind;
  value: number;
}

const NUMBER_TOKEN = /(\$\s?)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s?%)?/g;
const UNIT_AFTER = /^[\s-]*(months?|days?)\b/i;

/** Every number in a text, with the unit that tells what it claims to be. */
export function extractNumbers(text: string): CitedNumber[] {
  const out: CitedNumber[] = [];
  for (const m of text.matchAll(NUMBER_TOKEN)) {
    const digits = m[2] as string;
    const value = Number(digits.replace(/,/g, ""));
    const end = m.index + m[0].length;
    if (m[1] !== undefined) {
      out.push({ text: m[0], kind: "money", value });
    } else if (m[3] !== undefined) {
      out.push({ text: m[0], kind: "percent", value });
    } else {
      const unit = UNIT_AFTER.exec(text.slice(end));
      if (unit) {
        const kind: CitedKind = (unit[1] as string).toLowerCase().startsWith("month") ? "months" : "days";
        out.push({ text: text.slice(m.index, end + unit[0].length), kind, value });
      } else {
        out.push({ text: m[0], kind: "number", value });
      }
    }
  }
  return out;
}

export interface GroundingResult {
  ok: boolean;
  /** The cited numbers (as written) that are not this person's. */
  ungrounded: string[];
}

function isGrounded(n: CitedNumber, g: GroundedValues): boolean {
  switch (n.kind) {
    case "money":
      return g.moneyCents.has(centsKey(n.value));
    case "percent":
      return g.percentX100.has(percentKey(n.value));
    case "months":
      return g.monthsX10.has(tenthsKey(n.value));
    case "days":
      return g.daysX10.has(tenthsKey(n.value));
    case "number": {
      const raw = n.text;
      if (/^\d{4}$/.test(raw) && g.masks.has(raw)) return true;
      return Number.isInteger(n.value) && !/^0\d/.test(raw) && g.counts.has(n.value);
    }
  }
}

/**
 * Every number a rationale cites (money, percents, months, days, counts and 4-digit card masks)
 * must equal a value in this person's signals at the precision the templates show it. Presentation
 * may differ ("$3400.00" = "$3,400"); the value may not ("68%" is not 67.9%).
 */
export function checkGrounding(rationale: string, signals: Signals): GroundingResult {
  const g = groundedValues(signals);
  const ungrounded = extractNumbers(rationale.replace(DISCLOSURE, ""))
    .filter((n) => !isGrounded(n, g))
    .map((n) => n.text);
  return { ok: ungrounded.length === 0, ungrounded };
}

// ---- all together ----

export interface RecommendationText {
  title: string;
  content: string;
  rationale: string;
  /** Where the disclosure is carried when it is a field of its own. */
  disclosure?: string | null;
}

type GuardrailViolation =
  | { kind: "tone"; field: "title" | "content" | "rationale"; detail: string }
  | { kind: "grounding"; field: "rationale"; detail: string }
  | { kind: "disclosure"; detail: string };

export interface GuardrailResult {
  passed: boolean;
  violations: GuardrailViolation[];
}

function hasDisclosure(rec: RecommendationText): boolean {
  return rec.disclosure === DISCLOSURE || rec.content.includes(DISCLOSURE) || rec.rationale.includes(DISCLOSURE);
}

export function runGuardrails(rec: RecommendationText, signals: Signals): GuardrailResult {
  const violations: GuardrailViolation[] = [];
  for (const field of ["title", "content", "rationale"] as const) {
    for (const v of checkTone(rec[field])) {
      violations.push({ kind: "tone", field, detail: `shaming language "${v.match}" (matches "${v.phrase}")` });
    }
  }
  const grounding = checkGrounding(rec.rationale, signals);
  for (const text of grounding.ungrounded) {
    violations.push({ kind: "grounding", field: "rationale", detail: `"${text}" is not a number from this person's signals` });
  }
  if (!hasDisclosure(rec)) violations.push({ kind: "disclosure", detail: "the disclosure is missing" });
  return { passed: violations.length === 0, violations };
}
