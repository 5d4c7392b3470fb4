import type { FC } from "hono/jsx";
import type { QueueFilter, QueueItem, WaitReason } from "../../db/review-queue";
import { PERSONA_TYPES } from "../../domain/personas";
import type { ConsoleSession } from "../session";
import { formatAge, formatTime, humanize, Source, StatusBadge } from "./format";
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
  items: QueueItem[];
  total: number;
  limit: number;
  offset: number;
  filter: QueueFilter;
  /** Sources that have waiting items, for the filter's choices. */
  sources: string[];
  now: Date;
  notice?: string | undefined;
  error?: string | undefined;
}

/** The filter as a query string (empty values left out), so a view can be shared. */
export function queueQuery(f: QueueFilter): string {
  const params = new URLSearchParams();
  for (const key of ["status", "persona", "source", "why", "person", "sort"] as const) {
    const v = f[key];
    if (v && !(key === "sort" && v === "oldest")) params.set(key, v);
  }
  return params.toString();
}

const WHY_LABELS: Record<WaitReason, string> = {
  guardrail: "Flagged by the guardrails",
  operator: "Put back by an operator",
  new: "New, not yet reviewed",
};

/** Why an item waits, in words. */
const WhyCell: FC<{ item: QueueItem }> = ({ item }) => (
  <td data-label="Why waiting">
    {item.why === "operator" ? (
      <>
        {item.lastActor}: {item.lastReason ?? "no reason given"}
      </>
    ) : item.why === "guardrail" ? (
      "Flagged by the guardrails (tone) when it was made"
    ) : (
      "New: waiting for a first review"
    )}
  </td>
);

const Select: FC<{ id: string; label: string; value: string | undefined; options: [string, string][]; any: string }> = ({
  id,
  label,
  value,
  options,
  any,
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={id}>
      <option value="">{any}</option>
      {options.map(([v, text]) => (
        <option value={v} selected={v === value}>
          {text}
        </option>
      ))}
    </select>
  </div>
);

const FilterForm: FC<{ filter: QueueFilter; sources: string[] }> = ({ filter, sources }) => (
  <form class="card filters" method="get" action="/console" aria-label="Filter the queue">
    <div class="inline-fields">
      <Select
        id="status"
        label="Status"
        value={filter.status}
        any="Pending or flagged"
        options={[
          ["pending", "Pending"],
          ["flagged", "Flagged"],
        ]}
      />
      <Select id="persona" label="Persona" value={filter.persona} any="Any persona" options={PERSONA_TYPES.map((p) => [p, humanize(p)])} />
      <Select id="source" label="Source" value={filter.source} any="Any source" options={sources.map((s) => [s, s])} />
      <Select id="why" label="Why waiting" value={filter.why} any="Any reason" options={Object.entries(WHY_LABELS) as [string, string][]} />
      <div class="field">
        <label for="person">Person (id or its start)</label>
        <input
          type="search"
          id="person"
          name="person"
          value={filter.person ?? ""}
          maxlength={64}
          autocomplete="off"
          placeholder="user_0001"
        />
      </div>
      <div class="field">
        <label for="sort">Sort</label>
        <select id="sort" name="sort">
          {(
            [
              ["oldest", "Oldest first"],
              ["newest", "Newest first"],
              ["person", "By person and set"],
            ] as const
          ).map(([v, text]) => (
            <option value={v} selected={v === (filter.sort ?? "oldest")}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="btn">
        Apply
      </button>
      <a href="/console" class="btn">
        Clear
      </a>
    </div>
  </form>
);

function leadOf(total: number, filtered: boolean, sort: QueueFilter["sort"]): string {
  const order = sort === "newest" ? "newest first" : sort === "person" ? "by person and set" : "oldest first";
  const what = filtered ? "match these filters" : "are waiting for review (pending or flagged)";
  return total === 1
    ? `1 recommendation ${what.replace("match", "matches").replace("are waiting", "is waiting")}, ${order}.`
    : `${total} recommendations ${what}, ${order}.`;
}

/** Pending and flagged recommendations, filtered and sorted as the URL says, with bulk approval. */
export const QueuePage: FC<QueueProps> = ({ session, items, total, limit, offset, filter, sources, now, notice, error }) => {
  const query = queueQuery(filter);
  const filtered = query.replace(/(^|&)sort=[^&]*/, "") !== "";
  const base = query ? `/console?${query}` : "/console";
  return (
    <Layout title="Review queue" active="queue" session={session}>
      <PageHead title="Review queue" lead={leadOf(total, filtered, filter.sort)} />
      <Notice message={notice} />
      <Alert title="Nothing was changed." message={error} />
      <FilterForm filter={filter} sources={sources} />
      {items.length === 0 ? (
        <div class="card empty">
          {total === 0 ? (
            <p>
              {filtered
                ? "No recommendation waiting for review matches these filters."
                : "The queue is empty: every recommendation has been reviewed."}
            </p>
          ) : (
            <p>
              This page is past the end of the list ({total} in all). <a href={base}>Go to the first page</a>.
            </p>
          )}
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
            Tick the recommendations to approve, or open one to reject or override it with a reason. Press ? for keyboard shortcuts.
          </p>
          <ListTable
            caption="Recommendations waiting for review"
            class="has-pick"
            id="queue"
            columns={[PICK_ALL, "Recommendation", "Person", "Status", "Why waiting", "Waiting", "Source", "Created", "Claimed by"]}
          >
            {items.map((r) => (
              <tr data-row>
                <td class="pick">
                  <input
                    type="checkbox"
                    name="ids"
                    value={r.id}
                    form="bulk"
                    id={`pick-${r.id}`}
                    aria-label={`Select “${r.title}” for ${r.userId}`}
                  />
                </td>
                <td class="title-cell">
                  <a href={`/console/recommendations/${r.id}`}>{r.title}</a>
                  <div class="muted">
                    {humanize(r.topic)} · {r.windowDays}-day window · {humanize(r.personaType)}
                  </div>
                </td>
                <td data-label="Person">
                  <a href={`/console?person=${encodeURIComponent(r.userId)}&sort=person`}>{r.userId}</a>
                </td>
                <td data-label="Status">
                  <StatusBadge status={r.status} />
                </td>
                <WhyCell item={r} />
                <td data-label="Waiting">{formatAge(r.createdAt, now)}</td>
                <td data-label="Source">
                  <Source source={r.source} />
                </td>
                <td data-label="Created">{formatTime(r.createdAt)}</td>
                <td data-label="Claimed by">{r.claimedBy ?? "—"}</td>
              </tr>
            ))}
          </ListTable>
          <Pager base={base} total={total} limit={limit} offset={offset} noun="recommendations" />
        </div>
      )}
    </Layout>
  );
};

/** Previous/next links for a paged list. */
export const Pager: FC<{ base: string; total: number; limit: number; offset: number; noun: string }> = ({
  base,
  total,
  limit,
  offset,
  noun,
}) => {
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
