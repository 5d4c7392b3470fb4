/** The operator console's pages in the Workers runtime, signed in: what each one shows. */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/console/session";
import { call, postJson, withDb, CONSOLE_ORIGIN, consoleSignIn, errorOf } from "./helpers";
import { seedSpender, seedUsers } from "./factories";
import { AuditSchema, GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const ORIGIN = CONSOLE_ORIGIN;
const USER = "console_happy_user";
let cookie = "";
let csrf = "";
let ids: string[] = [];

function get(path: string): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, redirect: "manual" }));
}

function post(path: string, form: [string, string][]): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${cookie}`, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["_csrf", csrf], ...form]).toString(),
      redirect: "manual",
    }),
  );
}

beforeAll(async () => {
  cookie = await consoleSignIn();
  csrf = /name="_csrf" value="([^"]+)"/.exec(await (await get("/console")).text())![1]!;
  await seedSpender(USER);
  const gen = await answerOf(await call(`/recommendations/generate/${USER}?use_vector_db=false`, { method: "POST" }), GenerateSchema);
  ids = gen.recommendations.map((r) => r.id);
  for (const id of ids) await postJson(`/recommendations/${id}/override`, { status: "flagged", reason: "for the console pages test" });
});

describe("console pages", () => {
  it("lists flagged recommendations in the queue and bulk-approves the ticked ones, reporting those it could not", async () => {
    // Oldest first, and other files' tests leave pending items too: page until this file's shows up.
    let listed = false;
    for (let offset = 0; offset < 2_000 && !listed; offset += 25) {
      const page = await (await get(`/console?offset=${offset}`)).text();
      listed = page.includes(`/console/recommendations/${ids[0]}`);
      if (!page.includes("/console/recommendations/")) break;
    }
    expect(listed).toBe(true);
    const res = await post("/console/bulk-approve", [
      ["ids", ids[0]!],
      ["ids", ids[1]!],
      ["ids", "00000000-0000-4000-8000-000000000000"],
      ["reason", "Checked in bulk"],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console?done=bulk&approved=2&failed=1");
    expect(await (await get(res.headers.get("location")!)).text()).toContain("Approved 2 recommendations; 1 could not be approved");
    const audit = await answerOf(await call(`/recommendations/${ids[0]}/audit`), AuditSchema);
    expect(audit.audit.at(-1)).toMatchObject({ to_status: "approved", reason: "Checked in bulk", actor: "operator" });
  });

  it("shows a recommendation's origin and audit trail", async () => {
    const html = await (await get(`/console/recommendations/${ids[0]}`)).text();
    expect(html).toContain("Written by the generator");
    expect(html).toContain("Checked in bulk");
    expect(html).toContain("for the console pages test");
  });

  it("shows a person with both windows, consent and recommendations, and finds a person by id", async () => {
    const html = await (await get(`/console/people/${USER}`)).text();
    for (const text of ["30-day window", "180-day window", "Persona:", "Consent", ids[2]!]) expect(html).toContain(text);
    const found = await get(`/console/people/find?user_id=${USER}`);
    expect(found.headers.get("location")).toBe(`/console/people/${USER}`);
    const list = await (await get("/console/people?persona=")).text();
    expect(list).toContain("People");
  });

  it("shows a person with no transactions (no profile to compute), while the API answers 422 for their features", async () => {
    const person = "console_no_transactions";
    await seedUsers([person]);
    const page = await get(`/console/people/${person}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(person);
    const api = await call(`/users/${person}/features?window_days=30`, { method: "POST" });
    expect(api.status).toBe(422);
    expect((await errorOf(api)).code).toBe("INVALID_INPUT");
  });

  it("draws the metrics for each range from the request log", async () => {
    // A dead letter the consumers recorded, and a vector-tier answer that dropped two items.
    await withDb(async (h) => {
      await h.pool.query(
        "insert into dead_letters (queue, reason, message_id, attempts, body) values ('console-test-dlq', 'max_attempts', 'm-console', 4, '{}')",
      );
      await h.pool.query(
        "insert into request_log (request_id, route, source, total_ms, status, reuse_dropped) values ('console-drops', 'generate', 'vector_db', 20, 200, 2)",
      );
    });
    const html1h = await (await get("/console/metrics?range=1h")).text();
    expect(html1h).toMatch(/<code>console-test-dlq<\/code>: 1/);
    expect(html1h).toMatch(/<strong>\d+<\/strong> reused items refused at serving time/);
    expect(html1h).not.toContain("<strong>0</strong> reused items refused");
    expect(html1h).toMatch(/Bulk jobs: <strong>\d+<\/strong> items still queued/);
    for (const range of ["1h", "24h", "7d"]) {
      const res = await get(`/console/metrics?range=${range}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('id="vector-tier-drops"');
      expect(html).toContain('id="dead-letters"');
      // This file's own generate request is in every range.
      expect(html).toMatch(/<svg class="chart"[^>]*role="img"/);
    }
  });

  it("serves the calibration page and its chart, built in", async () => {
    const html = await (await get("/console/calibration")).text();
    expect(html).toContain("<table>");
    const svg = await get("/console/eval/calibration.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect((await get("/console/eval/other.svg")).status).toBe(404);
  });
});
