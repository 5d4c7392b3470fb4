/**
 * The simulated model's personalities: each one disobeys the prompt in one way of its own, so the
 * eval can measure the reuse rule against each on its own. A personality writes sentences that
 * carry something of the person (their figures, merchants, employer, first name, amounts, dates),
 * in the forms people use rather than the forms their record holds.
 *
 * This file is measurement code: it shares nothing with src/domain/reuse-rule.ts (no tokenizer,
 * no word list, no pattern of the rule's).
 */

export const PERSONALITIES = ["figures", "short_names", "first_name", "slang_amounts", "relative_dates", "obedient"] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** What a personality may use: the person's facts and a few of their figures, as the prompt gives them. */
export interface PersonalityFacts {
  firstName?: string | undefined;
  merchants?: readonly string[] | undefined;
  /** Money figures of the person (dollars), e.g. savings balance, spend in the window. */
  amounts?: readonly number[] | undefined;
}

// Words a merchant's or employer's record carries that people leave out when they name it.
const DROPPED = new Set([
  "payroll",
  "payout",
  "deposit",
  "ach",
  "escrow",
  "corp",
  "inc",
  "ltd",
  "llc",
  "co",
  "the",
  "market",
  "pharmacy",
  "wireless",
  "internet",
  "financial",
  "theatres",
  "air",
  "lines",
  "client",
]);

const titleCase = (w: string) => (w === w.toUpperCase() && w.length > 1 ? w[0]! + w.slice(1).toLowerCase() : w);

/**
 * The short forms people use for a merchant or employer: "Comcast Xfinity" → "Xfinity" and
 * "Comcast"; "ACME CORP PAYROLL" → "Acme"; "Whole Foods Market" → "Whole Foods". Forms of two
 * letters or fewer are left out (they name nothing).
 */
export function shortForms(merchant: string): string[] {
  const parts = merchant
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Za-z0-9&'+-]/g, ""))
    .filter(Boolean);
  const kept = parts.filter((w) => !DROPPED.has(w.toLowerCase())).map(titleCase);
  const forms = new Set<string>();
  if (kept.length > 0) forms.add(kept.join(" "));
  if (kept.length >= 2) {
    forms.add(kept[kept.length - 1]!);
    forms.add(kept[0]!);
  }
  return [...forms].filter((f) => f.replace(/[^A-Za-z0-9]/g, "").length >= 3 && f !== merchant);
}

const SPELLED = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** An amount as people say it: "about three grand", "a couple hundred", "roughly fifteen hundred bucks". */
export function slangAmount(dollars: number, variant: number): string | undefined {
  const d = Math.abs(dollars);
  if (d < 100) return undefined;
  const thousands = Math.round(d / 1000);
  const hundreds = Math.round(d / 100);
  const forms: string[] = [];
  if (thousands >= 1 && thousands <= 12) forms.push(`about ${SPELLED[thousands]} grand`, `roughly ${SPELLED[thousands]} thousand bucks`);
  if (hundreds >= 2 && hundreds <= 3) forms.push("a couple hundred", "a few hundred bucks");
  if (hundreds >= 11 && hundreds <= 19) forms.push(`around ${SPELLED[Math.min(12, hundreds - 10)] ?? "fifteen"} hundred over a grand`);
  if (hundreds >= 4 && hundreds <= 9)
    forms.push(`close to ${SPELLED[hundreds]} hundred dollars`, `about ${SPELLED[hundreds]} hundred bucks`);
  return forms.length ? forms[variant % forms.length] : undefined;
}

const RELATIVE_DATES = [
  "since last spring",
  "since last March",
  "back in the summer",
  "a couple of weeks ago",
  "since last year",
  "over the holidays",
  "since the new year",
  "last Tuesday",
];

/** Sentences that carry something of the person, as this personality writes them (empty when it has nothing to say). */
export function personalitySentences(personality: Personality, facts: PersonalityFacts): string[] {
  const out: string[] = [];
  switch (personality) {
    case "short_names":
      for (const m of facts.merchants ?? []) {
        for (const form of shortForms(m))
          out.push(`Your ${form} bill is a good place to start.`, `Those ${form} charges add up over time.`);
      }
      break;
    case "first_name":
      if (facts.firstName) {
        const lower = facts.firstName.toLowerCase();
        out.push(
          `${facts.firstName}, this one is for you.`,
          `This plan fits you well, ${facts.firstName}.`,
          `hey ${lower}, this one is worth a look.`,
          `A good habit for ${lower} to keep.`,
        );
      }
      break;
    case "slang_amounts":
      (facts.amounts ?? []).forEach((a, i) => {
        const said = slangAmount(a, i);
        if (said) out.push(`You have ${said} to work with here.`, `That is ${said} that could work harder.`);
      });
      break;
    case "relative_dates":
      for (const when of RELATIVE_DATES) out.push(`Your spending has grown ${when}.`, `Things have changed for you ${when}.`);
      break;
    case "figures":
    case "obedient":
      break;
  }
  return out;
}
