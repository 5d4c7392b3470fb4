/** The site-wide audit log: every review, newest first, filterable by operator and time. */
import type { FC } from "hono/jsx";
import type { AuditLogRow } from "../../db/review-queue";
import type { ConsoleSession } from "../session";
import { formatTime, humanize, StatusBadge } from "./format";
import { Layout, ListTable, PageHead } from "./layout";
import { Pager } from "./queue";

export interface AuditFilterView {
  operator?: string | undefined;
  /** As typed: YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC). */
  from?: string | undefined;
  to?: string | undefined;
}

export function auditQuery(f: AuditFilterView): string {
  const params = new URLSearchParams();
  for (const key of ["operator", "from", "to"] as const) if (f[key]) params.set(key, f[key]!);
  return params.toString();
}

export const AuditPage: FC<{
  session: ConsoleSession;
  rows: AuditLogRow[];
  total: number;
  limit: number;
  offset: number;
  filter: AuditFilterView;
  operators: string[];
}> = ({ session, rows, total, limit, offset, filter, operators }) => {
  const query = auditQuery(filter);
  return (
    <Layout title="Audit log" active="audit" session={session}>
      <PageHead
        title="Audit log"
        lead={`${total} review action${total === 1 ? "" : "s"}${query ? " match these filters" : " on the site"}, newest first. Times in UTC.`}
      />
      <form class="card filters" method="get" action="/console/audit" aria-label="Filter the audit log">
        <div class="inline-fields">
          <div class="field">
            <label for="operator">Operator (name or part of it)</label>
            <input
              type="search"
              id="operator"
              name="operator"
              value={filter.operator ?? ""}
              maxlength={64}
              list="operators"
              autocomplete="off"
            />
            <datalist id="operators">
              {operators.map((o) => (
                <option value={o} />
              ))}
            </datalist>
          </div>
          <div class="field">
            <label for="from">From (UTC, inclusive)</label>
            <input
              type="text"
              id="from"
              name="from"
              value={filter.from ?? ""}
              placeholder="2026-12-01 or 2026-12-01T09:00"
              maxlength={16}
            />
          </div>
          <div class="field">
            <label for="to">To (UTC, exclusive)</label>
            <input type="text" id="to" name="to" value={filter.to ?? ""} placeholder="2026-12-02" maxlength={16} />
          </div>
          <button type="submit" class="btn">
            Apply
          </button>
          <a href="/console/audit" class="btn">
            Clear
          </a>
        </div>
      </form>
      <div class="card">
        {rows.length === 0 ? (
          <p class="empty">{total === 0 ? "No review action matches." : "This page is past the end of the list."}</p>
        ) : (
          <ListTable
            caption="Review actions, newest first"
            id="audit-log"
            columns={["When", "By", "Action", "From", "To", "Recommendation", "Reason"]}
          >
            {rows.map((a) => (
              <tr>
                <td data-label="When">{formatTime(a.createdAt)}</td>
                <td data-label="By">{a.actor}</td>
                <td data-label="Action">{humanize(a.action)}</td>
                <td data-label="From">{a.fromStatus ? <StatusBadge status={a.fromStatus} /> : "—"}</td>
                <td data-label="To">
                  <StatusBadge status={a.toStatus} />
                </td>
                <td data-label="Recommendation">
                  <a href={`/console/recommendations/${a.recommendationId}`}>{a.title}</a> <span class="muted">for {a.userId}</span>
                </td>
                <td data-label="Reason">{a.reason ?? "—"}</td>
              </tr>
            ))}
          </ListTable>
        )}
        <Pager base={query ? `/console/audit?${query}` : "/console/audit"} total={total} limit={limit} offset={offset} noun="actions" />
      </div>
    </Layout>
  );
};
