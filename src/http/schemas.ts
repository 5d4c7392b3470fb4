/**
 * The success shapes of the JSON routes, as their contracts declare them. The handlers' return
 * types are checked against these (zod-openapi types `c.json` by the route's responses), so the
 * document cannot drift from what the code answers.
 */
import { z } from "@hono/zod-openapi";
import { createSelectSchema } from "drizzle-zod";
import { SERVED_MASK } from "../db/recommendation-fields";
import { recommendations, recommendationStatus } from "../db/schema";
import { PERSONA_TYPES } from "../domain/personas";
import { windowDaysSchema } from "../domain/window-days";

const windowDays = windowDaysSchema.meta({ description: "The window in days: 30 or 180" });
const timestamp = z.string().meta({ format: "date-time", description: "RFC 3339 date-time, in UTC" });
const personaType = z.enum(PERSONA_TYPES);

/** Signals are documented in the README (Signals and personas); groups are listed, not each figure. */
const signalGroup = z.record(z.string(), z.unknown());
const SignalsSchema = z
  .object({
    as_of: z.string().meta({ description: "The last day of the window (YYYY-MM-DD)" }),
    window_days: windowDays,
    subscriptions: signalGroup,
    savings: signalGroup,
    credit: signalGroup,
    income: signalGroup,
    coverage: signalGroup.optional().meta({
      description:
        "What the figures leave out and why: accounts in other currencies or with no balance, cards with no limit, transactions dated after as_of (absent on profiles stored before it was counted)",
    }),
  })
  .openapi("Signals");

const PersonaSchema = z
  .object({
    persona_type: personaType,
    matched_criteria: z.array(
      z.object({
        criterion: z.string(),
        operator: z.enum([">=", ">", "<", "=="]),
        value: z.union([z.number(), z.boolean(), z.null()]),
        threshold: z.union([z.number(), z.boolean()]),
      }),
    ),
    all_matches: z.array(personaType),
    reasoning: z.string(),
  })
  .openapi("Persona");

const component = z.object({ implementation: z.string(), ok: z.boolean(), latency_ms: z.number(), detail: z.string().optional() });
export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    components: z.object({
      database: component,
      cache: component,
      queue: component,
      vector_index: component,
      embedder: component,
      generator: component,
    }),
  })
  .openapi("Health");

