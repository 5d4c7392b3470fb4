import type { FC } from "hono/jsx";
import { criterionInWords } from "./persona-words";
import type { ConsentState } from "../../db/consent";
import type { StoredProfile } from "../../db/profiles";
import type { RecommendationRow } from "../../db/recommendations";
import type { UserSummary } from "../../db/users";
import type { ConsoleSession } from "../session";
import { decimal, formatTime, humanize, money, percent, ReviewCells, StatusBadge } from "./format";
import { Layout, ListTable, PageHead } from "./layout";
import type { WindowDays } from "../../domain/signals";

export interface PersonProps {
  session: ConsoleSession;
  user: UserSummary;
  consent: ConsentState;
  profiles: { window: WindowDays; profile: StoredProfile | undefined }[];
  recommendations: RecommendationRow[];
}

/** The signals an operator reads first, in words and numbers. */
const SignalsSummary: FC<{ profile: StoredProfile }> = ({ profile }) => {
  const { income, credit, savings, subscriptions } = profile.signals;
  return (
    <dl class="facts">
      <dt>Monthly income</dt>
      <dd>
        {money(income.average_monthly_income)} ({income.pay_frequency === "none" ? "no payroll found" : `paid ${income.pay_frequency}`})
      </dd>
      <dt>Cash-flow buffer</dt>
      <dd>{income.cash_flow_buffer_months === null ? "—" : `${decimal(income.cash_flow_buffer_months)} months`}</dd>
      <dt>Credit</dt>
      <dd>
        {credit.card_count === 0
          ? "no cards"
          : `${credit.card_count} card${credit.card_count === 1 ? "" : "s"}, highest utilization ${percent(credit.max_utilization, 0)}, interest ${money(credit.interest_charges)}${credit.is_overdue ? ", overdue" : ""}${credit.minimum_payment_only ? ", minimum payments only" : ""}`}
      </dd>
      <dt>Subscriptions</dt>
      <dd>
        {subscriptions.recurring_merchant_count} recurring, {money(subscriptions.monthly_recurring_spend)} a month (
        {percent(subscriptions.subscription_share, 0)} of spend)
      </dd>
      <dt>Savings</dt>
      <dd>
        {savings.savings_account_count === 0
          ? "no savings account"
          : `${money(savings.monthly_net_inflow)} a month in, emergency fund ${savings.emergency_fund_months === null ? "—" : `${decimal(savings.emergency_fund_months)} months`}`}
      </dd>
      <dt>As of</dt>
      <dd>
        {profile.signals.as_of} (computed {formatTime(profile.computed_at)})
      </dd>
    </dl>
  );
};

const WindowCard: FC<{ window: WindowDays; profile: StoredProfile | undefined }> = ({ window, profile }) => (
  <section class="card" aria-labelledby={`w${window}-h`}>
    <h2 id={`w${window}-h`}>{window}-day window</h2>
    {profile ? (
      <>
        <p>
          Persona: <strong>{humanize(profile.persona.persona_type)}</strong>
        </p>
        {profile.persona.matched_criteria.length ? (
          <>
            <p class="muted">
              Why:{" "}
              {profile.persona.all_matches.length > 1
                ? `it ranks first of the personas that fit (${profile.persona.all_matches.map(humanize).join(", ")}), because`
                : "because"}
            </p>
            <ul class="criteria muted">
              {profile.persona.matched_criteria.map((c) => (
                <li>{criterionInWords(c)}</li>
              ))}
            </ul>
          </>
        ) : (
          <p class="muted">
            No persona rule matched over this window, so the general persona applies (general education, no claim about the person's
            behaviour).
          </p>
        )}
        <h3>Signals</h3>
        <SignalsSummary profile={profile} />
      </>
    ) : (
      <p class="muted">No transactions to compute signals from.</p>
    )}
  </section>
);

export const PersonPage: FC<PersonProps> = ({ session, user, consent, profiles, recommendations }) => (
  <Layout title={user.user_id} active="people" session={session}>
    <PageHead
      title={user.user_id}
      lead={
        <>
          Consent <StatusBadge status={consent.consent_status} /> · {user.accounts.length} account{user.accounts.length === 1 ? "" : "s"} ·
          customer since {user.created_at.slice(0, 10)}
        </>
      }
      trail={[{ href: "/console/people", label: "People" }]}
    />
    <div class="grid">
      {profiles.map((p) => (
        <WindowCard window={p.window} profile={p.profile} />
      ))}
    </div>
    <div class="grid">
      <section class="card" aria-labelledby="consent-h">
        <h2 id="consent-h">Consent</h2>
        <p>
          Now: <StatusBadge status={consent.consent_status} />
        </p>
        {consent.history.length === 0 ? (
          <p class="muted">No consent change has been recorded since the data was loaded.</p>
        ) : (
          <table>
            <caption>History, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {consent.history.map((h) => (
                <tr>
                  <td>{formatTime(h.at)}</td>
                  <td>{humanize(h.action)}</td>
                  <td>{h.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="accounts-h">
        <h2 id="accounts-h">Accounts</h2>
        <table>
          <caption class="visually-hidden">Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col" class="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {user.accounts.map((a) => (
              <tr>
                <td>
                  {humanize(a.subtype ?? a.type)} {a.mask === null ? null : `••${a.mask}`}
                </td>
                <td class="num">
                  {a.balance_current === null ? "—" : money(a.balance_current)}
                  {a.balance_limit !== null ? <span class="muted"> of {money(a.balance_limit)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
    <section class="card" aria-labelledby="recs-h">
      <h2 id="recs-h">Recommendations</h2>
      {recommendations.length === 0 ? (
        <p class="muted">None yet (superseded sets are not shown).</p>
      ) : (
        <ListTable caption="This person's recommendations, newest first" columns={["Title", "Window", "Status", "Source", "Created"]}>
          {recommendations.map((r) => (
            <tr>
              <td class="title-cell">
                <a href={`/console/recommendations/${r.id}`}>{r.title}</a>
              </td>
              <td data-label="Window">{r.windowDays} days</td>
              <ReviewCells status={r.status} source={r.source} createdAt={r.createdAt} />
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  </Layout>
);
