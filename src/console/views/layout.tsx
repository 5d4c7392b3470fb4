import type { Child, FC } from "hono/jsx";
import { SCRIPT_URL, STYLESHEET_URL } from "../assets";
import type { ConsoleSession } from "../session";

type NavKey = "queue" | "people" | "metrics" | "calibration" | "audit";

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: "queue", href: "/console", label: "Review queue" },
  { key: "people", href: "/console/people", label: "People" },
  { key: "metrics", href: "/console/metrics", label: "Metrics" },
  { key: "calibration", href: "/console/calibration", label: "Calibration" },
  { key: "audit", href: "/console/audit", label: "Audit log" },
];

export interface LayoutProps {
  title: string;
  active?: NavKey;
  /** Absent on the sign-in and error pages of a signed-out visitor. */
  session?: ConsoleSession;
  children?: Child;
}

/** Every console page: skip link, header and navigation, one <main>, footer. */
export const Layout: FC<LayoutProps> = ({ title, active, session, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · SpendSense operator console`}</title>
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href={STYLESHEET_URL} />
      <script src={SCRIPT_URL} defer></script>
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/console">
            SpendSense <span>Operator console</span>
          </a>
          {session ? (
            <nav class="nav" aria-label="Console">
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.key === active ? "page" : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {session ? (
            <form class="signout" method="post" action="/console/sign-out">
              <CsrfField session={session} />
              <span class="operator" id="operator-name">
                {session.operator}
              </span>
              <button type="submit" class="btn btn-quiet">
                Sign out
              </button>
              <button type="submit" class="btn btn-quiet" name="everywhere" value="1">
                Sign out everywhere
              </button>
            </form>
          ) : null}
        </div>
      </header>
      <main id="main" tabindex={-1}>
        {children}
      </main>
      {session ? <ShortcutsHelp /> : null}
      <footer>SpendSense Edge · operator console · times in UTC · press ? for keyboard shortcuts</footer>
    </body>
  </html>
);

/** The keyboard shortcuts, shown by `?` (the script opens it; without the script it stays hidden). */
const ShortcutsHelp: FC = () => (
  <dialog id="shortcuts" aria-labelledby="shortcuts-h">
    <h2 id="shortcuts-h">Keyboard shortcuts</h2>
    <dl class="facts">
      <dt>
        <kbd>?</kbd>
      </dt>
      <dd>Show or hide this help</dd>
      <dt>
        <kbd>j</kbd> / <kbd>k</kbd>
      </dt>
      <dd>Queue: move to the next / previous item</dd>
      <dt>
        <kbd>n</kbd>
      </dt>
      <dd>After a decision: open the next item</dd>
      <dt>
        <kbd>a</kbd> / <kbd>x</kbd>
      </dt>
      <dd>
        Recommendation: approve / reject, pressed twice (the first press points at the button; Esc cancels), with the reason typed, if any
      </dd>
      <dt>
        <kbd>/</kbd>
      </dt>
      <dd>Go to the first filter or search field</dd>
    </dl>
    <form method="dialog">
      <button type="submit" class="btn">
        Close
      </button>
    </form>
  </dialog>
);

/** The session's CSRF token, in every state-changing form. */
export const CsrfField: FC<{ session: ConsoleSession }> = ({ session }) => <input type="hidden" name="_csrf" value={session.csrf} />;

/** The page's heading block; `trail` is the breadcrumb above it. */
export const PageHead: FC<{ title: Child; lead?: Child; trail?: { href: string; label: string }[]; children?: Child }> = ({
  title,
  lead,
  trail,
  children,
}) => (
  <div>
    {trail ? (
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          {trail.map((t) => (
            <li>
              <a href={t.href}>{t.label}</a>
            </li>
          ))}
        </ol>
      </nav>
    ) : null}
    <div class="page-head">
      <div>
        <h1>{title}</h1>
        {lead ? <p class="lead">{lead}</p> : null}
      </div>
      {children}
    </div>
  </div>
);

/** A success message after an action (announced politely). */
export const Notice: FC<{ message?: string | undefined }> = ({ message }) =>
  message ? (
    <div class="notice" role="status">
      {message}
    </div>
  ) : null;

/** An error the operator must see (announced at once). */
export const Alert: FC<{ title?: string; message?: string | undefined }> = ({ title, message }) =>
  message ? (
    <div class="alert" role="alert">
      {title ? <strong>{title}</strong> : null}
      {message}
    </div>
  ) : null;

/** A column of a ListTable: its header, and whether it holds numbers (right-aligned). */
export type Column = string | { label: Child; num?: boolean };

/**
 * A list as a table that stacks into cards on small screens (`stack-sm`): scoped column headers, a
 * caption for screen readers, rows as children.
 */
export const ListTable: FC<{ caption: string; columns: Column[]; class?: string; id?: string; children?: Child }> = ({
  caption,
  columns,
  class: extra,
  id,
  children,
}) => (
  <div class="table-wrap">
    <table class={extra ? `stack-sm ${extra}` : "stack-sm"} id={id}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === "string" ? (
              <th scope="col">{c}</th>
            ) : (
              <th scope="col" class={c.num ? "num" : undefined}>
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);
