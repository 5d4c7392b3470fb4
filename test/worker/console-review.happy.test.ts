/**
 * The console for the first hour of review (issue 25), in the Workers runtime: queue filters in the
 * URL, why each item waits and for how long, the person's set, the next item after a decision,
 * people search, the site-wide audit log; and the defects found by a new operator, each fixed.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/console/session";
import { postJson, CONSOLE_ORIGIN, consoleSignIn, auditOf, errorOf, generatedSet } from "./helpers";
import { freshUserId, makeUser, seedSpender } from "./factories";

const ORIGIN = CONSOLE_ORIGIN;
let cookie = "";
let csrf = "";
let user = "";
let ids: string[] = [];

function get(path: string): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, redirect: "manual" }));
}

function post(path: string, form: Record<string, string>): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${cookie}`, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      redirect: "manual",
    }),
  );
}

const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** The links to recommendations in the queue's table, in order. */
const queueIds = (html: string) =>
  [...html.matchAll(/<td class="title-cell"><a href="\/console\/recommendations\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

beforeAll(async () => {
  cookie = await consoleSignIn();
  csrf = /name="_csrf" value="([^"]+)"/.exec(await (await get("/console")).text())![1]!;
  user = freshUserId();
  await seedSpender(user);
  const gen = { recommendations: await generatedSet(user) };
  ids = gen.recommendations.map((r) => r.id);
  // All flagged by an operator but the last, put back to pending: two statuses and an operator's reason to show.
  for (const id of ids)
    expect((await postJson(`/recommendations/${id}/override`, { status: "flagged", reason: "needs a second look" })).status).toBe(200);
  expect((await postJson(`/recommendations/${ids.at(-1)}/override`, { status: "rejected", reason: "off topic" })).status).toBe(200);
  expect(ids.length).toBeGreaterThanOrEqual(3);
});

describe("the review queue", () => {
  it("filters by person, status, persona and why in the URL, and shows why each item waits and for how long", async () => {
    const mine = await text(`/console?person=${user}`);
    expect(queueIds(mine).sort()).toEqual(ids.slice(0, -1).sort());
    expect(mine).toContain(`${ids.length - 1} recommendations match these filters`);
    expect(mine).toContain("operator: needs a second look");
    expect(mine).toMatch(/<td data-label="Waiting">\d+ (s|min)<\/td>/);
    // The filters are kept in the form, so the view can be shared and refined.
    expect(mine).toContain(`name="person" value="${user}"`);
    expect(queueIds(await text(`/console?person=${user}&status=pending`))).toEqual([]);
    expect(queueIds(await text(`/console?person=${user}&status=flagged&why=operator`))).toHaveLength(ids.length - 1);
    expect(queueIds(await text(`/console?person=${user}&why=guardrail`))).toEqual([]);
    expect(queueIds(await text(`/console?person=${user}&persona=wealth_builder&source=catalog`)).length).toBeLessThanOrEqual(
      ids.length - 1,
    );
    // A person's start matches too; LIKE wildcards are taken literally.
    expect(queueIds(await text(`/console?person=${user.slice(0, -1)}`))).toEqual(expect.arrayContaining(ids.slice(0, -1)));
    expect(queueIds(await text(`/console?person=${user.slice(0, 3)}_`)).every((id) => !ids.includes(id)) || user[3] === "_").toBe(true);
  });

  it("sorts newest first and by person, and refuses a bad filter with 400", async () => {
    const oldest = queueIds(await text(`/console?person=${user}`));
    const newest = queueIds(await text(`/console?person=${user}&sort=newest`));
    expect(newest).toEqual([...oldest].reverse());
    expect(queueIds(await text(`/console?person=${user}&sort=person`))).toHaveLength(oldest.length);
    for (const bad of ["sort=random", "status=approved", "person=a%25b", "why=because", "persona=rich"])
      expect((await get(`/console?${bad}`)).status, bad).toBe(400);
  });

  it("says a page past the end is past the end, not that the queue is empty (defect: /console?offset=25)", async () => {
    const html = await text("/console?offset=1000000");
    expect(html).not.toContain("The queue is empty");
    expect(html).toContain("This page is past the end of the list");
    expect(html).toContain('<a href="/console">Go to the first page</a>');
  });
});

