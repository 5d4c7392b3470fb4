import { beforeAll, describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../src/http/json-duplicate-keys";
import { callWithEnv } from "./helpers";
import { stateOf } from "../support/user-state";
import { seedSpender } from "./factories";
import { GenerateSchema } from "../../src/http/schemas";
import { answerOf, type ErrorAnswer } from "../support/answers";
import { must } from "../support/must";

/**
 * Every route, hostile input: each answer is a 4xx JSON error `{error:{code,message}}`, never a
 * 500, and nothing is written. The requests aim at a user of this file's own (with transactions,
 * pending recommendations and a cached answer), so a request that slipped through would change
 * that user's rows or cache entry, and the last test would see it.
 */

const TARGET = "hostile_target_1";
const REC = "{rec}"; // replaced by one of TARGET's pending recommendation ids
const REASON = "a good reason";

const json = (body: string, type = "application/json"): RequestInit => ({ headers: { "content-type": type }, body });
const jsonOf = (value: unknown) => json(JSON.stringify(value));
/** A body that arrives in chunks with no Content-Length, so only counting its bytes can refuse it. */
const streamed = (text: string): RequestInit => {
  const bytes = new TextEncoder().encode(text);
  return {
    headers: { "content-type": "application/json" },
    body: new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    }),
  };
};
const OVERSIZED = JSON.stringify({ user_id: TARGET, action: "revoke", pad: "x".repeat(20_000) });
const DEEP = `{"user_id":"${TARGET}","action":"revoke","x":${"[".repeat(5000)}${"]".repeat(5000)}}`;

/** Ids that are not ids: refused by format before anything is looked up. */
const HOSTILE_IDS: [string, string][] = [
  ["SQL quote", "' OR '1'='1"],
  ["SQL statement", "x'; DROP TABLE users; --"],
  ["path traversal", "../../etc/passwd"],
  ["encoded traversal", "..%2F..%2Fetc%2Fpasswd"],
  ["backslashes", "..\\..\\windows\\win.ini"],
  ["10 KB", "a".repeat(10_240)],
  ["65 characters", "a".repeat(65)],
  ["NUL byte", "user\u0000"],
  ["CJK", "用户"],
  ["emoji", "😀"],
  ["right-to-left override", "\u202euser"],
  ["fullwidth letters", "ｕｓｅｒ"],
  ["combining accent", "use\u0301r"],
  ["percent sign", "%"],
  ["space", "user 1"],
  ["newline", "user\n1"],
  ["dot", "user.1"],
];

interface Case {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  init?: RequestInit;
  status: number;
  code: string;
  /** Text the message must contain: the field at fault. */
  names?: string;
}
const C = (method: Case["method"], path: string, status: number, code: string, names?: string, init?: RequestInit): Case => ({
  method,
  path,
  init,
  status,
  code,
  names,
});
const bad = (method: Case["method"], path: string, names?: string, init?: RequestInit) =>
  C(method, path, 400, "INVALID_INPUT", names, init);

/** A valid, empty Plaid /transactions/sync page. */
const EMPTY_SYNC = { added: [], modified: [], removed: [], next_cursor: "", has_more: false };
/** One Plaid transaction for TARGET's own account, with everything else right. */
const PLAID_TXN = {
  transaction_id: "hostile_plaid_1",
  account_id: `acc_${TARGET}`,
  amount: 12.5,
  iso_currency_code: "USD",
  date: "2026-10-30",
  merchant_name: "Corner Shop",
  payment_channel: "in store",
  pending: false,
  personal_finance_category: { primary: "FOOD_AND_DRINK", detailed: "FOOD_AND_DRINK_GROCERIES" },
};
const sync = (added: unknown[]) => jsonOf({ ...EMPTY_SYNC, added });

