import type { FC } from "hono/jsx";
import { ALLOWED_FROM, type RecommendationRow } from "../../db/recommendations";
import type { recommendationAudit } from "../../db/schema";
import type { ConsoleSession } from "../session";
import { decimal, formatTime, humanize, Source, StatusBadge } from "./format";
import { Alert, CsrfField, Layout, ListTable, Notice, PageHead } from "./layout";

type AuditRow = typeof recommendationAudit.$inferSelect;

export interface RecommendationProps {
  session: ConsoleSession;
  rec: RecommendationRow;
  audit: AuditRow[];
  /** The recommendation this one was reused from (vector tier), when it still exists. */
  reusedFrom?: RecommendationRow | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  /** What the operator typed, kept when a review is refused. */
  reason?: string | undefined;
  /** The live claim on it, if any. */
  claim?: { operator: string; claimedAt: Date } | undefined;
  /** The rest of its set (same person, window and set). */
  siblings?: RecommendationRow[];
  /** After a decision: the next waiting item, focused so Enter opens it. */
  next?: { id: string } | null | undefined;
}

/** Who is reviewing it now, and the button to claim it (so two reviewers do not collide). */
const ClaimBox: FC<{ session: ConsoleSession; rec: RecommendationRow; claim?: { operator: string; claimedAt: Date } | undefined }> = ({
  session,
  rec,
  claim,
}) => {
  if (!ALLOWED_FROM.approve.includes(rec.status)) return null;
  const mine = claim?.operator === session.operator;
  return (
    <div class="claim" id="claim">
      {claim ? (
        <p>
          {mine ? "You are reviewing this" : <strong>{claim.operator} is reviewing this</strong>} (claimed {formatTime(claim.claimedAt)}
          {mine ? "" : "; your decision is refused until the claim is released or lapses after 15 minutes"}).
        </p>
      ) : (
        <p>Nobody has claimed this yet.</p>
      )}
      {claim && !mine ? null : (
        <form method="post" action={`/console/recommendations/${rec.id}/claim`} class="inline-form">
          <CsrfField session={session} />
          <input type="hidden" name="release" value={mine ? "1" : "0"} />
          <button type="submit" class="btn">
            {mine ? "Release" : "Claim it"}
          </button>
        </form>
      )}
    </div>
  );
};

/** Where a recommendation came from: the generator that wrote it, or the one it reuses. */
const Origin: FC<{ rec: RecommendationRow; reusedFrom?: RecommendationRow | undefined }> = ({ rec, reusedFrom }) => {
  if (rec.reusedFromId || rec.source === "vector_db") {
    return (
      <div class="origin">
        <span class="label-strong">Reused by the vector tier</span>
        <p>
          From{" "}
          {rec.reusedFromId ? (
            <a href={`/console/recommendations/${rec.reusedFromId}`}>{reusedFrom ? `“${reusedFrom.title}”` : rec.reusedFromId}</a>
          ) : (
            "a recommendation that no longer exists"
          )}
          {reusedFrom ? (
            <>
              {" "}
              made for <a href={`/console/people/${reusedFrom.userId}`}>{reusedFrom.userId}</a>
            </>
          ) : null}
          , at similarity <strong>{decimal(rec.similarityScore, 3)}</strong>. Its rationale was rebuilt from this person's own numbers.
        </p>
      </div>
    );
  }
  return (
    <div class="origin">
      <span class="label-strong">Written by the generator</span>
      <p>
        <Source source={rec.source} />
        {rec.model ? (
          <>
            {" "}
            with model <code>{rec.model}</code>
          </>
        ) : null}
        {rec.promptTokens !== null || rec.completionTokens !== null ? (
          <>
            {" "}
            ({rec.promptTokens ?? 0} prompt + {rec.completionTokens ?? 0} completion tokens)
          </>
        ) : null}
        .
      </p>
    </div>
  );
};

