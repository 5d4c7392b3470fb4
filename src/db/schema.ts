import { sql } from "drizzle-orm";
import { PLAID_ACCOUNT_TYPES } from "../domain/plaid-enums";
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  vector,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/**
 * Money, exact in the database at Plaid's precision (it sends e.g. 23631.9805; 6 decimals hold any
 * it sends), below 10^12 as src/domain/plaid.ts checks, a JS number in the app.
 */
const money = (name: string) => numeric(name, { precision: 18, scale: 6, mode: "number" });
const stampedNow = (name: string) => timestamp(name, { withTimezone: true }).notNull().defaultNow();

export const users = pgTable("users", {
  userId: text("user_id").primaryKey(),
  fullName: text("full_name").notNull(),
  email: text("email").notNull(),
  consentStatus: text("consent_status", { enum: ["granted", "revoked", "pending"] }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export const accounts = pgTable(
  "accounts",
  {
    accountId: text("account_id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    /** Plaid's AccountType (src/domain/plaid-enums.ts); the dataset uses the first four. */
    type: text("type", { enum: PLAID_ACCOUNT_TYPES }).notNull(),
    /** null, a null balance, mask or limit: Plaid sent none (see src/domain/plaid.ts). */
    subtype: text("subtype"),
    balanceAvailable: money("balance_available"),
    balanceCurrent: money("balance_current"),
    balanceLimit: money("balance_limit"),
    /** null with unofficial_currency_code set (Plaid sends one of the two). */
    isoCurrencyCode: text("iso_currency_code").default("USD"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    mask: text("mask"),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

export const transactions = pgTable(
  "transactions",
  {
    transactionId: text("transaction_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.accountId, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    /** Negative = money out, positive = money in, on every account. */
    amount: money("amount").notNull(),
    merchantName: text("merchant_name"),
    paymentChannel: text("payment_channel").notNull(),
    /** null: Plaid sent no personal-finance category. */
    categoryPrimary: text("category_primary"),
    categoryDetailed: text("category_detailed"),
    pending: boolean("pending").notNull().default(false),
    isoCurrencyCode: text("iso_currency_code").default("USD"),
    unofficialCurrencyCode: text("unofficial_currency_code"),
    /** A posted transaction's pending one (Plaid's pending_transaction_id), which it replaced. */
    pendingTransactionId: text("pending_transaction_id"),
  },
  (t) => [index("transactions_user_date_idx").on(t.userId, t.date), index("transactions_account_idx").on(t.accountId)],
);

export const liabilities = pgTable(
  "liabilities",
  {
    liabilityId: text("liability_id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.accountId, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    liabilityType: text("liability_type").notNull(),
    aprPercentage: doublePrecision("apr_percentage"),
    minimumPaymentAmount: money("minimum_payment_amount"),
    lastPaymentAmount: money("last_payment_amount"),
    /** null: the issuer did not say (Plaid allows it). */
    isOverdue: boolean("is_overdue"),
    nextPaymentDueDate: date("next_payment_due_date", { mode: "string" }),
    lastStatementBalance: money("last_statement_balance"),
  },
  (t) => [uniqueIndex("liabilities_account_uq").on(t.accountId), index("liabilities_user_idx").on(t.userId)],
);

/** Behavioural signals per user and window, as computed by src/domain/compute-signals.ts. */
export const userFeatures = pgTable(
  "user_features",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    windowDays: integer("window_days").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    signals: jsonb("signals").notNull(),
    computedAt: stampedNow("computed_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.windowDays] }), check("user_features_window_ck", sql`${t.windowDays} in (30, 180)`)],
);

export const personas = pgTable(
  "personas",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    windowDays: integer("window_days").notNull(),
    personaType: text("persona_type").notNull(),
    /** Matched criteria, the values behind them, and every persona that matched. */
    reasoning: jsonb("reasoning").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    assignedAt: stampedNow("assigned_at"),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.windowDays] }),
    index("personas_type_idx").on(t.personaType, t.windowDays),
    check("personas_window_ck", sql`${t.windowDays} in (30, 180)`),
  ],
);

/** `superseded`: a pending set replaced by a regeneration; kept for the audit trail, never served. */
export const recommendationStatus = pgEnum("recommendation_status", ["pending", "approved", "rejected", "flagged", "superseded"]);

export const recommendations = pgTable(
  "recommendations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The recommendations generated together for one user and window share a set id. */
    setId: uuid("set_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    windowDays: integer("window_days").notNull(),
    personaType: text("persona_type").notNull(),
    topic: text("topic").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    rationale: text("rationale").notNull(),
    disclosure: text("disclosure").notNull(),
    /**
     * The title and content others may be shown (reused, indexed), when they differ from what the
     * author reads: the catalog's text for the topic where the model's failed the reuse rule.
     * Null when the author's own text passed (it is the shareable text).
     */
    shareableTitle: text("shareable_title"),
    shareableContent: text("shareable_content"),
    status: recommendationStatus("status").notNull().default("pending"),
    /** Which tier produced it: vector_db, openai_4o_mini, openai_4o_mini_fallback, catalog, ... */
    source: text("source").notNull(),
    similarityScore: real("similarity_score"),
    reusedFromId: uuid("reused_from_id").references((): AnyPgColumn => recommendations.id, { onDelete: "set null" }),
    model: text("model"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    createdAt: stampedNow("created_at"),
    updatedAt: stampedNow("updated_at"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNote: text("review_note"),
    /**
     * When an approved recommendation stopped being approved (an operator overrode it) or stopped
     * fitting its person (their data changed): the vector tier stops reusing it at once, before the
     * index has caught up.
     */
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    /** Its place in its set: the catalog's priority order for the person (0 first), kept by every list. */
    position: smallint("position").notNull().default(0),
    /** When the request that produced its set began: of two concurrent vector-tier sets, the earlier request's wins. */
    requestStartedAt: timestamp("request_started_at", { withTimezone: true }),
  },
  (t) => [
    index("recommendations_user_window_idx").on(t.userId, t.windowDays),
    index("recommendations_set_idx").on(t.setId),
    index("recommendations_status_persona_idx").on(t.status, t.personaType, t.windowDays),
    index("recommendations_withdrawn_idx").on(t.withdrawnAt).where(sql`${t.withdrawnAt} is not null`),
    check("recommendations_window_ck", sql`${t.windowDays} in (30, 180)`),
    check("recommendations_similarity_ck", sql`${t.similarityScore} is null or (${t.similarityScore} between -1 and 1)`),
  ],
);

/** One row per served request, for latency and hit-rate metrics. */
export const requestLog = pgTable(
  "request_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: text("request_id").notNull(),
    route: text("route").notNull(),
    userId: text("user_id"),
    windowDays: integer("window_days"),
    source: text("source"),
    similarityScore: real("similarity_score"),
    cacheMs: real("cache_ms"),
    vectorDbMs: real("vector_db_ms"),
    openaiMs: real("openai_ms"),
    totalMs: real("total_ms").notNull(),
    status: integer("status").notNull(),
    /** Vector-tier items the reuse rule refused at serving time. */
    reuseDropped: integer("reuse_dropped").notNull().default(0),
    /** Generated titles and contents the reuse rule replaced with the catalog's text. */
    reuseReplaced: integer("reuse_replaced").notNull().default(0),
    /** Round trips to Postgres on the response path, counted once when they overlap. */
    dbRoundTrips: integer("db_round_trips"),
    createdAt: stampedNow("created_at"),
  },
  (t) => [index("request_log_created_idx").on(t.createdAt), index("request_log_source_idx").on(t.source)],
);

export const EMBEDDING_DIMENSIONS = 1536;

/**
 * The embedded vector index (pgvector). Ids follow the Pinecone layout: rec_{id} and
 * context_{user_id}_{window}. `embedder` keeps vectors from different embedders apart.
 */
export const vectors = pgTable(
  "vectors",
  {
    id: text("id").notNull(),
    embedder: text("embedder").notNull(),
    kind: text("kind", { enum: ["recommendation", "context"] }).notNull(),
    embedding: vector("embedding", { dimensions: EMBEDDING_DIMENSIONS }).notNull(),
    personaType: text("persona_type").notNull(),
    windowDays: integer("window_days").notNull(),
    status: text("status").notNull(),
    metadata: jsonb("metadata").notNull(),
    updatedAt: stampedNow("updated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.embedder, t.id] }),
    index("vectors_embedding_hnsw_idx").using("hnsw", t.embedding.op("vector_cosine_ops")),
    index("vectors_filter_idx").on(t.embedder, t.kind, t.personaType, t.windowDays, t.status),
  ],
);

/** Every consent change, newest last; users.consent_status is the current value. */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    action: text("action", { enum: ["grant", "revoke"] }).notNull(),
    actor: text("actor").notNull(),
    createdAt: stampedNow("created_at"),
  },
  (t) => [index("consent_events_user_idx").on(t.userId, t.createdAt)],
);

/** One row per operator (or policy) action on a recommendation. */
export const recommendationAudit = pgTable(
  "recommendation_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recommendationId: uuid("recommendation_id")
      .notNull()
      .references(() => recommendations.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    reason: text("reason"),
    actor: text("actor").notNull(),
    createdAt: stampedNow("created_at"),
  },
  (t) => [index("recommendation_audit_rec_idx").on(t.recommendationId)],
);

/**
 * A bulk job (POST /jobs/recommendations, POST /jobs/vectors): one item per person and window,
 * each done by a queue consumer. The items are the job's ledger: what was asked, what is done.
 */
export const jobs = pgTable("jobs", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: text("kind", { enum: ["recommendations", "vectors"] }).notNull(),
  /** What was asked: persona, window, user ids. */
  filter: jsonb("filter").notNull(),
  total: integer("total").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: stampedNow("created_at"),
});

export const jobItems = pgTable(
  "job_items",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    windowDays: integer("window_days").notNull(),
    /** queued → done | skipped (already finished) | failed (out of attempts, in the dead-letter queue). */
    status: text("status", { enum: ["queued", "done", "skipped", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** What the item spent on OpenAI (0 for the catalog generator or a vector-tier answer). */
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    updatedAt: stampedNow("updated_at"),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.userId, t.windowDays] }), index("job_items_status_idx").on(t.jobId, t.status)],
);

/** Every message a consumer sent to a dead-letter queue, with why: what the console counts (a Worker cannot read a queue's depth). */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    queue: text("queue").notNull(),
    reason: text("reason").notNull(),
    messageId: text("message_id").notNull(),
    attempts: integer("attempts").notNull(),
    body: jsonb("body"),
    createdAt: stampedNow("created_at"),
  },
  (t) => [index("dead_letters_created_idx").on(t.createdAt)],
);

/**
 * A person's connection to one bank through Plaid (an Item): the access token we pull with
 * (AES-GCM ciphertext, src/services/plaid-token-crypto.ts; null for an item only pushed to us) and
 * the /transactions/sync cursor last applied. Push routes without an item id use item "default".
 */
export const plaidItems = pgTable(
  "plaid_items",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    accessTokenCiphertext: text("access_token_ciphertext"),
    cursor: text("cursor"),
    /** Pages with has_more: true were applied; the profile is recomputed after the last one. */
    awaitingLastPage: boolean("awaiting_last_page").notNull().default(false),
    createdAt: stampedNow("created_at"),
    updatedAt: stampedNow("updated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.itemId] }),
    uniqueIndex("plaid_items_item_uq").on(t.itemId).where(sql`${t.accessTokenCiphertext} is not null`),
  ],
);

/** Every /transactions/sync cursor applied per item, in order: a page whose next_cursor is here but not last is an older page. */
export const plaidCursors = pgTable(
  "plaid_cursors",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    itemId: text("item_id").notNull(),
    cursor: text("cursor").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    appliedAt: stampedNow("applied_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.itemId, t.cursor] })],
);

/** Who is reviewing a recommendation now (issue 25): a claim keeps a second operator from deciding it meanwhile; it lapses after a while. */
export const recommendationClaims = pgTable("recommendation_claims", {
  recommendationId: uuid("recommendation_id")
    .primaryKey()
    .references(() => recommendations.id, { onDelete: "cascade" }),
  operator: text("operator").notNull(),
  claimedAt: stampedNow("claimed_at"),
});

/**
 * Live quality of the vector tier: a sampled vector-tier answer compared with what the generator
 * answers for the same person, off the request path (src/services/quality-sampling.ts).
 */
export const qualitySamples = pgTable(
  "quality_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id").notNull(),
    windowDays: integer("window_days").notNull(),
    personaType: text("persona_type").notNull(),
    similarityScore: real("similarity_score"),
    servedTopics: jsonb("served_topics").$type<string[]>().notNull(),
    generatorTopics: jsonb("generator_topics").$type<string[]>().notNull(),
    urgentTopics: jsonb("urgent_topics").$type<string[]>().notNull(),
    /** The share of the generator's topics the served set had. */
    coverage: real("coverage").notNull(),
    /** The generator's first topic was served. */
    topTopicAgreed: boolean("top_topic_agreed").notNull(),
    /** Every urgent topic of the person was served. */
    urgentAgreed: boolean("urgent_agreed").notNull(),
    generatorSource: text("generator_source").notNull(),
    createdAt: stampedNow("created_at"),
  },
  (t) => [index("quality_samples_persona_idx").on(t.personaType, t.createdAt)],
);
