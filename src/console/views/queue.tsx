import type { FC } from "hono/jsx";
import type { RecommendationRow } from "../../db/recommendations";
import type { ConsoleSession } from "../session";
import { humanize, ReviewCells } from "./format";
import { Alert, CsrfField, Layout, ListTable, Notice, PageHead, type Column } from "./layout";

/** The header of the tick-box column: ticks every row on the page (script-enabled only). */
const PICK_ALL: Column = {
  label: (
    <>
      <input type="checkbox" data-select-all aria-label="Select every recommendation on this page" hidden />
      <span class="visually-hidden">Select</span>
    </>
  ),
};

export interface QueueProps {
  session: ConsoleSession;
  items: RecommendationRow[];
  total: number;
  limit: number;
  offset: number;
  notice?: string | undefined;
  error?: string | undefined;
}

/** Pending and flagged recommendations, oldest first, with bulk approval. */
export const QueuePage: FC<QueueProps> = ({ session, items, total, limit, offset, notice, error }) => (
  <Layout title="Review queue" active="queue" session={session}>
    <PageHead
      title="Review queue"
      lead={total === 1 ? "1 recommendation is waiting for review (pending or flagged), oldest first." : `${total} recommendations are waiting for review (pending or flagged), oldest first.`}
    />
    <Notice message={notice} />
    <Alert title="Nothing was changed." message={error} />
    {items.length === 0 ? (
      <div class="card empty">
        <p>The queue is empty: every recommendation has been reviewed.</p>
      </div>
    ) : (
      <div class="card">
        <form id="bulk" method="post" action="/console/bulk-approve" class="inline-fields">
          <CsrfField session={session} />
          <div class="field">
            <label for="bulk-reason">Reason for the approvals (optional)</label>
            <input type="text" id="bulk-reason" name="reason" maxlength={500} autocomplete="off" aria-describedby="bulk-help" />
          </div>
          <button type="submit" class="btn btn-primary">
            Approve selected
          </button>
        </form>
        <p id="bulk-help" class="help">
          Tick the recommendations to approve, or open one to reject or override it with a reason.
        </p>
        <ListTable caption="Recommendations waiting for review" class="has-pick" columns={[PICK_ALL, "Recommendation", "Person", "Status", "Source", "Created"]}>
          {items.map((r) => (
            <tr>
              <td class="pick">
                <input type="checkbox" name="ids" value={r.id} form="bulk" id={`pick-${r.id}`} aria-label={`Select “${r.title}” for ${r.userId}`} />
              </td>
              <td class="title-cell">
                <a href={`/console/recommendations/${r.id}`}>{r.title}</a>
                <div class="muted">
                  {humanize(r.topic)} · {r.windowDays}-day window · {humanize(r.personaType)}
                </div>
              </td>
              <td data-label="Person">
                <a href={`/console/people/${r.userId}`}>{r.userId}</a>
              </td>
              <ReviewCells status={r.status} source={r.source} createdAt={r.createdAt} />
            </tr>
          ))}
        </ListTable>
        <Pager base="/console" total={total} limit={limit} offset={offset} noun="recommendations" />
      </div>
    )}
  </Layout>
);

/** Previous/next links for a paged list. */
export const Pager: FC<{ base: string; total: number; limit: number; offset: number; noun: string }> = ({ base, total, limit, offset, noun }) => {
  if (total <= limit && offset === 0) return null;
  const sep = base.includes("?") ? "&" : "?";
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label="Pages">
      {offset > 0 ? <a href={`${base}${sep}offset=${Math.max(0, offset - limit)}`}>← Previous</a> : <span />}
      <span class="muted">
        {offset + 1}–{last} of {total} {noun}
      </span>
      {last < total ? <a href={`${base}${sep}offset=${offset + limit}`}>Next →</a> : <span />}
    </nav>
  );
};
