/**
 * The review queue and one recommendation: reading them, and approve / reject / override / bulk
 * approve through the same review service as the JSON API (src/services/review.ts).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { auditTrail, getRecommendationById } from "../db/recommendations";
import {
  claim,
  claimOf,
  filteredQueue,
  nextInQueue,
  QUEUE_SORTS,
  queueSources,
  release,
  siblingsOf,
  type QueueFilter,
} from "../db/review-queue";
import { PERSONA_TYPES } from "../domain/personas";
import { ApiError, parseInput } from "../errors";
import { readQuery, recommendationIdParams, wholeNumber } from "../http/params";
import { ConflictError } from "../services/errors";
import { ACTION_TARGET, bulkApprove, reviewReason, reviewRecommendation } from "../services/review";
import { field, fieldList, readForm, type ConsoleEnv } from "./guard";
import { DONE_MESSAGES, page, type DoneCode } from "./render";
import { formatTime } from "./views/format";
import { QueuePage } from "./views/queue";
import { RecommendationPage } from "./views/recommendation";

const QUEUE_PAGE = 25;

// Filters live in the URL so a view can be shared; a form sends "" for "any".
const anyOr = <T extends z.ZodType>(schema: T) => z.union([z.literal("").transform(() => undefined), schema]).optional();

const queueQuery = z
  .object({
    offset: wholeNumber(0, 1_000_000, 0),
    done: z.literal("bulk").optional(),
    approved: wholeNumber(0, 100, 0),
    failed: wholeNumber(0, 100, 0),
    status: anyOr(z.enum(["pending", "flagged"])),
    persona: anyOr(z.enum(PERSONA_TYPES)),
    source: anyOr(z.string().regex(/^[a-z0-9_.-]{1,80}$/, "must be a source name")),
    why: anyOr(z.enum(["guardrail", "operator", "new"])),
    person: anyOr(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a user id or its start"),
    ),
    sort: anyOr(z.enum(QUEUE_SORTS)),
  })
  .strict();

const recommendationQuery = z.object({ done: z.enum(Object.keys(DONE_MESSAGES) as [DoneCode, ...DoneCode[]]).optional() }).strict();

const reviewForm = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approve"), reason: reviewReason.optional() }),
  z.object({ action: z.literal("reject"), reason: reviewReason.optional() }),
  z.object({ action: z.literal("override"), status: z.enum(["approved", "rejected", "flagged"]), reason: reviewReason }),
]);

const bulkForm = z.object({
  ids: z
    .array(z.uuid({ error: "must be recommendation ids" }))
    .min(1, "tick at least one recommendation to approve")
    .max(100),
  reason: reviewReason.optional(),
});

/** "form.reason: give a reason…" → "Reason: give a reason…", for people. */
function plain(err: ApiError): string {
  return err.message.replace(/form\.(\w+)(\.\d+)?:/g, (_m, name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}:`);
}

async function renderQueue(
  c: Context<ConsoleEnv>,
  opts: { offset: number; filter?: QueueFilter; notice?: string | undefined; error?: string | undefined; status?: 200 | 400 },
) {
  const db = c.get("services").db();
  const filter = opts.filter ?? {};
  const [{ items, total }, sources] = await Promise.all([
    filteredQueue(db, filter, { limit: QUEUE_PAGE, offset: opts.offset }),
    queueSources(db),
  ]);
  return page(
    c,
    <QueuePage
      session={c.get("session")}
      items={items}
      total={total}
      limit={QUEUE_PAGE}
      offset={opts.offset}
      filter={filter}
      sources={sources}
      now={new Date()}
      notice={opts.notice}
      error={opts.error}
    />,
    opts.status ?? 200,
  );
}

async function renderRecommendation(
  c: Context<ConsoleEnv>,
  id: string,
  extra: { notice?: string; error?: string; reason?: string; status?: 200 | 400 | 409; decided?: boolean } = {},
) {
  const db = c.get("services").db();
  const rec = await getRecommendationById(db, id);
  if (!rec) throw new ApiError(404, "NOT_FOUND", `No recommendation ${id}.`);
  const operator = c.get("session").operator;
  const [audit, reusedFrom, claim, siblings, nextId] = await Promise.all([
    auditTrail(db, id),
    rec.reusedFromId ? getRecommendationById(db, rec.reusedFromId) : undefined,
    claimOf(db, id),
    siblingsOf(db, rec),
    extra.decided ? nextInQueue(db, id, operator) : undefined,
  ]);
  return page(
    c,
    <RecommendationPage
      session={c.get("session")}
      rec={rec}
      audit={audit}
      reusedFrom={reusedFrom}
      notice={extra.notice}
      error={extra.error}
      reason={extra.reason}
      claim={claim}
      siblings={siblings}
      next={extra.decided ? (nextId ? { id: nextId } : null) : undefined}
    />,
    extra.status ?? 200,
  );
}

/** Mounted by routes.tsx behind requireSession and sameOrigin. */
export const reviewRoutes = new Hono<ConsoleEnv>()
  /** GET /console: the review queue. */
  .get("/", async (c) => {
    const q = readQuery(c, queueQuery);
    const notice =
      q.done === "bulk"
        ? `Approved ${q.approved} recommendation${q.approved === 1 ? "" : "s"}${q.failed ? `; ${q.failed} could not be approved (already reviewed, gone, or claimed by another operator)` : ""}.`
        : undefined;
    const filter: QueueFilter = { status: q.status, persona: q.persona, source: q.source, why: q.why, person: q.person, sort: q.sort };
    return renderQueue(c, { offset: q.offset, filter, notice });
  })
  /** POST /console/bulk-approve: ids[] and an optional reason. */
  .post("/bulk-approve", async (c) => {
    const fields = await readForm(c, { csrf: true });
    let input: z.infer<typeof bulkForm>;
    try {
      input = parseInput(bulkForm, { ids: fieldList(fields, "ids"), reason: field(fields, "reason") }, "form");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return renderQueue(c, { offset: 0, error: plain(err), status: 400 });
    }
    // Items another operator has claimed are left to them (the review refuses them), and counted as not approved.
    const ids = [...new Set(input.ids)];
    const result = await bulkApprove(c.get("services"), ids, input.reason ?? null, c.get("session").operator);
    return c.redirect(`/console?done=bulk&approved=${result.approved}&failed=${ids.length - result.approved}`, 303);
  })
  /** GET /console/recommendations/:id: text, origin, review form, audit trail. */
  .get("/recommendations/:id", async (c) => {
    const { id } = parseInput(recommendationIdParams, { id: c.req.param("id") }, "path");
    const { done } = readQuery(c, recommendationQuery);
    return renderRecommendation(c, id, done ? { notice: DONE_MESSAGES[done], decided: true } : {});
  })
  /** POST /console/recommendations/:id/claim: claim it for review (release=1 lets go of one's own claim). */
  .post("/recommendations/:id/claim", async (c) => {
    const { id } = parseInput(recommendationIdParams, { id: c.req.param("id") }, "path");
    const fields = await readForm(c, { csrf: true });
    const db = c.get("services").db();
    const operator = c.get("session").operator;
    if (!(await getRecommendationById(db, id))) throw new ApiError(404, "NOT_FOUND", `No recommendation ${id}.`);
    if (field(fields, "release") === "1") {
      await release(db, id, operator);
      return c.redirect(`/console/recommendations/${id}`, 303);
    }
    const outcome = await claim(db, id, operator);
    if (!outcome.ok)
      return renderRecommendation(c, id, { error: `${outcome.heldBy} claimed it at ${formatTime(outcome.since)}.`, status: 409 });
    c.get("services").logger.info("review_claimed", { id, operator });
    return c.redirect(`/console/recommendations/${id}`, 303);
  })
  /** POST /console/recommendations/:id/review: action approve|reject|override, reason, status. */
  .post("/recommendations/:id/review", async (c) => {
    const { id } = parseInput(recommendationIdParams, { id: c.req.param("id") }, "path");
    const fields = await readForm(c, { csrf: true });
    const reason = field(fields, "reason");
    let form: z.infer<typeof reviewForm>;
    try {
      form = parseInput(reviewForm, { action: field(fields, "action"), status: field(fields, "status"), reason }, "form");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return renderRecommendation(c, id, { error: plain(err), reason: reason ?? "", status: 400 });
    }
    const to = form.action === "override" ? form.status : ACTION_TARGET[form.action];
    try {
      await reviewRecommendation(c.get("services"), {
        id,
        action: form.action,
        to,
        reason: form.reason ?? null,
        actor: c.get("session").operator,
      });
    } catch (err) {
      // A status that does not allow it, or another operator's claim (src/services/review.ts).
      if (!(err instanceof ConflictError)) throw err;
      return renderRecommendation(c, id, { error: `${err.message}.`, reason: reason ?? "", status: 409 });
    }
    const done: DoneCode = form.action === "approve" ? "approved" : form.action === "reject" ? "rejected" : "overridden";
    return c.redirect(`/console/recommendations/${id}?done=${done}`, 303);
  });
