/**
 * The operator console in a real headless Chromium, against its own stack (in-memory Postgres and
 * `wrangler dev` on free ports). It signs in, reviews, reads the audit trail, the person and the
 * metrics, checks that user tokens are refused and that no token reaches a URL or web storage, runs
 * axe on every page, and saves screenshots: to .scratch/console-shots/ in a test run (a run of the
 * suite leaves the tree as it found it), or to docs/console/, the README's, with
 * `npm run console:screenshots`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";

/* Functions passed to evaluate() run in the page; this project's TypeScript has no DOM types, so they reach it through `any`. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/local-settings";
import { launchChromium } from "./chromium";
import { startConsoleStack, type ConsoleStack } from "./console-stack";
import { AuditSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const SHOTS = join(ROOT, process.env.CONSOLE_SCREENSHOTS === "docs" ? "docs/console" : ".scratch/console-shots");
let env: ConsoleStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every URL the browser asked for, and every console error (a CSP violation is one). */
const requested: string[] = [];
const consoleErrors: string[] = [];

const url = (path: string) => `${env.stack.url}${path}`;

function watch(p: Page): Page {
  p.on("request", (r) => requested.push(r.url()));
  p.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  return p;
}

async function signIn(p: Page, token: string): Promise<void> {
  await p.goto(url("/console/sign-in"));
  await p.getByLabel("Operator token").fill(token);
  const posted = p.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/console/sign-in"));
  await p.getByRole("button", { name: "Sign in" }).click();
  await posted;
  await p.waitForLoadState("load");
}

