/**
 * Generic financial-education prose from two grammars of our own, kept apart on purpose:
 *   - `genericSentence`: what the obedient simulated model writes into its contents (the rule may
 *     be tuned on what the eval shows of these);
 *   - `heldOutParagraph`: the held-out paragraphs the false-refusal rate is measured on. Written
 *     once, before the rule, from other templates and other words, and never used to tune it.
 * Neither names, counts or dates anything: every refusal of them by the reuse rule is a false one.
 * Measurement code: nothing here is shared with src/domain/reuse-rule.ts.
 */

/** A small seeded generator (mulberry32): the same seed gives the same text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const fill = (rnd: () => number, template: string, slots: Record<string, readonly string[]>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => pick(rnd, slots[k]!));
const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1);

// ---- the simulator's grammar ----
const SIM_SLOTS = {
  habit: [
    "a short weekly review",
    "a simple spending plan",
    "an automatic transfer to savings",
    "a reminder before each due date",
    "a list of what renews",
    "a cushion for surprises",
  ],
  effect: [
    "makes the month feel calmer",
    "keeps small costs from piling up",
    "leaves more room for what matters",
    "turns good intentions into habits",
    "takes the guesswork out of bills",
  ],
  advice: [
    "start small and build from there",
    "pick one change and keep it",
    "write the plan down where you will see it",
    "look at the trend rather than a single week",
    "ask your bank which tools it offers",
  ],
} as const;
const SIM_TEMPLATES = [
  "Many people find that {habit} {effect}.",
  "If it feels like a lot, {advice}.",
  "Setting up {habit} often {effect}.",
  "A good first step: {advice}.",
  "Over time, {habit} {effect}.",
] as const;

/** One generic sentence of the obedient simulated model. */
export function genericSentence(seed: number): string {
  const rnd = random(seed * 2654435761);
  return capitalize(fill(rnd, pick(rnd, SIM_TEMPLATES), SIM_SLOTS));
}

// ---- the held-out grammar (false refusals are measured on this; never tune the rule to it) ----
const HELD_SLOTS = {
  subject: [
    "a budget",
    "an emergency fund",
    "your credit report",
    "a savings goal",
    "a debt payoff plan",
    "your monthly bills",
    "a rainy day account",
    "paying on time",
    "your interest rate",
    "a spending log",
  ],
  verb: ["helps you", "makes it easier to", "lets you", "can help you", "is a simple way to"],
  goal: [
    "see where your money goes",
    "avoid late fees",
    "stay ahead of surprises",
    "lower what you pay in interest",
    "feel more in control",
    "plan for bigger expenses",
    "spot charges you no longer need",
    "keep your credit healthy",
  ],
  opener: [
    "It is worth remembering that",
    "Experts often point out that",
    "In general,",
    "For most households,",
    "As a rule of thumb,",
    "It helps to know that",
  ],
  claim: [
    "small changes add up",
    "consistency matters more than perfection",
    "automatic payments reduce missed deadlines",
    "a clear plan lowers stress",
    "reviewing statements catches mistakes early",
    "saving a little regularly beats saving a lot rarely",
  ],
  action: ["Check", "Review", "Compare", "Track", "Revisit", "Adjust"],
  object: [
    "your recurring charges",
    "the fees on your accounts",
    "your balance before it grows",
    "the terms of your card",
    "your savings progress",
    "where your paycheck goes",
  ],
  time: [
    "from time to time",
    "regularly",
    "whenever your situation changes",
    "before making a large purchase",
    "at the end of each week",
    "now and then",
  ],
  close: [
    "Every step counts.",
    "Progress matters more than speed.",
    "You do not have to do it all at once.",
    "Small wins build momentum.",
    "The best plan is the one you keep.",
  ],
} as const;
const HELD_TEMPLATES = [
  "{opener} {claim}. {action} {object} {time}.",
  "{subject} {verb} {goal}. {close}",
  "{action} {object} {time}, because {subject} {verb} {goal}.",
  "{opener} {subject} {verb} {goal}. {action} {object} {time}. {close}",
  "{claim}: that is why {subject} {verb} {goal}.",
] as const;

/** One held-out generic paragraph (two or three sentences), distinct per seed. */
export function heldOutParagraph(seed: number): string {
  const rnd = random(seed * 40503 + 7);
  const first = capitalize(fill(rnd, pick(rnd, HELD_TEMPLATES), HELD_SLOTS));
  const second = capitalize(fill(rnd, pick(rnd, HELD_TEMPLATES), HELD_SLOTS));
  return `${first} ${second}`;
}
