import { describe, expect, it } from "vitest";
import { CATALOG, getTopic } from "../../src/domain/catalog";
import { authorDigest, depersonalize, REUSE_RULE_VERSION, reusableItemViolations, type AuthorRecord } from "../../src/domain/reuse-rule";

const author: AuthorRecord = {
  userId: "user_00042",
  fullName: "Grace Okafor",
  email: "grace.okafor@example.com",
  accountIds: ["acc_00042_checking"],
  masks: ["4523"],
  merchants: ["Netflix", "ACME CORP PAYROLL", "Whole Foods Market", "Café Olé"],
};
const digest = authorDigest(author);
const TOPIC = "pay_down_highest_utilization_card";
const title = getTopic(TOPIC)!.title;
const kindsOf = (content: string, topic = TOPIC) => reusableItemViolations({ topic, title, content }, digest).map((v) => `${v.kind}:${v.match}`);

describe("the reuse rule", () => {
  it("passes every catalog topic's own text, whoever the author", () => {
    const awkward = authorDigest({ ...author, fullName: "Grace Period", merchants: ["Payroll", "Rent", "Interest", "Credit Card"] });
    for (const t of CATALOG) expect(reusableItemViolations(t, awkward), t.topic).toEqual([]);
  });

  it.each([
    ["At 81.3% utilization and a 29.99% APR, paying more helps.", ["figure:81.3", "figure:29.99"]],
    ["A utilization of 0.81 is high.", ["figure:0.81"]],
    ["You use 81 percent of your limit.", ["figure:81"]],
    ["It costs 1,200 dollars a year, or 1200 USD.", ["figure:1,200", "figure:1200"]],
    ["Your 5 recurring charges add up.", ["figure:5"]],
    ["You have 0.4 months of buffer.", ["figure:0.4"]],
    ["Five subscriptions is a lot.", ["number_word:Five"]],
    ["About twelve hundred dollars, or half of it.", ["number_word:twelve", "number_word:hundred", "number_word:half"]],
    ["Paid every Friday in March.", ["date_word:Friday", "date_word:March"]],
    ["On 2026-10-14 the payment was late.", ["figure:2026", "figure:10", "figure:14"]],
    ["Your card ending in 4523 is the one.", ["figure:4523", "author_term:4523"]],
  ])("refuses figures in any written form: %s", (content, expected) => {
    expect(kindsOf(content)).toEqual(expect.arrayContaining(expected));
  });

  it("refuses the author's merchants in any case, their email and ids, and their name written as a name", () => {
    expect(kindsOf("Your Netflix plan renews.")).toEqual(["author_term:Netflix"]);
    expect(kindsOf("your netflix plan renews")).toEqual(["author_term:netflix"]);
    expect(kindsOf("Shopping at whole foods market adds up.")).toEqual(["author_term:whole foods market"]);
    expect(kindsOf("Lunch at Cafe Ole.")).toEqual(["author_term:Cafe Ole"]);
    expect(kindsOf("Your ACME Corp Payroll deposit.")).toEqual(["author_term:ACME Corp Payroll"]);
    expect(kindsOf("Write to grace.okafor@example.com.")).toEqual(expect.arrayContaining(["author_term:grace okafor"]));
    expect(kindsOf("See acc_00042_checking.")).toEqual(expect.arrayContaining(["author_term:acc 00042 checking"]));
    expect(kindsOf("Grace, this one is for you.")).toEqual(["author_name:Grace"]);
    expect(kindsOf("Dear Ms Okafor.")).toEqual(["author_name:Okafor"]);
    // The catalog's "grace period" (lower case) does not excuse the name written as a name (found by the eval's disobedient model).
    const interest = getTopic("stop_interest_charges")!;
    expect(reusableItemViolations({ topic: interest.topic, title: `Grace: ${interest.title}`, content: interest.content }, digest).map((v) => `${v.kind}:${v.match}`)).toEqual(["author_name:Grace"]);
  });

  it("allows what is generic: the catalog's own figures and words for the topic, other people's merchants, a name used as a word", () => {
    expect(kindsOf("Many people aim to keep each card below 30% of its limit.")).toEqual([]);
    expect(kindsOf("During the grace period no interest is charged.")).toEqual([]);
    expect(kindsOf("A streaming service such as Hulu renews monthly.")).toEqual([]);
    expect(kindsOf("One option is to pay a little more each month.")).toEqual([]);
    // 30% is generic for utilization, but not for a topic whose catalog text never says it.
    expect(kindsOf("Keep it below 30%.", "check_your_credit_report")).toEqual(["figure:30"]);
  });

  it("keeps no name, merchant or id in clear in the digest, and refuses an unknown topic or another rule version", () => {
    const text = JSON.stringify(digest);
    for (const clear of ["Grace", "Okafor", "Netflix", "acme", "00042", "4523", "example"]) expect(text.toLowerCase()).not.toContain(clear.toLowerCase());
    expect(digest.v).toBe(REUSE_RULE_VERSION);
    expect(reusableItemViolations({ topic: "no_such_topic", title: "A title", content: "Text." }, digest)).toEqual([{ kind: "unknown_topic", match: "no_such_topic" }]);
    expect(reusableItemViolations({ topic: TOPIC, title, content: "Text." }, { ...digest, v: REUSE_RULE_VERSION + 1 })).toHaveLength(1);
  });

  it("at generation, replaces a failing title or content with the catalog's text for the topic and counts it", () => {
    const topic = getTopic(TOPIC)!;
    const { item, replaced } = depersonalize({ topic: TOPIC, title: "Grace's card at 81%", content: "A general explanation.", rationale: "kept" }, digest);
    expect(item).toEqual({ topic: TOPIC, title: topic.title, content: "A general explanation.", rationale: "kept" });
    expect(replaced).toBe(1);
    expect(depersonalize({ topic: TOPIC, title: "Fine", content: "Your Netflix plan.", rationale: "r" }, digest)).toMatchObject({ item: { content: topic.content }, replaced: 1 });
  });
});
