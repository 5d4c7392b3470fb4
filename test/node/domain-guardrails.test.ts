import { describe, expect, it } from "vitest";
import { getTopic, renderRationale } from "../../src/domain/catalog";
import { formatMoney, formatMonths, formatPercent, roundTo } from "../../src/domain/format";
import { appendDisclosure, checkGrounding, checkTone, DISCLOSURE, extractNumbers, runGuardrails } from "../../src/domain/guardrails";
import { cardHolder, gigWorker, steadyEarner, subscriber } from "./domain-fixtures";

describe("disclosure", () => {
  it("is exactly the one fixed sentence", () => {
    expect(DISCLOSURE).toBe("This is educational content, not financial advice. Consult a licensed advisor for personalized guidance.");
  });

  it("is appended exactly once, even when applied twice", () => {
    const once = appendDisclosure("Pay down the card with the highest utilization first.");
    const twice = appendDisclosure(once);
    expect(twice).toBe(once);
    expect(twice.split(DISCLOSURE).length - 1).toBe(1);
    expect(twice.endsWith(DISCLOSURE)).toBe(true);
    expect(appendDisclosure("")).toBe(DISCLOSURE);
  });
});

describe("tone", () => {
  it.each([
    "You're overspending on dining",
    "You’re overspending on dining", // curly apostrophe
    "YOU ARE OVERSPENDING on takeout.",
    "That was irresponsible.",
    "Honestly you are bad with money.",
    "Such wasteful subscriptions",
    "You should be ashamed of this balance.",
    "Stop spending carelessly.",
    "Reckless use of credit",
    "you're   lazy about budgeting",
  ])("flags %j", (text) => {
    expect(checkTone(text).length).toBeGreaterThan(0);
  });

  it.each([
    "You earned a savings badge this month.",
    "Badges and badminton are fine.",
    "Your Lazy River Water Park pass renews monthly.",
    "Recurring charges were 8% of your spending over the last 30 days.",
    "Overspending alerts can notify you when a category passes its budget.",
    "A careful review of each card helps.",
    "Dumbbells from the sporting goods store",
  ])("does not flag %j", (text) => {
    expect(checkTone(text)).toEqual([]);
  });

  it("reports the phrase, the text as written and where it is", () => {
    expect(checkTone("Note: You're overspending on dining")).toEqual([
      { phrase: "you're overspending", match: "You're overspending", index: 6 },
    ]);
  });
});

describe("grounding", () => {
  const sig = cardHolder("g", 3400, 5000, 45.2, "4523").signals(30);

  it("extracts money, percents, months, days, counts and masks", () => {
    expect(extractNumbers("Your card ending in 4523 is at 68% ($3,400 of $5,000); 2.5 months, a 30-day window, 5 charges.")).toEqual([
      { text: "4523", kind: "number", value: 4523 },
      { text: "68%", kind: "percent", value: 68 },
      { text: "$3,400", kind: "money", value: 3400 },
      { text: "$5,000", kind: "money", value: 5000 },
      { text: "2.5 months", kind: "months", value: 2.5 },
      { text: "30-day", kind: "days", value: 30 },
      { text: "5", kind: "number", value: 5 },
    ]);
  });

  it("accepts the person's own numbers, however they are punctuated", () => {
    expect(checkGrounding("Your card ending in 4523 is at 68% utilization ($3,400 of a $5,000 limit).", sig)).toEqual({
      ok: true,
      ungrounded: [],
    });
    expect(checkGrounding("You owe $3400.00 of $5000 over the last 30 days; interest was $45.20 at 24.99%.", sig).ok).toBe(true);
  });

  it.each([
    { name: "another card's digits", text: "Your card ending in 8841 is at 68% utilization.", bad: ["8841"] },
    { name: "a different percent", text: "Your card ending in 4523 is at 72% utilization.", bad: ["72%"] },
    { name: "a rounding the templates never use", text: "Your card is at 67.5% utilization.", bad: ["67.5%"] },
    { name: "a foreign amount", text: "You owe $3,450 on it.", bad: ["$3,450"] },
    { name: "a count that is not theirs", text: "You have 7 recurring charges.", bad: ["7"] },
    { name: "months that are not theirs", text: "Your savings cover 2.5 months.", bad: ["2.5 months"] },
    { name: "a pay gap that is not theirs", text: "Your pay arrives every 50 days.", bad: ["50 days"] },
  ])("rejects $name", ({ text, bad }) => {
    expect(checkGrounding(text, sig)).toEqual({ ok: false, ungrounded: bad });
  });

  it("months and days are matched at the precision they are shown", () => {
    const gig = gigWorker("v", 0.8).signals(30);
    expect(checkGrounding("Your checking covers 0.8 months; deposits come a median of 50 days apart.", gig).ok).toBe(true);
    expect(checkGrounding("Your checking covers 0.9 months.", gig).ok).toBe(false);
  });

  it("ignores the disclosure (it has no numbers) and text without numbers", () => {
    expect(checkGrounding(appendDisclosure("No numbers here."), sig).ok).toBe(true);
  });
});

describe("format: one formatting for templates and grounding", () => {
  it.each([
    [3400, "$3,400"],
    [3400.5, "$3,400.50"],
    [1234567.891, "$1,234,567.89"],
    [0.5, "$0.50"],
    [-25, "-$25"],
  ] as const)("formatMoney(%s) = %s", (value, text) => {
    expect(formatMoney(value)).toBe(text);
  });

  it("percents, months and rounding", () => {
    expect(formatPercent(0.68)).toBe("68%");
    expect(formatPercent(0.6789)).toBe("67.9%");
    expect(formatPercent(0.024)).toBe("2.4%");
    expect(formatMonths(2.5)).toBe("2.5 months");
    expect(formatMonths(1)).toBe("1.0 months");
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
  });
});

describe("runGuardrails", () => {
  const sig = subscriber("r", [9.99, 12.01, 15, 18, 20], 937.5).signals(30);
  const topic = getTopic("audit_subscriptions");
  if (!topic) throw new Error("audit_subscriptions is missing from the catalog");
  const rec = { title: topic.title, content: appendDisclosure(topic.content), rationale: renderRationale(topic, sig) };

  it("passes a catalog recommendation rendered for the person, with the disclosure", () => {
    expect(runGuardrails(rec, sig)).toEqual({ passed: true, violations: [] });
    expect(runGuardrails({ ...rec, content: topic.content, disclosure: DISCLOSURE }, sig).passed).toBe(true);
  });

  it("fails without the disclosure", () => {
    expect(runGuardrails({ ...rec, content: topic.content }, sig)).toEqual({
      passed: false,
      violations: [{ kind: "disclosure", detail: "the disclosure is missing" }],
    });
  });

  it("fails shaming language in any field and numbers that are not the person's", () => {
    const bad = { ...rec, title: "You're overspending on subscriptions", rationale: "You have 9 recurring charges." };
    const result = runGuardrails(bad, sig);
    expect(result.passed).toBe(false);
    expect(result.violations.map((v) => v.kind)).toEqual(["tone", "grounding"]);
  });

  it("fails a rationale rendered for someone else", () => {
    const other = steadyEarner("o").signals(30);
    const result = runGuardrails({ ...rec, rationale: renderRationale(topic, sig) }, other);
    expect(result.passed).toBe(false);
    expect(result.violations.every((v) => v.kind === "grounding")).toBe(true);
  });
});
