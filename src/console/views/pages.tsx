/** The small pages: sign-in, the people list, calibration and errors. */
import type { FC } from "hono/jsx";
import { raw } from "hono/html";
import type { UserListItem } from "../../db/users";
import { PERSONA_TYPES } from "../../domain/personas";
import type { AccessResult } from "../../http/access";
import type { ConsoleSession } from "../session";
import { humanize, StatusBadge } from "./format";
import { Alert, Layout, ListTable, Notice, PageHead } from "./layout";
import { Pager } from "./queue";

export const SignInPage: FC<{
  error?: string | undefined;
  notice?: string | undefined;
  next?: string | undefined;
  access?: AccessResult | undefined;
}> = ({ error, notice, next, access }) => (
  <Layout title="Sign in">
    <div class="signin">
      <div class="card">
        <h1>Sign in</h1>
        <p class="lead">
          {access
            ? "This console sits behind Cloudflare Access: you are known by your Access identity."
            : "Each operator signs in with their own token, and is named on everything they do. User tokens cannot open the console."}
        </p>
        <Notice message={notice} />
        <Alert title="Not signed in." message={error} />
        <form method="post" action="/console/sign-in">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          {access ? (
            <p>{access.ok ? `Signed in to Access as ${access.email}.` : `Cloudflare Access refused: ${access.reason}.`}</p>
          ) : (
            <div class="field">
              <label for="token">Operator token</label>
              <input
                type="password"
                id="token"
                name="token"
                required
                autocomplete="current-password"
                spellcheck={false}
                aria-describedby="token-help"
              />
              <p id="token-help" class="help">
                It is exchanged for a session cookie (8 hours, ended at sign-out) and never kept in the page or its address.
              </p>
            </div>
          )}
          <button type="submit" class="btn btn-primary">
            {access?.ok ? `Continue as ${access.email}` : "Sign in"}
          </button>
        </form>
      </div>
    </div>
  </Layout>
);

function peopleQueryString(persona: string | undefined, search: string | undefined): string {
  const params = new URLSearchParams();
  if (search) params.set("q", search);
  if (persona) params.set("persona", persona);
  const q = params.toString();
  return q ? `?${q}` : "";
}

export interface PeopleProps {
  session: ConsoleSession;
  users: UserListItem[];
  total: number;
  limit: number;
  offset: number;
  persona: string | undefined;
  /** Part of an id or a name. */
  search?: string | undefined;
  error?: string | undefined;
}

export const PeoplePage: FC<PeopleProps> = ({ session, users, total, limit, offset, persona, search, error }) => (
  <Layout title="People" active="people" session={session}>
    <PageHead
      title="People"
      lead={`${total} ${total === 1 ? "person" : "people"}${search ? ` whose id or name contains “${search}”` : ""}${persona ? ` with the persona ${humanize(persona)} (30 days)` : ""}, in id order.`}
    />
    <Alert title="Not found." message={error} />
    <div class="grid">
      <form class="card" method="get" action="/console/people">
        <div class="inline-fields">
          <div class="field">
            <label for="find-user">Search by part of an id or a name</label>
            <input
              type="search"
              id="find-user"
              name="q"
              value={search ?? ""}
              maxlength={64}
              autocomplete="off"
              placeholder="0012 or Garcia"
            />
          </div>
          {persona ? <input type="hidden" name="persona" value={persona} /> : null}
          <button type="submit" class="btn">
            Search
          </button>
        </div>
      </form>
      <form class="card" method="get" action="/console/people">
        {search ? <input type="hidden" name="q" value={search} /> : null}
        <div class="inline-fields">
          <div class="field">
            <label for="persona">Persona (30-day window)</label>
            <select id="persona" name="persona">
              <option value="">Any persona</option>
              {PERSONA_TYPES.map((p) => (
                <option value={p} selected={p === persona}>
                  {humanize(p)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn">
            Filter
          </button>
        </div>
      </form>
    </div>
    <div class="card">
      <ListTable caption="People" columns={["Person", "Consent", "Persona (30 days)", { label: "Accounts", num: true }, "Recommendations"]}>
        {users.map((u) => (
          <tr>
            <td class="title-cell">
              <a href={`/console/people/${u.user_id}`}>{u.user_id}</a>
            </td>
            <td data-label="Consent">
              <StatusBadge status={u.consent_status} />
            </td>
            <td data-label="Persona (30 days)">{u.persona_type ? humanize(u.persona_type) : "—"}</td>
            <td data-label="Accounts" class="num">
              {u.account_count}
            </td>
            <td data-label="Recommendations">
              {u.recommendation_windows.length ? u.recommendation_windows.map((w) => `${w} days`).join(", ") : "none"}
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager base={`/console/people${peopleQueryString(persona, search)}`} total={total} limit={limit} offset={offset} noun="people" />
    </div>
  </Layout>
);

/** The threshold each calibration document recommends, as its chart labels it ("recommended 0.80"). */
function recommendedIn(documents: readonly { name: string; html: string }[]): { name: string; value: string }[] {
  return documents.flatMap((d) => {
    const m =
      /recommended (\d\.\d{2})/.exec(d.html) ?? /\| (\d\.\d{2}) \*\*←\*\*/.exec(d.html) ?? /(\d\.\d{2}) <strong>←<\/strong>/.exec(d.html);
    return m ? [{ name: d.name, value: m[1]! }] : [];
  });
}

/** Trusted HTML rendered at build time from docs/eval (scripts/console-docs.ts). */
export const CalibrationPage: FC<{
  session: ConsoleSession;
  documents: readonly { name: string; html: string }[];
  liveThreshold: number;
}> = ({ session, documents, liveThreshold }) => (
  <Layout title="Calibration" active="calibration" session={session}>
    <PageHead
      title="Threshold calibration"
      lead={
        <>
          From docs/eval as <code>npm run eval</code> last wrote it, built into the Worker.
        </>
      }
    />
    <div class="card" id="live-threshold">
      <p>
        <strong>Live threshold: {liveThreshold.toFixed(2)}</strong> (<code>VECTOR_DB_SIMILARITY_THRESHOLD</code> of this Worker){" "}
        {recommendedIn(documents).map((r) => (
          <>
            · recommended by {r.name}: <strong>{r.value}</strong>
            {Number(r.value) === Number(liveThreshold.toFixed(2))
              ? " (the same)"
              : ` (${Number(r.value) < liveThreshold ? "lower" : "higher"} than live)`}{" "}
          </>
        ))}
      </p>
    </div>
    {documents.length === 0 ? (
      <div class="card empty">
        <p>No calibration has been written yet: run npm run eval.</p>
      </div>
    ) : (
      documents.map((d) => (
        <article class="card doc" aria-label={d.name}>
          {raw(d.html)}
        </article>
      ))
    )}
  </Layout>
);

export const ErrorPage: FC<{ session?: ConsoleSession | undefined; status: number; title: string; message: string }> = ({
  session,
  status,
  title,
  message,
}) => (
  <Layout title={title} {...(session ? { session } : {})}>
    <PageHead title={title} lead={`HTTP ${status}`} />
    <div class="card">
      <p>{message}</p>
      <p>
        <a href="/console">Back to the review queue</a>
      </p>
    </div>
  </Layout>
);