const USER_ID_ROUTES: [Case["method"], (id: string) => string, RequestInit?][] = [
  ["GET", (id) => `/users/${id}`],
  ["POST", (id) => `/users/${id}/features`],
  ["GET", (id) => `/users/${id}/profile`],
  ["POST", (id) => `/users/${id}/token`],
  ["GET", (id) => `/consent/${id}`],
  ["POST", (id) => `/recommendations/generate/${id}?force_regenerate=true`],
  ["GET", (id) => `/recommendations/${id}`],
  ["POST", (id) => `/users/${id}/transactions/sync`, jsonOf(EMPTY_SYNC)],
  ["POST", (id) => `/users/${id}/accounts/sync`, jsonOf({ accounts: [] })],
  ["POST", (id) => `/users/${id}/liabilities/sync`, jsonOf({ accounts: [], liabilities: { credit: [] } })],
  ["POST", (id) => `/users/${id}/refresh`],
];
const REC_ID_ROUTES: [Case["method"], (id: string) => string, RequestInit?][] = [
  ["POST", (id) => `/recommendations/${id}/approve`, jsonOf({})],
  ["POST", (id) => `/recommendations/${id}/reject`, jsonOf({})],
  ["POST", (id) => `/recommendations/${id}/override`, jsonOf({ status: "rejected", reason: REASON })],
  ["GET", (id) => `/recommendations/${id}/audit`],
];

const idCases: [string, Case][] = [
  ...USER_ID_ROUTES.flatMap(([method, path, init]) =>
    HOSTILE_IDS.map(([what, id]): [string, Case] => [
      `${what} as user id`,
      bad(method, path(encodeURIComponent(id)), "path.user_id", init),
    ]),
  ),
  ...REC_ID_ROUTES.flatMap(([method, path, init]) =>
    [
      ...HOSTILE_IDS,
      ["not quite a UUID", "00000000-0000-0000-0000-00000000000g"],
      ["UUID in braces", "{00000000-0000-4000-8000-000000000000}"],
    ].map(([what, id]): [string, Case] => [`${what} as recommendation id`, bad(method, path(encodeURIComponent(id!)), "path.id", init)]),
  ),
  ["malformed percent-encoding", bad("GET", "/users/%E0%A4%A", "path.user_id")],
  ["double-encoded traversal", bad("GET", "/users/..%252F..%252Fetc%252Fpasswd", "path.user_id")],
  ["traversal out of the route", C("GET", "/users/../../etc/passwd", 404, "NOT_FOUND")],
  ["an unknown method", C("PUT", `/consent`, 405, "METHOD_NOT_ALLOWED", "POST", jsonOf({ user_id: TARGET, action: "revoke" }))],
  ["DELETE on a recommendation", C("DELETE", `/recommendations/${REC}/approve`, 405, "METHOD_NOT_ALLOWED", "POST")],
];

const WINDOWS = ["90", "0", "7", "-30", "1e2", "30.0", "180.5", "0x1e", "30%20", "%2030", "30%00", "x".repeat(10_240)];
const NUMBERS_NOT = ["abc", "-1", "1e3", "0x10", "1.5", "", "%205", "99999999999999999999", "Infinity", "NaN"];