export const UserListSchema = z.object({
  users: z.array(
    z.object({
      user_id: z.string(),
      consent_status: z.string(),
      account_count: z.number(),
      persona_type: z.string().nullable(),
      recommendation_windows: z.array(z.number()),
    }),
  ),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

export const UserSchema = z.object({
  user: z.object({
    user_id: z.string(),
    consent_status: z.string(),
    created_at: timestamp,
    accounts: z.array(
      z.object({
        account_id: z.string(),
        type: z.string(),
        subtype: z.string().nullable(),
        mask: z.string().nullable(),
        balance_current: z.number().nullable(),
        balance_limit: z.number().nullable(),
      }),
    ),
  }),
});

export const FeaturesSchema = z.object({ user_id: z.string(), window_days: windowDays, signals: SignalsSchema, persona: PersonaSchema });

const profileWindow = z.object({ signals: SignalsSchema, persona: PersonaSchema });
export const ProfileSchema = z.object({ user_id: z.string(), windows: z.object({ "30": profileWindow, "180": profileWindow }) });

export const TokenSchema = z.object({
  user_id: z.string(),
  token: z.string(),
  token_type: z.literal("Bearer"),
  expires_at: timestamp,
  expires_in: z.number().meta({ description: "Seconds until it expires" }),
});

export const ConsentSchema = z
  .object({
    user_id: z.string(),
    consent_status: z.enum(["granted", "revoked", "pending"]),
    history: z.array(z.object({ action: z.enum(["grant", "revoke"]), actor: z.string(), at: timestamp })),
  })
  .openapi("Consent");

/** What a person is shown of a recommendation: fields of the table (src/db/recommendation-fields.ts). */
const RecommendationSchema = createSelectSchema(recommendations, {
  status: z.enum([...recommendationStatus.enumValues, "withdrawn"]).meta({
    description: "withdrawn: it stopped fitting its person (their data changed) or was overridden after approval",
  }),
})
  .pick(SERVED_MASK)
  .openapi("Recommendation");

export const GenerateSchema = z.object({
  user_id: z.string(),
  window_days: windowDays,
  persona_type: z.string(),
  source: z.string().meta({
    description:
      'Who answered: kv_cache, vector_db, catalog, openai_4o_mini (OPENAI_CHAT_MODEL gpt-4o-mini) or openai_<model> for another model; "_fallback" when a tier failed first (catalog_fallback: OpenAI failed)',
  }),
  similarity_score: z.number().nullable(),
  recommendations: z.array(RecommendationSchema),
  disclosure: z.string(),
  latency: z.object({
    cache_ms: z.number().meta({ description: "Reading the person's state and the KV cache" }),
    vector_db_ms: z.number().meta({ description: "The vector tier (embedding and index query); 0 when it did not run" }),
    generator_ms: z.number().meta({ description: "Time in whichever generator answered (catalog or OpenAI); 0 when none ran" }),
    openai_ms: z.number().meta({
      description:
        "Time in OpenAI when OpenAI answered; 0 when the catalog answered (also after an OpenAI failure: that time is in generator_ms)",
    }),
    total_ms: z.number(),
  }),
  latency_ms: z.number().meta({ description: "Equal to latency.total_ms" }),
});

export const RecommendationListSchema = z.object({
  user_id: z.string(),
  recommendations: z.array(
    RecommendationSchema.extend({
      window_days: z.number(),
      persona_type: z.string(),
      source: z.string(),
      created_at: timestamp.nullable(),
      stored: z.boolean().meta({ description: "false: served from the cached answer, its store not landed yet" }),
    }),
  ),
  disclosure: z.string(),
});

export const ReviewSchema = z.object({ recommendation: RecommendationSchema.extend({ user_id: z.string() }), from_status: z.string() });

export const BulkApproveSchema = z.object({
  approved: z.number(),
  results: z.array(
    z.union([
      z.object({ id: z.string(), status: z.literal("approved"), from_status: z.string() }),
      z.object({ id: z.string(), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  ),
});

export const AuditSchema = z.object({
  id: z.uuid(),
  audit: z.array(
    z.object({
      action: z.string(),
      from_status: z.string().nullable(),
      to_status: z.string(),
      reason: z.string().nullable(),
      actor: z.string(),
      at: timestamp,
    }),
  ),
});

export const ReviewQueueSchema = z.object({
  items: z.array(
    RecommendationSchema.extend({
      user_id: z.string(),
      window_days: z.number(),
      persona_type: z.string(),
      source: z.string(),
      created_at: timestamp,
    }),
  ),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

const ProportionSchema = z.object({
  successes: z.number(),
  n: z.number(),
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const PersonaQualitySchema = z.object({
  persona_type: z.string(),
  samples: z.number(),
  coverage: z.number().nullable(),
  top_topic_agreement: ProportionSchema,
  urgent_topic_agreement: ProportionSchema,
  false_hit_rate: ProportionSchema,
  recommended_threshold: z.number().nullable(),
});

export const MetricsSchema = z.object({
  from: timestamp,
  to: timestamp,
  total: z.number(),
  sources: z.array(
    z.object({
      source: z.string(),
      requests: z.number(),
      share: z.number(),
      avg_similarity: z.number().nullable(),
      p50_ms: z.number(),
      p95_ms: z.number(),
      p99_ms: z.number(),
    }),
  ),
  reuse: z.object({
    dropped_at_serving: z.number(),
    replaced_at_generation: z.number(),
    generated_items: z.number(),
    shareable_differs: z.number(),
    shareable_differs_share: z.number(),
  }),
  vector_db_hit_rate: z.number(),
  vector_vs_generator: z.number().nullable(),
  /** Live quality of the vector tier per persona, from sampled hits (issue 24). */
  quality: z.array(PersonaQualitySchema),
});

export const VectorStatsSchema = z.object({
  index: z.enum(["pinecone", "pgvector"]),
  embedder: z.string(),
  dimensions: z.number(),
  stats: z.object({ totalVectors: z.number(), dimension: z.number(), namespaceVectors: z.number(), fullness: z.number() }),
});

export const VectorSearchSchema = z.object({
  user_id: z.string(),
  window_days: windowDays,
  persona_type: z.string(),
  canonical_profile: z.array(z.string()),
  threshold: z.number(),
  decision: z.enum(["vector_db", "generator"]),
  eligible: z.number(),
  dropped: z.array(z.object({ id: z.string(), user_id: z.string(), kinds: z.array(z.string()) })),
  matches: z.array(z.object({ id: z.string(), user_id: z.string(), score: z.number() })),
  items: z.array(z.object({ topic: z.string(), reused_from_id: z.string().nullable(), similarity_score: z.number().nullable() })),
});

const writeCounts = z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number() });
const personaChange = z.object({ before: z.string().nullable(), after: z.string().nullable() });
export const SyncSchema = z.object({
  user_id: z.string(),
  accounts: writeCounts,
  transactions: writeCounts.extend({ removed: z.number() }),
  liabilities: writeCounts,
  changed: z.boolean(),
  personas: z.object({ "30": personaChange, "180": personaChange }),
  withdrawn_recommendations: z.number(),
});

/** A /transactions/sync page's outcome: the write, and where the item's sync stands (issue 23). */
export const PageSyncSchema = SyncSchema.extend({
  sync: z.object({
    item_id: z.string(),
    page: z.enum(["applied", "older"]).meta({ description: "older: its next_cursor was applied before a newer page; nothing was changed" }),
    has_more: z.boolean(),
    recomputed: z.boolean().meta({ description: "The profile was recomputed and recommendations withdrawn (after the last page only)" }),
  }),
});

export const RefreshSchema = z.object({
  user_id: z.string(),
  personas: z.object({ "30": z.string().optional(), "180": z.string().optional() }),
  withdrawn_recommendations: z.number(),
});

const jobKind = z.enum(["recommendations", "vectors"]);
export const JobStartedSchema = z.object({
  id: z.string().meta({ description: "The job's id (UUID)" }),
  kind: jobKind,
  total: z.number().meta({ description: "Person-windows to do (0: nothing missing, nothing queued)" }),
  status_url: z.string(),
});
export const JobSchema = z.object({
  id: z.string(),
  kind: jobKind,
  filter: z.object({
    persona: z.string().optional(),
    window_days: windowDays.optional(),
    user_ids: z.array(z.string()).optional(),
    limit: z.number().optional(),
  }),
  created_at: timestamp,
  total: z.number(),
  done: z.number(),
  skipped: z.number().meta({ description: "Found finished when their turn came (e.g. a set made meanwhile)" }),
  failed: z.number(),
  remaining: z.number(),
  finished: z.boolean(),
  rate_per_second: z.number().meta({ description: "Items settled in the last minute, per second" }),
  eta_seconds: z.number().nullable().meta({ description: "null while nothing settled in the last minute" }),
  cost_usd: z.number().meta({ description: "OpenAI spend so far (0 with the catalog)" }),
  failures: z
    .array(z.object({ user_id: z.string(), window_days: z.number(), error: z.string().nullable() }))
    .meta({ description: "The first 100 failed items, with why" }),
});