const ReviewForm: FC<{ session: ConsoleSession; rec: RecommendationRow; reason?: string | undefined }> = ({ session, rec, reason }) => {
  const canDecide = ALLOWED_FROM.approve.includes(rec.status);
  const canOverride = ALLOWED_FROM.override.includes(rec.status);
  if (!canDecide && !canOverride) return <p>This recommendation is {rec.status}: no review action applies to it.</p>;
  return (
    <form method="post" action={`/console/recommendations/${rec.id}/review`}>
      <CsrfField session={session} />
      <div class="field">
        <label for="reason">Reason</label>
        <textarea id="reason" name="reason" rows={3} maxlength={500} aria-describedby="reason-help">
          {reason ?? ""}
        </textarea>
        <p id="reason-help" class="help">
          Kept in the audit trail. Optional to approve or reject; an override needs one (at least 3 characters).
        </p>
      </div>
      {canDecide ? (
        <div class="actions">
          <button type="submit" name="action" value="approve" class="btn btn-primary" data-key="a" aria-keyshortcuts="a">
            Approve
          </button>
          <button type="submit" name="action" value="reject" class="btn btn-danger" data-key="x" aria-keyshortcuts="x">
            Reject
          </button>
          <p id="shortcut-hint" class="help" aria-live="polite"></p>
        </div>
      ) : null}
      <fieldset class="override">
        <legend>Override</legend>
        <div class="inline-fields">
          <div class="field">
            <label for="override-status">New status</label>
            <select id="override-status" name="status">
              {(["approved", "rejected", "flagged"] as const).map((s) => (
                <option value={s} selected={s === "flagged"}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="action" value="override" class="btn">
            Override
          </button>
        </div>
      </fieldset>
    </form>
  );
};

export const RecommendationPage: FC<RecommendationProps> = ({
  session,
  rec,
  audit,
  reusedFrom,
  notice,
  error,
  reason,
  claim,
  siblings,
  next,
}) => (
  <Layout title={rec.title} active="queue" session={session}>
    <PageHead
      title={rec.title}
      lead={
        <>
          <StatusBadge status={rec.status} /> {humanize(rec.topic)} · {rec.windowDays}-day window · for{" "}
          <a href={`/console/people/${rec.userId}`}>{rec.userId}</a>
        </>
      }
      trail={[
        { href: "/console", label: "Review queue" },
        { href: `/console/people/${rec.userId}`, label: rec.userId },
      ]}
    />
    <Notice message={notice} />
    {next !== undefined ? (
      <p class="next-item">
        {next ? (
          <a href={`/console/recommendations/${next.id}`} id="next-item" data-autofocus data-key="n">
            Next item in the queue →
          </a>
        ) : (
          <a href="/console" id="next-item" data-autofocus>
            The queue is done: back to the queue
          </a>
        )}
      </p>
    ) : null}
    <Alert title="Nothing was changed." message={error} />
    <div class="grid">
      <section class="card" aria-labelledby="text-h">
        <h2 id="text-h">What the person reads</h2>
        <div class="prose">
          <p>{rec.content}</p>
          <h3>Because</h3>
          <p>{rec.rationale}</p>
          <p class="disclosure">{rec.disclosure}</p>
        </div>
      </section>
      <section class="card" aria-labelledby="facts-h">
        <h2 id="facts-h">Details</h2>
        <dl class="facts">
          <dt>Made for</dt>
          <dd>
            <a href={`/console/people/${rec.userId}`}>{rec.userId}</a> ({humanize(rec.personaType)}, {rec.windowDays} days)
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={rec.status} />
          </dd>
          <dt>Source</dt>
          <dd>
            <Source source={rec.source} />
          </dd>
          <dt>Created</dt>
          <dd>{formatTime(rec.createdAt)}</dd>
          <dt>Reviewed</dt>
          <dd>{formatTime(rec.reviewedAt)}</dd>
          <dt>Review note</dt>
          <dd>{rec.reviewNote ?? "—"}</dd>
          <dt>Id</dt>
          <dd class="mono">{rec.id}</dd>
        </dl>
        <h3>Where it came from</h3>
        <Origin rec={rec} reusedFrom={reusedFrom} />
      </section>
    </div>
    <section class="card" aria-labelledby="review-h">
      <h2 id="review-h">Review</h2>
      <ClaimBox session={session} rec={rec} claim={claim} />
      <ReviewForm session={session} rec={rec} reason={reason} />
    </section>
    {siblings && siblings.length ? (
      <section class="card" aria-labelledby="set-h">
        <h2 id="set-h">The rest of this person's set</h2>
        <ListTable
          caption="The other recommendations made with this one"
          id="siblings"
          columns={["Recommendation", "Status", "Source", "Created"]}
        >
          {siblings.map((r) => (
            <tr>
              <td class="title-cell">
                <a href={`/console/recommendations/${r.id}`}>{r.title}</a>
              </td>
              <td data-label="Status">
                <StatusBadge status={r.status} />
              </td>
              <td data-label="Source">
                <Source source={r.source} />
              </td>
              <td data-label="Created">{formatTime(r.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
      </section>
    ) : null}
    <section class="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      {audit.length === 0 ? (
        <p class="muted">No action has been recorded on this recommendation yet.</p>
      ) : (
        <ListTable
          caption="Every action on this recommendation, oldest first"
          id="audit"
          columns={["When", "Action", "From", "To", "Reason", "By"]}
        >
          {audit.map((a) => (
            <tr>
              <td data-label="When">{formatTime(a.createdAt)}</td>
              <td data-label="Action">{humanize(a.action)}</td>
              <td data-label="From">{a.fromStatus ? <StatusBadge status={a.fromStatus} /> : "—"}</td>
              <td data-label="To">
                <StatusBadge status={a.toStatus} />
              </td>
              <td data-label="Reason">{a.reason ?? "—"}</td>
              <td data-label="By">{a.actor}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  </Layout>
);