const queryCases: [string, Case][] = [
  // /health takes no input at all.
  ["/health, unknown parameter", bad("GET", "/health?verbose=1", "verbose")],
  ["/health, __proto__", bad("GET", "/health?__proto__=1", "__proto__")],
  // windows other than 30 or 180, everywhere a window is read
  ...WINDOWS.flatMap((w): [string, Case][] => [
    [`/users window_days=${w.slice(0, 12)}`, bad("GET", `/users?window_days=${w}`, "query.window_days")],
    [`features window_days=${w.slice(0, 12)}`, bad("POST", `/users/${TARGET}/features?window_days=${w}`, "query.window_days")],
    [
      `generate window_days=${w.slice(0, 12)}`,
      bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=true&window_days=${w}`, "query.window_days"),
    ],
    [`list window_days=${w.slice(0, 12)}`, bad("GET", `/recommendations/${TARGET}?window_days=${w}`, "query.window_days")],
    [`vector search window_days=${w.slice(0, 12)}`, bad("GET", `/vector/search?user_id=${TARGET}&window_days=${w}`, "query.window_days")],
  ]),
  // non-numeric, negative and huge numbers
  ...NUMBERS_NOT.flatMap((n): [string, Case][] => [
    [`/users limit=${n}`, bad("GET", `/users?limit=${n}`, "query.limit")],
    [`/users offset=${n}`, bad("GET", `/users?offset=${n}`, "query.offset")],
    [`review queue limit=${n}`, bad("GET", `/operator/review-queue?limit=${n}`, "query.limit")],
    [`review queue offset=${n}`, bad("GET", `/operator/review-queue?offset=${n}`, "query.offset")],
    [`vector search top_k=${n}`, bad("GET", `/vector/search?user_id=${TARGET}&top_k=${n}`, "query.top_k")],
    [`token ttl_seconds=${n}`, bad("POST", `/users/${TARGET}/token?ttl_seconds=${n}`, "query.ttl_seconds")],
  ]),
  ["/users limit=0", bad("GET", "/users?limit=0", "query.limit")],
  ["/users limit=101", bad("GET", "/users?limit=101", "query.limit")],
  ["/users offset over the cap", bad("GET", "/users?offset=1000001", "query.offset")],
  ["vector search top_k=0", bad("GET", `/vector/search?user_id=${TARGET}&top_k=0`, "query.top_k")],
  ["vector search top_k=21", bad("GET", `/vector/search?user_id=${TARGET}&top_k=21`, "query.top_k")],
  ["vector search top_k=-5", bad("GET", `/vector/search?user_id=${TARGET}&top_k=-5`, "query.top_k")],
  ["token ttl_seconds under a minute", bad("POST", `/users/${TARGET}/token?ttl_seconds=59`, "query.ttl_seconds")],
  ["token ttl_seconds over a week", bad("POST", `/users/${TARGET}/token?ttl_seconds=604801`, "query.ttl_seconds")],
  // enums and booleans
  ["/users persona SQL", bad("GET", `/users?persona=${encodeURIComponent("' OR 1=1 --")}`, "query.persona")],
  ["/users persona 10 KB", bad("GET", `/users?persona=${"p".repeat(10_240)}`, "query.persona")],
  ["/users without_recommendations=1", bad("GET", "/users?without_recommendations=1", "query.without_recommendations")],
  ["generate force_regenerate=yes", bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=yes`, "query.force_regenerate")],
  ["generate force_regenerate=TRUE", bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=TRUE`, "query.force_regenerate")],
  [
    "generate use_vector_db=0",
    bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=true&use_vector_db=0`, "query.use_vector_db"),
  ],
  ["list status=deleted", bad("GET", `/recommendations/${TARGET}?status=deleted`, "query.status")],
  ["list status SQL", bad("GET", `/recommendations/${TARGET}?status=${encodeURIComponent("approved' OR '1'='1")}`, "query.status")],
  ["metrics from not a date", bad("GET", "/metrics?from=yesterday", "query.from")],
  ["metrics from 10 KB", bad("GET", `/metrics?from=${"9".repeat(10_240)}`, "query.from")],
  ["metrics to month 13", bad("GET", "/metrics?to=2026-13-01T00:00:00Z", "query.to")],
  ["metrics from after to", bad("GET", "/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "query.from")],
  ["vector search without user_id", bad("GET", "/vector/search", "query.user_id")],
  ["vector search hostile user_id", bad("GET", `/vector/search?user_id=${encodeURIComponent("x' OR 1=1")}`, "query.user_id")],
  // a parameter given twice
  ["/users limit twice", bad("GET", "/users?limit=5&limit=6", "more than once")],
  [
    "generate window_days twice",
    bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=true&window_days=30&window_days=180`, "more than once"),
  ],
  ["list status twice", bad("GET", `/recommendations/${TARGET}?status=approved&status=pending`, "more than once")],
  ["vector search top_k twice", bad("GET", `/vector/search?user_id=${TARGET}&top_k=1&top_k=2`, "more than once")],
  ["metrics from twice", bad("GET", "/metrics?from=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z", "more than once")],
  // unknown parameters on every route
  ...[
    ["GET", "/users"],
    ["GET", `/users/${TARGET}`],
    ["POST", `/users/${TARGET}/features`],
    ["GET", `/users/${TARGET}/profile`],
    ["POST", `/users/${TARGET}/token`],
    ["GET", `/consent/${TARGET}`],
    ["POST", `/recommendations/generate/${TARGET}`],
    ["GET", `/recommendations/${TARGET}`],
    ["GET", `/recommendations/${REC}/audit`],
    ["GET", "/operator/review-queue"],
    ["GET", "/metrics"],
    ["GET", "/vector/stats"],
    ["GET", `/vector/search?user_id=${TARGET}`],
    ["POST", `/users/${TARGET}/transactions/sync`],
    ["POST", `/users/${TARGET}/refresh`],
  ].map(([method, path]): [string, Case] => [
    `${method} ${path!.split("?")[0]} unknown parameter`,
    bad(method as Case["method"], `${path}${path!.includes("?") ? "&" : "?"}constructor=1`, "constructor"),
  ]),
  ["consent POST with a query", bad("POST", `/consent?user_id=${TARGET}`, "user_id", jsonOf({ user_id: TARGET, action: "revoke" }))],
  ["approve with a query", bad("POST", `/recommendations/${REC}/approve?force=true`, "force", jsonOf({}))],
  ["bulk-approve with a query", bad("POST", "/recommendations/bulk-approve?all=true", "all", jsonOf({ ids: [REC] }))],
];

const revoke = { user_id: TARGET, action: "revoke" };
const bodyCases: [string, Case][] = [
  // duplicate keys: JSON.parse would keep the last one
  ["consent, action twice", bad("POST", "/consent", '"action"', json(`{"user_id":"${TARGET}","action":"grant","action":"revoke"}`))],
  [
    "consent, action twice (escaped)",
    bad("POST", "/consent", '"action"', json(`{"user_id":"${TARGET}","action":"revoke","\\u0061ction":"revoke"}`)),
  ],
  [
    "consent, user_id twice",
    bad("POST", "/consent", '"user_id"', json(`{"user_id":"someone_else","user_id":"${TARGET}","action":"revoke"}`)),
  ],
  [
    "approve, reason twice",
    bad("POST", `/recommendations/${REC}/approve`, '"reason"', json(`{"reason":"${REASON}","reason":"${REASON}"}`)),
  ],
  [
    "override, status twice",
    bad("POST", `/recommendations/${REC}/override`, '"status"', json(`{"status":"approved","reason":"${REASON}","status":"rejected"}`)),
  ],
  ["bulk-approve, ids twice", bad("POST", "/recommendations/bulk-approve", '"ids"', json(`{"ids":["${REC}"],"ids":["${REC}"]}`))],
  ["features, a body with a key twice", bad("POST", `/users/${TARGET}/features`, "takes no body", json(`{"a":1,"a":2}`))],
  // unknown fields
  ["consent, unknown field", bad("POST", "/consent", "admin", jsonOf({ ...revoke, admin: true }))],
  [
    "consent, __proto__ field",
    bad("POST", "/consent", "__proto__", json(`{"user_id":"${TARGET}","action":"revoke","__proto__":{"admin":true}}`)),
  ],
  ["approve, unknown field", bad("POST", `/recommendations/${REC}/approve`, "status", jsonOf({ status: "approved" }))],
  ["reject, unknown field", bad("POST", `/recommendations/${REC}/reject`, "note", jsonOf({ note: REASON }))],
  [
    "override, unknown field",
    bad("POST", `/recommendations/${REC}/override`, "actor", jsonOf({ status: "rejected", reason: REASON, actor: "system" })),
  ],
  ["bulk-approve, unknown field", bad("POST", "/recommendations/bulk-approve", "force", jsonOf({ ids: [REC], force: true }))],
  ["features, a body", bad("POST", `/users/${TARGET}/features`, "takes no body", jsonOf({ window_days: 180 }))],
  [
    "generate, a body",
    bad("POST", `/recommendations/generate/${TARGET}?force_regenerate=true`, "takes no body", jsonOf({ force_regenerate: true })),
  ],
  ["token, a body", bad("POST", `/users/${TARGET}/token`, "takes no body", jsonOf({ ttl_seconds: 60 }))],
  ["consent, 5,000 levels of nesting", bad("POST", "/consent", "x", json(DEEP))],
  // wrong types and values
  ["consent, user_id a number", bad("POST", "/consent", "body.user_id", jsonOf({ user_id: 1, action: "revoke" }))],
  ["consent, user_id null", bad("POST", "/consent", "body.user_id", jsonOf({ user_id: null, action: "revoke" }))],
  [
    "consent, user_id SQL",
    bad("POST", "/consent", "body.user_id", jsonOf({ user_id: "x'; DELETE FROM consent_events; --", action: "revoke" })),
  ],
  ["consent, user_id 10 KB", bad("POST", "/consent", "body.user_id", jsonOf({ user_id: "u".repeat(10_240), action: "revoke" }))],
  ["consent, action in an array", bad("POST", "/consent", "body.action", jsonOf({ user_id: TARGET, action: ["revoke"] }))],
  ["consent, action upper case", bad("POST", "/consent", "body.action", jsonOf({ user_id: TARGET, action: "REVOKE" }))],
  ["consent, no action", bad("POST", "/consent", "body.action", jsonOf({ user_id: TARGET }))],
  ["approve, reason a number", bad("POST", `/recommendations/${REC}/approve`, "body.reason", jsonOf({ reason: 123 }))],
  ["reject, reason too short", bad("POST", `/recommendations/${REC}/reject`, "body.reason", jsonOf({ reason: "no" }))],
  ["reject, reason 10 KB", bad("POST", `/recommendations/${REC}/reject`, "body.reason", jsonOf({ reason: "r".repeat(10_000) }))],
  [
    "override, status superseded",
    bad("POST", `/recommendations/${REC}/override`, "body.status", jsonOf({ status: "superseded", reason: REASON })),
  ],
  [
    "override, status pending",
    bad("POST", `/recommendations/${REC}/override`, "body.status", jsonOf({ status: "pending", reason: REASON })),
  ],
  ["override, no reason", bad("POST", `/recommendations/${REC}/override`, "body.reason", jsonOf({ status: "rejected" }))],
  ["bulk-approve, no ids", bad("POST", "/recommendations/bulk-approve", "body.ids", jsonOf({ ids: [] }))],
  [
    "bulk-approve, 101 ids",
    bad("POST", "/recommendations/bulk-approve", "body.ids", jsonOf({ ids: Array.from({ length: 101 }, () => REC) })),
  ],
  ["bulk-approve, a SQL id", bad("POST", "/recommendations/bulk-approve", "body.ids", jsonOf({ ids: [REC, "' OR 1=1 --"] }))],
  ["bulk-approve, ids a string", bad("POST", "/recommendations/bulk-approve", "body.ids", jsonOf({ ids: REC }))],
  ["bulk-approve, nested ids", bad("POST", "/recommendations/bulk-approve", "body.ids", jsonOf({ ids: [[REC]] }))],
  // not an object, not JSON
  ...(["[]", "null", '"revoke"', "1", "true"] as const).map((text): [string, Case] => [
    `consent, body ${text}`,
    bad("POST", "/consent", "body", json(text)),
  ]),
  ["consent, broken JSON", bad("POST", "/consent", "not valid JSON", json(`{"user_id":"${TARGET}",`))],
  ["consent, two JSON documents", bad("POST", "/consent", "not valid JSON", json(`${JSON.stringify(revoke)} {}`))],
  ["consent, empty JSON body", bad("POST", "/consent", "not valid JSON", json(""))],
  [
    "consent, bytes that are not UTF-8",
    bad("POST", "/consent", "UTF-8", {
      headers: { "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    }),
  ],
  ["features, broken JSON body", bad("POST", `/users/${TARGET}/features`, "takes no body", json("{"))],
  // wrong content types
  ...[
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json-patch+json",
    "application/jsonx",
    "application/json; charset=utf-16",
    "text/json",
  ].flatMap((type): [string, Case][] => [
    [`consent as ${type}`, C("POST", "/consent", 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", json(JSON.stringify(revoke), type))],
    [
      `approve as ${type}`,
      C("POST", `/recommendations/${REC}/approve`, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", json("{}", type)),
    ],
    [
      `features with a ${type} body`,
      C("POST", `/users/${TARGET}/features`, 400, "INVALID_INPUT", "takes no body", json("window_days=180", type)),
    ],
  ]),
  [
    "consent without a content type",
    C("POST", "/consent", 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", { body: new TextEncoder().encode(JSON.stringify(revoke)) }),
  ],
  // bodies over the size limit (16 KiB), with and without Content-Length
  ["consent, 20 KB", C("POST", "/consent", 413, "PAYLOAD_TOO_LARGE", undefined, json(OVERSIZED))],
  ["consent, 20 KB streamed", C("POST", "/consent", 413, "PAYLOAD_TOO_LARGE", undefined, streamed(OVERSIZED))],
  [
    "override, 20 KB",
    C(
      "POST",
      `/recommendations/${REC}/override`,
      413,
      "PAYLOAD_TOO_LARGE",
      undefined,
      jsonOf({ status: "rejected", reason: "r".repeat(20_000) }),
    ),
  ],
  [
    "bulk-approve, 20 KB streamed",
    C(
      "POST",
      "/recommendations/bulk-approve",
      413,
      "PAYLOAD_TOO_LARGE",
      undefined,
      streamed(JSON.stringify({ ids: Array.from({ length: 2500 }, () => REC) })),
    ),
  ],
  ["features, 20 KB streamed", C("POST", `/users/${TARGET}/features`, 413, "PAYLOAD_TOO_LARGE", undefined, streamed(OVERSIZED))],
  [
    "generate, 20 KB",
    C("POST", `/recommendations/generate/${TARGET}?force_regenerate=true`, 413, "PAYLOAD_TOO_LARGE", undefined, json(OVERSIZED)),
  ],
  // bank data: a sync may carry 1 MiB, not more; every record is checked before anything is written
  [
    "transactions sync, 1.1 MB streamed",
    C(
      "POST",
      `/users/${TARGET}/transactions/sync`,
      413,
      "PAYLOAD_TOO_LARGE",
      undefined,
      streamed(JSON.stringify({ ...EMPTY_SYNC, pad: "x".repeat(1_100_000) })),
    ),
  ],
  [
    "transactions sync, added twice",
    bad(
      "POST",
      `/users/${TARGET}/transactions/sync`,
      '"added"',
      json(`{"added":[],"added":[${JSON.stringify(PLAID_TXN)}],"modified":[],"removed":[],"next_cursor":"","has_more":false}`),
    ),
  ],
  [
    "transactions sync, amount a string",
    bad("POST", `/users/${TARGET}/transactions/sync`, "body.added[0].amount", sync([{ ...PLAID_TXN, amount: "12.50" }])),
  ],
  [
    "transactions sync, amount Infinity-like",
    bad("POST", `/users/${TARGET}/transactions/sync`, "body.added[0].amount", sync([{ ...PLAID_TXN, amount: 1e300 }])),
  ],
  [
    "transactions sync, a date that is not one",
    bad("POST", `/users/${TARGET}/transactions/sync`, "body.added[0].date", sync([{ ...PLAID_TXN, date: "2026-02-30" }])),
  ],
  [
    "transactions sync, SQL as an id",
    bad(
      "POST",
      `/users/${TARGET}/transactions/sync`,
      "body.added[0].transaction_id",
      sync([{ ...PLAID_TXN, transaction_id: "x'; DROP TABLE transactions; --" }]),
    ),
  ],
  [
    "transactions sync, a good record then a bad one",
    bad(
      "POST",
      `/users/${TARGET}/transactions/sync`,
      "body.added[1].payment_channel",
      sync([PLAID_TXN, { ...PLAID_TXN, transaction_id: "hostile_plaid_2", payment_channel: "telepathy" }]),
    ),
  ],
  [
    "transactions sync, another person's account",
    bad("POST", `/users/${TARGET}/transactions/sync`, "not one of", sync([{ ...PLAID_TXN, account_id: "acc_someone_else" }])),
  ],
  [
    "transactions sync, 1,001 records",
    bad(
      "POST",
      `/users/${TARGET}/transactions/sync`,
      "body.added",
      jsonOf({ ...EMPTY_SYNC, added: Array.from({ length: 1001 }, () => ({})) }),
    ),
  ],
  [
    "accounts sync, a mask longer than Plaid's",
    bad(
      "POST",
      `/users/${TARGET}/accounts/sync`,
      "mask",
      jsonOf({
        accounts: [
          {
            account_id: `acc_${TARGET}`,
            balances: { available: 1, current: 1, limit: null, iso_currency_code: "USD" },
            mask: "abcde",
            type: "depository",
            subtype: "checking",
          },
        ],
      }),
    ),
  ],
  [
    "accounts sync, an account type Plaid does not have",
    bad(
      "POST",
      `/users/${TARGET}/accounts/sync`,
      "type",
      jsonOf({
        accounts: [
          {
            account_id: `acc_${TARGET}`,
            balances: { available: 1, current: 1, limit: null, iso_currency_code: "USD" },
            mask: "0042",
            type: "piggy bank",
            subtype: null,
          },
        ],
      }),
    ),
  ],
  ["refresh, a body", bad("POST", `/users/${TARGET}/refresh`, "takes no body", jsonOf({ force: true }))],
];

describe("hostile input, every route", () => {
  let recId = "";
  let before: Awaited<ReturnType<typeof stateOf>>;
  const requestIds: string[] = [];

  beforeAll(async () => {
    await seedSpender(TARGET);
    // Pending (not auto-approved), so an approve or reject that slipped through would write.
    const res = await callWithEnv(
      `/recommendations/generate/${TARGET}?use_vector_db=false`,
      { AUTO_APPROVE_GUARDED: "false" },
      "operator",
      { method: "POST" },
    );
    const body = await answerOf(res, GenerateSchema);
    expect(body.recommendations[0]?.status).toBe("pending");
    recId = body.recommendations[0]!.id;
    before = await stateOf(TARGET);
    expect(before.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(before.kv_entries.length).toBe(1);
  });

  it.each([...idCases, ...queryCases, ...bodyCases])("%s → 4xx JSON", async (_, c) => {
    const init = c.init?.body && typeof c.init.body === "string" ? { ...c.init, body: c.init.body.replaceAll(REC, recId) } : c.init;
    const res = await callWithEnv(c.path.replaceAll(REC, recId), {}, "operator", { ...init, method: c.method });
    // The id names the request's log row; without it "wrote nothing" would not cover this request.
    requestIds.push(must(res.headers.get("x-request-id"), "the refused request's x-request-id"));
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = JSON.parse(text) as ErrorAnswer;
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe(c.code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.message.length).toBeLessThanOrEqual(600);
    if (c.names) expect(body.error.message).toContain(c.names);
  });

  it("wrote nothing: no row in any table and no cache entry of the target changed", async () => {
    expect(requestIds.length).toBe(idCases.length + queryCases.length + bodyCases.length);
    const after = await stateOf(TARGET, requestIds);
    expect(after).toEqual(before);
  });

  it("would have seen a write: a valid request through the same path changes the state", async () => {
    const res = await callWithEnv("/consent", {}, "operator", { method: "POST", ...jsonOf(revoke) });
    expect(res.status).toBe(200);
    const after = await stateOf(TARGET);
    expect(after.consent_events.length).toBe(before.consent_events.length + 1);
    expect(after.data_version).not.toBe(before.data_version);
  });
});

describe("findDuplicateKey", () => {
  it.each([
    ["{}", undefined],
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', "a"],
    ['{ "a" : 1 ,\n\t"a" : 2 }', "a"],
    ['{"a":{"a":1}}', undefined],
    ['[{"a":1},{"a":2}]', undefined],
    ['{"o":{"k":1},"k":2}', undefined],
    ['{"o":{"k":1},"o":2}', "o"],
    ['{"a":[{"b":1,"b":2}]}', "b"],
    ['{"a":{},"a":[]}', "a"],
    ['{"x":"a","a":1}', undefined],
    ['{"x":["a","a"]}', undefined],
    ['{"a":"\\"a\\"","b":"a"}', undefined],
    ['{"a\\"":1,"a\\"":2}', 'a"'],
    ['{"\\u0061":1,"a":2}', "a"],
    ['{"\\\\":1,"\\\\":2}', "\\"],
    ['{"{":1,",":2,"{":3}', "{"],
    ['{"__proto__":1,"__proto__":2}', "__proto__"],
    ['{"a":1,"b":{"c":[1,{"d":null}]},"e":"}","a":3}', "a"],
    ['"just a string"', undefined],
    ["[1,2,3]", undefined],
    ["null", undefined],
  ])("%s → %s", (text, expected) => {
    JSON.parse(text); // every case is valid JSON
    expect(findDuplicateKey(text)).toBe(expected);
  });

  it("finds a duplicate 5,000 levels deep without overflowing the stack", () => {
    const text = `${"[".repeat(5000)}{"a":1,"a":2}${"]".repeat(5000)}`;
    expect(findDuplicateKey(text)).toBe("a");
  });

  it("finds none in anything JSON.stringify writes", () => {
    // JSON.stringify never writes a key twice: a deterministic corpus of nested shapes.
    const shapes: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      const key = (n: number) => ["a", "b", '"q"', "\\", "{", "ü", "😀", "__proto__"][n % 8]! + (n % 3 ? String(n % 5) : "");
      const inner: Record<string, unknown> = {};
      for (let j = 0; j < (i % 7) + 1; j++) inner[key(i + j)] = j % 2 ? [key(j), { [key(j + 1)]: key(i) }] : key(i * j);
      shapes.push({ [key(i)]: inner, [`${key(i)}x`]: [inner, inner] });
    }
    for (const shape of shapes) expect(findDuplicateKey(JSON.stringify(shape))).toBeUndefined();
  });
});
