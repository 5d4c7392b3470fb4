/**
 * The API and the console classify an error once (src/http/error-answer.ts): a database outage
 * is 503 with Retry-After in both, as JSON for the API and as a page for the console.
 */
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/console/session";
import { callWithDeadDatabase, errorOf, consoleSignIn } from "./helpers";

describe("one classification of errors", () => {
  it("answers a database outage with 503 and Retry-After on the API and in the console alike", async () => {
    const api = await callWithDeadDatabase("/users?limit=1");
    expect(api.status).toBe(503);
    expect((await errorOf(api)).code).toBe("DATABASE_UNAVAILABLE");

    const page = await callWithDeadDatabase("/console/people", {}, null, {
      headers: { cookie: `${SESSION_COOKIE}=${await consoleSignIn()}` },
    });
    expect([page.status, page.headers.get("retry-after")]).toEqual([api.status, api.headers.get("retry-after")]);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("Database unreachable");
  });
});
