/**
 * Operator review of recommendations: one implementation for the JSON routes and the console.
 * A transition is written with its audit row, then the person's cached answers are retired and
 * the index follows the new status (approved: queued for embedding; anything else: its vector is
 * taken out and its person's context rebuilt), after the response.
 */
import { z } from "zod";
import { auditTrail, reviewQueue, transitionRecommendation, type RecommendationRow, type ReviewAction } from "../db/recommendations";
import { ClaimedError, ConflictError, NotFoundError, ServiceError } from "./errors";
import { describeError } from "../logger";
import type { EmbedMessage } from "../queue/messages";
import { toServed, type ServedRecommendation } from "../db/recommendation-fields";
import type { Services } from "./services";
import { recommendationVectorId } from "./vector-records";
import type { WindowDays } from "../domain/signals";

/** A review's reason: required for override, optional otherwise; the same rule on every path. */
export const reviewReason = z
  .string({ error: "give a reason of at least 3 characters" })
  .trim()
  .min(3, "give a reason of at least 3 characters")
  .max(500, "keep the reason to 500 characters");

type ReviewTarget = "approved" | "rejected" | "flagged";

/** Where approve and reject lead; override names its own target. */
export const ACTION_TARGET: Record<Exclude<ReviewAction, "override">, "approved" | "rejected"> = {
  approve: "approved",
  reject: "rejected",
};

export interface ReviewOutcome {
  recommendation: ServedRecommendation & { user_id: string };
  from_status: string;
}

export interface ReviewRequest {
  id: string;
  action: ReviewAction;
  to: ReviewTarget;
  reason: string | null;
  /** Who acted, as the audit row records it. */
  actor: string;
}

/**
 * Apply one review; NotFoundError for an unknown id, ConflictError when the current status does not
 * allow it, ClaimedError (a conflict) while another operator's claim holds it.
 */
export async function reviewRecommendation(services: Services, req: ReviewRequest): Promise<ReviewOutcome> {
  const { id, action } = req;
  const outcome = await transitionRecommendation(services.db(), id, action, req.to, { reason: req.reason, actor: req.actor });
  if (!outcome.ok && outcome.reason === "not_found") throw new NotFoundError(`No recommendation ${id}`);
  if (!outcome.ok && outcome.reason === "claimed") throw new ClaimedError(outcome.heldBy, outcome.since);
  if (!outcome.ok && action === "override" && outcome.current === req.to) {
    throw new ConflictError(`The recommendation is already ${outcome.current}: an override must change its status`);
  }
  if (!outcome.ok) throw new ConflictError(`Cannot ${action} a recommendation that is ${outcome.current}`);
  await services.people.retire(outcome.row.userId);
  services.defer(
    reindex(services, outcome.row).catch((err: unknown) => services.logger.warn("reindex_failed", { id, ...describeError(err) })),
  );
  return { recommendation: { ...toServed(outcome.row), user_id: outcome.row.userId }, from_status: outcome.from };
}

export type BulkResult = { id: string; status: "approved"; from_status: string } | { id: string; error: { code: string; message: string } };

/** Approve each id (duplicates once); an id that cannot be approved is reported, not fatal. */
export async function bulkApprove(
  services: Services,
  ids: string[],
  reason: string | null,
  actor: string,
): Promise<{ approved: number; results: BulkResult[] }> {
  const results: BulkResult[] = [];
  for (const id of new Set(ids)) {
    try {
      const done = await reviewRecommendation(services, { id, action: "approve", to: "approved", reason, actor });
      results.push({ id, status: "approved", from_status: done.from_status });
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      results.push({ id, error: { code: err.code, message: err.message } });
    }
  }
  return { approved: results.filter((r) => "status" in r).length, results };
}

/** The audit trail of one recommendation, oldest first (empty for an unknown id). */
export async function auditOf(services: Services, id: string) {
  const rows = await auditTrail(services.db(), id);
  return {
    id,
    audit: rows.map((r) => ({
      action: r.action,
      from_status: r.fromStatus,
      to_status: r.toStatus,
      reason: r.reason,
      actor: r.actor,
      at: r.createdAt,
    })),
  };
}

/** A page of the review queue: pending and flagged recommendations, oldest first. */
export async function reviewQueuePage(services: Services, page: { limit: number; offset: number }) {
  const { items, total } = await reviewQueue(services.db(), page);
  return {
    items: items.map((r) => ({
      ...toServed(r),
      user_id: r.userId,
      window_days: r.windowDays,
      persona_type: r.personaType,
      source: r.source,
      created_at: r.createdAt,
    })),
    total,
    limit: page.limit,
    offset: page.offset,
  };
}

/**
 * Approved → queue it for indexing. Anything else → take its vector out of the index, and queue a
 * rebuild of its person's context so the index stops offering it (until then, the vector tier
 * refuses it as withdrawn).
 */
async function reindex(services: Services, row: RecommendationRow): Promise<void> {
  const message: EmbedMessage = {
    kind: "embed_recommendations",
    user_id: row.userId,
    window_days: row.windowDays as WindowDays,
    recommendation_ids: [row.id],
  };
  if (row.status !== "approved") await services.vectorStore().delete([recommendationVectorId(row.id)]);
  await services.queue.send(message);
}