/** No WCAG 2 A/AA violation that axe can find on the page as it is now. */
async function expectAccessible(p: Page): Promise<void> {
  const result = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function auditRows(p: Page): Promise<string[][]> {
  return p
    .locator("#audit tbody tr")
    .evaluateAll((rows: any[]) => rows.map((r) => Array.from(r.querySelectorAll("td"), (td: any) => String(td.textContent).trim())));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [env, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = watch(await context.newPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.stack.stop();
});

describe("operator console in a headless browser", () => {
  it("refuses user-scoped tokens and a wrong token, with a clear message and no cookie", async () => {
    await page.goto(url("/console"));
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    // Keyboard: the first Tab lands on the skip link, which becomes visible.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect.poll(() => skip.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    expect(await skip.evaluate((el) => (globalThis as any).getComputedStyle(el).outlineStyle)).not.toBe("none");
    // It works: focus moves to the main content, and the next Tab reaches the token field in order.
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe("main");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe("token");
    await expectAccessible(page);

    for (const token of [env.stack.userToken, env.boundUserToken]) {
      await signIn(page, token);
      expect(await page.getByRole("alert").textContent()).toContain("user-scoped token");
      expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    }
    await signIn(page, "not-a-token-at-all-0000");
    expect(await page.getByRole("alert").textContent()).toContain("not valid");
    expect(await context.cookies()).toEqual([]);
  });

  it("signs in with the operator token: an HttpOnly, Secure, SameSite=Strict session cookie over http://127.0.0.1", async () => {
    await signIn(page, env.stack.operatorToken);
    expect(new URL(page.url()).pathname).toBe("/console");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Review queue");
    const cookies = await context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite, path: c.path }))).toEqual([
      { name: "__Host-spendsense_console", httpOnly: true, secure: true, sameSite: "Strict", path: "/" },
    ]);
    expect(cookies[0]!.value).not.toContain(env.stack.operatorToken);
    // The page's script cannot read it.
    expect(await page.evaluate(() => String((globalThis as any).document.cookie))).toBe("");
    await expectAccessible(page);
  });

  it("approves one recommendation and rejects another with a reason; each leaves its audit row", async () => {
    const [approveId, rejectId] = env.pendingIds as [string, string];
    await page.goto(url("/console"));
    await page.locator(`a[href="/console/recommendations/${approveId}"]`).click();
    await page.getByLabel("Reason").fill("Clear, grounded in their numbers");
    await Promise.all([page.waitForURL(/\?done=approved$/), page.getByRole("button", { name: "Approve", exact: true }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("Approved");
    expect(await auditRows(page)).toEqual([
      [
        expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
        "Approve",
        "pending",
        "approved",
        "Clear, grounded in their numbers",
        "operator",
      ],
    ]);
    // Focus moved to the next item in the queue, so Enter (or n) opens it.
    await expect.poll(() => page.evaluate(() => String((globalThis as any).document.activeElement?.id))).toBe("next-item");

    await page.goto(url(`/console/recommendations/${rejectId}`));
    await page.getByLabel("Reason").fill("Repeats another recommendation in the set");
    await Promise.all([page.waitForURL(/\?done=rejected$/), page.getByRole("button", { name: "Reject", exact: true }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("Rejected");
    expect(await auditRows(page)).toEqual([
      [expect.stringMatching(/UTC$/), "Reject", "pending", "rejected", "Repeats another recommendation in the set", "operator"],
    ]);

    // An override without a reason is refused on the page, and changes nothing.
    await page.getByLabel("Reason").fill("");
    await page.getByRole("button", { name: "Override", exact: true }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Reason: give a reason of at least 3 characters");
    expect(await auditRows(page)).toHaveLength(1);
    await expectAccessible(page);
    await page.goto(url(`/console/recommendations/${rejectId}`));
    await page.screenshot({ path: join(SHOTS, "recommendation.png"), fullPage: true });

    // The JSON API sees the same transitions (one review implementation).
    for (const [id, status] of [
      [approveId, "approved"],
      [rejectId, "rejected"],
    ] as const) {
      const res = await fetch(url(`/recommendations/${id}/audit`), { headers: { authorization: `Bearer ${env.stack.operatorToken}` } });
      const body = await answerOf(res, AuditSchema);
      expect(body.audit).toEqual([expect.objectContaining({ to_status: status, actor: "operator" })]);
    }
  });

  it("bulk-approves the ticked recommendations", async () => {
    const ids = env.pendingIds.slice(2, 4);
    await page.goto(url("/console"));
    for (const id of ids) await page.locator(`#pick-${id}`).check();
    await page.getByLabel("Reason for the approvals (optional)").fill("Batch checked");
    await Promise.all([page.waitForURL(/\?done=bulk/), page.getByRole("button", { name: "Approve selected" }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("Approved 2 recommendations");
    for (const id of ids) expect(await page.locator(`#pick-${id}`).count()).toBe(0);
  });

  it("two operators at once: each is named on their actions, a claim shows who has an item, the audit log names both", async () => {
    // A second context (its own cookies), left open: with the package's --single-process Chromium, closing a context ends the browser.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const alice = watch(await other.newPage());
    try {
      await signIn(alice, env.alice.token);
      expect(await alice.locator("#operator-name").textContent()).toBe("alice");
      const [mine, theirs] = [env.pendingIds[4]!, env.pendingIds[5]!];
      // Alice claims one item; the operator sees she has it, and cannot decide it meanwhile.
      await alice.goto(url(`/console/recommendations/${theirs}`));
      await Promise.all([alice.waitForLoadState("load"), alice.getByRole("button", { name: "Claim it" }).click()]);
      await page.goto(url(`/console/recommendations/${theirs}`));
      expect(await page.locator("#claim").textContent()).toContain("alice is reviewing this");
      await page.getByRole("button", { name: "Reject", exact: true }).click();
      expect(await page.getByRole("alert").textContent()).toContain("alice is reviewing this");
      // Both decide at once, each on their own item.
      await Promise.all([alice.goto(url(`/console/recommendations/${theirs}`)), page.goto(url(`/console/recommendations/${mine}`))]);
      await Promise.all([
        Promise.all([alice.waitForURL(/\?done=approved$/), alice.getByRole("button", { name: "Approve", exact: true }).click()]),
        Promise.all([page.waitForURL(/\?done=rejected$/), page.getByRole("button", { name: "Reject", exact: true }).click()]),
      ]);
      await page.goto(url("/console/audit"));
      const rows = await page
        .locator("#audit-log tbody tr")
        .evaluateAll((trs: any[]) => trs.map((r) => String(r.querySelector("td[data-label=By]").textContent)));
      expect(rows.slice(0, 2).sort()).toEqual(["alice", "operator"]);
      await page.getByLabel("Operator (name or part of it)").fill("ali");
      await Promise.all([page.waitForURL(/operator=ali/), page.getByRole("button", { name: "Apply" }).click()]);
      expect(await page.locator("#audit-log tbody td[data-label=By]").allTextContents()).toEqual(["alice"]);
      await expectAccessible(page);
    } finally {
      await alice.close();
    }
  });

  it("filters the queue in the URL, moves through it with the keyboard, and shows the shortcuts with ?", async () => {
    const person = [...env.people].reverse().find((p) => env.pendingIds.includes(p.recommendationIds[0]!))!.userId;
    await page.goto(url("/console"));
    await page.getByLabel("Status").selectOption("pending");
    await page.getByLabel("Person (id or its start)").fill(person);
    await Promise.all([page.waitForURL(/status=pending/), page.getByRole("button", { name: "Apply" }).click()]);
    expect(new URL(page.url()).searchParams.get("person")).toBe(person);
    const people = await page.locator("#queue td[data-label=Person]").allTextContents();
    expect(people.length).toBeGreaterThan(0);
    expect(new Set(people.map((p) => p.trim()))).toEqual(new Set([person]));
    expect(await page.locator("#queue td[data-label='Why waiting']").first().textContent()).toContain("New: waiting for a first review");
    // Keyboard: j focuses the first item, ? opens the help, ? again closes it.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    expect(await page.evaluate(() => String((globalThis as any).document.activeElement.getAttribute("href")))).toMatch(
      /^\/console\/recommendations\//,
    );
    await page.keyboard.press("?");
    await expect.poll(() => page.locator("#shortcuts").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.keyboard.press("?");
    await expect.poll(() => page.locator("#shortcuts").isVisible()).toBe(false);

    // a and x decide only when pressed twice: one stray key points at the button and decides nothing.
    const item = await page.evaluate(() => String((globalThis as any).document.activeElement.getAttribute("href")));
    await page.goto(url(item));
    const hint = page.locator("#shortcut-hint");
    await page.keyboard.press("a");
    await expect.poll(() => hint.textContent()).toBe("Press a again to approve, or Esc to cancel.");
    expect(await page.evaluate(() => String((globalThis as any).document.activeElement.textContent).trim())).toBe("Approve");
    await page.keyboard.press("Escape");
    await expect.poll(() => hint.textContent()).toBe("");
    await page.keyboard.press("a");
    await page.keyboard.press("x"); // another key: x is pointed at instead, nothing decided
    await expect.poll(() => hint.textContent()).toBe("Press x again to reject, or Esc to cancel.");
    expect(new URL(page.url()).search).toBe("");
    await Promise.all([page.waitForURL(/\?done=rejected$/), page.keyboard.press("x")]);
    expect((await auditRows(page)).at(-1)).toEqual([expect.stringMatching(/UTC$/), "Reject", "pending", "rejected", "—", "operator"]);
    await page.goto(url("/console"));
    await page.screenshot({ path: join(SHOTS, "review-queue.png") });
  });

  it("shows where a reused recommendation came from", async () => {
    expect(env.reusedId, "the seeded stack should serve one request from the vector tier").toBeDefined();
    await page.goto(url(`/console/recommendations/${env.reusedId}`));
    const origin = await page.locator(".origin").textContent();
    expect(origin).toMatch(/Reused by the vector tier.*made for user_\d+, at similarity 0\.\d{3}/s);
  });

  it("shows one person: both windows' persona and signals, consent with history, recommendations", async () => {
    const person = env.people[0]!.userId;
    await page.goto(url(`/console/people/${person}`));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(person);
    for (const name of ["30-day window", "180-day window", "Consent", "Recommendations"]) {
      expect(await page.getByRole("heading", { name, exact: true }).count()).toBe(1);
    }
    expect(await page.locator("main").textContent()).toContain("Persona:");
    await expectAccessible(page);
    await page.screenshot({ path: join(SHOTS, "person.png"), fullPage: true });
  });

  it("opens the live metrics: hit rate over time, latency per source, the drops slot, honest queue figures", async () => {
    await page.goto(url("/console/metrics"));
    // Two charts, each drawn for a wide and a narrow box (one shown at a time).
    expect(await page.locator("svg[role=img]").count()).toBe(4);
    const sources = await page.locator("#latency-table tbody td:first-child").allTextContents();
    expect(sources.map((s) => s.trim())).toEqual(expect.arrayContaining(["vector_db", "kv_cache", "catalog"]));
    expect(await page.locator("#vector-tier-drops").textContent()).toContain("Vector-tier drops");
    expect(await page.locator("#vector-tier-drops").textContent()).toContain("reused items refused at serving time");
    expect(await page.locator("#queue-backlog").textContent()).toContain("items still queued");
    expect(await page.locator("#dead-letters").textContent()).toContain("Dead letters");
    // The script's auto-refresh control is there (it is hidden without the script).
    expect(await page.getByLabel("Refresh every 15 s").isVisible()).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: join(SHOTS, "metrics.png"), fullPage: true });
  });

  it("shows the calibration table and chart built into the Worker", async () => {
    await page.goto(url("/console/calibration"));
    expect(await page.locator(".doc table").first().textContent()).toContain("threshold");
    // One chart per calibration document (the disobedient model's and the obedient one's), each loaded.
    const charts = page.getByRole("img", { name: "hit rate, relevance and agreement against threshold" });
    expect(await charts.count()).toBe(2);
    for (const chart of await charts.all()) {
      await expect.poll(() => chart.evaluate((img: any) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    await expectAccessible(page);
  });

  it("works at 375 px wide: no sideways scrolling, readable charts that fit, no axe violation on any page", async () => {
    const narrow = watch(await context.newPage());
    await narrow.setViewportSize({ width: 375, height: 812 });
    const paths = [
      "/console",
      `/console/recommendations/${env.pendingIds[1]}`,
      `/console/people/${env.people[0]!.userId}`,
      "/console/people",
      "/console/metrics",
      "/console/calibration",
      "/console/audit",
    ];
    for (const path of paths) {
      await narrow.goto(url(path));
      expect(await narrow.evaluate(() => Number((globalThis as any).document.documentElement.scrollWidth)), path).toBeLessThanOrEqual(375);
      await expectAccessible(narrow);
    }
    // The metrics charts: each visible one fits its box, shows its newest bucket, and its text renders at 11 px or more.
    await narrow.goto(url("/console/metrics"));
    const charts = await narrow.locator("svg.chart").evaluateAll((svgs: any[]) =>
      svgs
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => {
          const box = svg.parentElement.getBoundingClientRect();
          const own = svg.getBoundingClientRect();
          const sizes = Array.from(
            svg.querySelectorAll("text"),
            (t: any) => parseFloat((globalThis as any).getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
          );
          return { fits: own.right <= box.right + 0.5 && own.width <= box.width + 0.5, smallest: Math.min(...sizes) };
        }),
    );
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(c.fits).toBe(true);
      expect(c.smallest).toBeGreaterThanOrEqual(11);
    }
    await narrow.goto(url("/console"));
    await narrow.screenshot({ path: join(SHOTS, "review-queue-375.png") });
    await narrow.close();
  });

  it("auto-refreshes the metrics and says when, in UTC like every other time", async () => {
    const zoned = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: "America/New_York",
      storageState: await context.storageState(),
    });
    const p = watch(await zoned.newPage());
    try {
      await p.clock.install();
      await p.goto(url("/console/metrics"));
      await p.getByLabel("Refresh every 15 s").check();
      await p.clock.runFor(16_000);
      await expect.poll(() => p.locator("#refresh-status").textContent()).toMatch(/^Updated at \d\d:\d\d:\d\d UTC\.$/);
    } finally {
      await p.close();
    }
  });

  it("never puts a token in a URL or in web storage, and breaks no CSP rule", async () => {
    const storage = await page.evaluate(
      () => JSON.stringify({ ...(globalThis as any).localStorage }) + JSON.stringify({ ...(globalThis as any).sessionStorage }),
    );
    for (const token of [env.stack.operatorToken, env.stack.userToken, env.boundUserToken]) {
      expect(requested.filter((u) => u.includes(token))).toEqual([]);
      expect(storage).not.toContain(token);
    }
    expect(requested.length).toBeGreaterThan(10);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it("signs out: the session ends on the server, so a copy of the cookie stops working too", async () => {
    await page.goto(url("/console"));
    const copied = await context.cookies();
    await Promise.all([page.waitForURL(/signed_out=1$/), page.getByRole("button", { name: "Sign out", exact: true }).click()]);
    expect(await page.getByRole("status").textContent()).toContain("signed out");
    expect(await context.cookies()).toEqual([]);
    await page.goto(url("/console/metrics"));
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    // Someone who copied the cookie before sign-out: it no longer opens anything.
    const thief = await browser.newContext();
    await thief.addCookies(copied);
    const p = await thief.newPage();
    await p.goto(url("/console"));
    expect(new URL(p.url()).pathname).toBe("/console/sign-in");
    expect(await p.getByRole("status").textContent()).toContain("Your session has ended");
    await p.close();
  });
});