describe("one recommendation", () => {
  it("shows Created to the second, and the rest of the person's set", async () => {
    const html = await text(`/console/recommendations/${ids[0]}`);
    expect(html).toMatch(/<dt>Created<\/dt><dd>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC<\/dd>/);
    for (const id of ids.slice(1)) expect(html).toContain(`href="/console/recommendations/${id}"`);
    expect(html).toContain('<h2 id="set-h">');
  });

  it("refuses an override to the status it already has: 409 on the page and in the API, nothing audited (defect)", async () => {
    const id = ids[1]!;
    const before = await auditOf(id);
    const page = await post(`/console/recommendations/${id}/review`, { action: "override", status: "flagged", reason: "again" });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain("already flagged");
    const api = await postJson(`/recommendations/${id}/override`, { status: "flagged", reason: "again" });
    expect(api.status).toBe(409);
    expect(await auditOf(id)).toEqual(before);
  });

  it("shows a review conflict on the recommendation's own page, with the API's message, not as an error page", async () => {
    const id = ids.at(-1)!;
    const page = await post(`/console/recommendations/${id}/review`, { action: "approve", reason: "looks fine now" });
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toMatch(/role="alert"><strong>Nothing was changed\.<\/strong>Cannot approve a recommendation that is rejected\.</);
    expect(html).not.toContain("HTTP 409");
    const api = await postJson(`/recommendations/${id}/approve`, { reason: "looks fine now" });
    expect([api.status, await errorOf(api)]).toEqual([
      409,
      { code: "CONFLICT", message: "Cannot approve a recommendation that is rejected" },
    ]);
  });

  it("after a decision, offers the next item in the queue, focused", async () => {
    const id = ids[0]!;
    const res = await post(`/console/recommendations/${id}/review`, { action: "approve", reason: "fine" });
    expect(res.status).toBe(303);
    const html = await text(res.headers.get("location")!);
    const next = /<a href="\/console\/recommendations\/([0-9a-f-]{36})" id="next-item" data-autofocus/.exec(html);
    expect(next).not.toBeNull();
    expect(next![1]).not.toBe(id);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "approve", actor: "operator" });
  });
});

describe("people, audit log, calibration", () => {
  it("finds people by part of an id, and by part of a name", async () => {
    const byId = await text(`/console/people?q=${user.slice(-4)}`);
    expect(byId).toContain(`href="/console/people/${user}"`);
    expect((await get("/console/people?q=%3Cscript%3E")).status).toBe(400);
    expect(await text("/console/people?q=no-such-person-zz")).toContain("0 people");
  });

  it("lists every review on the site, filterable by operator and time", async () => {
    const all = await text("/console/audit?operator=operat");
    expect(all).toContain(`/console/recommendations/${ids[0]}`);
    expect(all).toContain('<td data-label="By">operator</td>');
    expect(await text("/console/audit?operator=nobody-at-all")).toContain("No review action matches.");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await text(`/console/audit?from=${tomorrow}`)).toContain("No review action matches.");
    expect(await text(`/console/audit?to=${tomorrow}&operator=operator`)).toContain(`/console/recommendations/${ids[0]}`);
    expect((await get("/console/audit?from=yesterday")).status).toBe(400);
  });

  it("shows the live threshold beside the recommended one on the calibration page", async () => {
    const html = await text("/console/calibration");
    expect(html).toMatch(/Live threshold: 0\.85/);
    expect(html).toMatch(/recommended by docs\/eval\/calibration\.md: <strong>0\.\d\d<\/strong>/);
  });

  it("describes persona reasons in words, never as signal field names (defect)", async () => {
    const wealthy = await makeUser({ persona: "wealth_builder" });
    const html = await text(`/console/people/${wealthy.userId}`);
    expect(html).toMatch(/Persona: <strong>Wealth builder<\/strong>/);
    expect(html).toMatch(/Average monthly income: \$[\d,]+\.\d\d \(at least \$8,000\.00\)/);
    expect(html).not.toMatch(/\b(credit|income|savings|subscriptions)\.[a-z_]+/);
    // People search finds them by part of their name, in any case.
    const part = wealthy.fullName.split(" ").at(-1)!.slice(0, 5).toUpperCase();
    expect(await text(`/console/people?q=${encodeURIComponent(part)}`)).toContain(`href="/console/people/${wealthy.userId}"`);
  });

  it("draws each chart as responsive SVG (a viewBox, both frames, no scrolling box around it)", async () => {
    const html = await text("/console/metrics?range=7d");
    const charts = [...html.matchAll(/<svg class="chart" viewBox="0 0 (\d+) \d+"/g)].map((m) => Number(m[1]));
    expect(charts.length).toBeGreaterThan(0);
    expect(new Set(charts)).toEqual(new Set([720, 330]));
    expect(html).not.toMatch(/<div class="table-wrap"><svg/);
  });
});
