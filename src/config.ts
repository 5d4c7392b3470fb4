import { z } from "zod";
import { DEFAULTS } from "./defaults";
import { accessTeamDomain, operatorsSchema } from "./http/operator-config";
import { PERSONA_TYPES, type PersonaType } from "./domain/personas";

/** Every variable's default lives in ./defaults (no imports, so scripts' --help can read it cheaply); the schema below applies them. */
export { DEFAULTS };

/**
 * The Worker's bindings (vars, secrets, KV, Queue), typed by `npm run cf-typegen` into
 * worker-configuration.d.ts from wrangler.toml and .dev.vars.example. Values are untrusted until
 * parseConfig has checked them.
 */
export type Env = Cloudflare.Env;

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/** "high_utilization=0.9,general=0.8" → { high_utilization: 0.9, general: 0.8 }; every name a persona, every value in [0, 1]. */
function parsePersonaThresholds(value: string, ctx: z.RefinementCtx): Partial<Record<PersonaType, number>> {
  const out: Partial<Record<PersonaType, number>> = {};
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, raw] = part.split("=").map((x) => x.trim());
    const threshold = Number(raw);
    if (
      !(PERSONA_TYPES as readonly string[]).includes(name ?? "") ||
      raw === undefined ||
      raw === "" ||
      !(threshold >= 0 && threshold <= 1)
    ) {
      ctx.addIssue({
        code: "custom",
        message: `"${part}" must be persona=threshold, a persona of ${PERSONA_TYPES.join(", ")} and a threshold between 0 and 1`,
      });
      return out;
    }
    out[name as PersonaType] = threshold;
  }
  return out;
}

const configSchema = z
  .object({
    DATABASE_URL: z
      .string({ error: "is required: a postgres:// URL (Neon, or the embedded database npm start runs)" })
      .trim()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    DATABASE_WS_PROXY: optionalSecret.pipe(
      z
        .string()
        .regex(/^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}(\/.*)?$/, "must be a loopback host:port[/path]")
        .optional(),
    ),
    API_TOKEN: z.string({ error: "is required" }).min(16, "must be at least 16 characters"),
    /**
     * A shared operator token, known as "operator" in the audit. Optional once OPERATORS or Cloudflare
     * Access names the operators (then leave it unset, so every decision has a person's name).
     */
    OPERATOR_TOKEN: optionalSecret.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    /** Named operators, `name:sha256hex` pairs separated by commas (src/http/operator-config.ts); OPERATOR_TOKEN, when set, is one more, named "operator". */
    OPERATORS: optionalSecret.pipe(operatorsSchema),
    /** Cloudflare Access in front of the console and operator API: the team domain and the application's audience tag, both or neither. */
    ACCESS_TEAM_DOMAIN: optionalSecret.pipe(accessTeamDomain),
    ACCESS_AUD: optionalSecret.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9]{16,128}$/, "must be the Access application's audience tag")
        .optional(),
    ),
    /** Signs user-bound tokens (src/http/user-tokens.ts). Unset: none can be minted or accepted. */
    USER_TOKEN_SECRET: optionalSecret.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    OPENAI_API_KEY: optionalSecret,
    PINECONE_API_KEY: optionalSecret,
    /** Pinecone's control plane (default https://api.pinecone.io); the benchmark's stand-in. */
    PINECONE_CONTROLLER_HOST: optionalSecret.pipe(z.url({ error: "must be a URL" }).optional()),
    /** Another OpenAI-compatible endpoint (a proxy, or the fake server in tests). */
    OPENAI_BASE_URL: optionalSecret.pipe(z.url({ error: "must be a URL" }).optional()),
    VECTOR_DB_ENABLED: z.stringbool({ error: 'must be "true" or "false"' }).default(DEFAULTS.VECTOR_DB_ENABLED),
    AUTO_APPROVE_GUARDED: z.stringbool({ error: 'must be "true" or "false"' }).default(DEFAULTS.AUTO_APPROVE_GUARDED),
    VECTOR_DB_SIMILARITY_THRESHOLD: z.coerce
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .default(DEFAULTS.VECTOR_DB_SIMILARITY_THRESHOLD),
    PINECONE_INDEX_NAME: z
      .string()
      .regex(/^[a-z0-9-]{1,45}$/, "must be lowercase letters, digits and hyphens")
      .default(DEFAULTS.PINECONE_INDEX_NAME),
    OPENAI_CHAT_MODEL: z.string().min(1).default(DEFAULTS.OPENAI_CHAT_MODEL),
    OPENAI_EMBEDDING_MODEL: z.string().min(1).default(DEFAULTS.OPENAI_EMBEDDING_MODEL),
    EMBEDDING_DIMENSIONS: z.coerce.number({ error: "must be a number" }).int().positive().default(DEFAULTS.EMBEDDING_DIMENSIONS),
    CACHE_TTL_SECONDS: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number of seconds")
      .min(60, "must be at least 60 (the KV minimum)")
      .default(DEFAULTS.CACHE_TTL_SECONDS),
    CACHE_VERSION: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/)
      .default(DEFAULTS.CACHE_VERSION),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default(DEFAULTS.LOG_LEVEL),
    /** OpenAI's per-minute limits for the organization: the job consumers' shared budget. */
    OPENAI_REQUESTS_PER_MINUTE: z.coerce
      .number({ error: "must be a number" })
      .int()
      .positive()
      .default(DEFAULTS.OPENAI_REQUESTS_PER_MINUTE),
    OPENAI_TOKENS_PER_MINUTE: z.coerce.number({ error: "must be a number" }).int().positive().default(DEFAULTS.OPENAI_TOKENS_PER_MINUTE),
    /** Job items one consumer works on at once. */
    JOB_CONCURRENCY: z.coerce.number({ error: "must be a number" }).int().min(1).max(50).default(DEFAULTS.JOB_CONCURRENCY),
    /** Plaid (src/adapters/plaid/client.ts): all three secrets set, or Plaid's routes answer 503. */
    PLAID_BASE_URL: z.url({ error: "must be a URL" }).default(DEFAULTS.PLAID_BASE_URL),
    PLAID_CLIENT_ID: optionalSecret,
    PLAID_SECRET: optionalSecret,
    /** AES-256-GCM key for stored access tokens: 32 bytes, base64. */
    PLAID_TOKEN_KEY: optionalSecret.pipe(
      z
        .string()
        .refine((v) => {
          try {
            return atob(v).length === 32;
          } catch {
            return false;
          }
        }, "must be 32 bytes in base64 (openssl rand -base64 32)")
        .optional(),
    ),
    VECTOR_DB_PERSONA_THRESHOLDS: z
      .string()
      .default(DEFAULTS.VECTOR_DB_PERSONA_THRESHOLDS)
      .transform((v, ctx) => parsePersonaThresholds(v, ctx)),
    QUALITY_SAMPLE_RATE: z.coerce
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 1")
      .max(1, "must be between 0 and 1")
      .default(DEFAULTS.QUALITY_SAMPLE_RATE),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.ACCESS_TEAM_DOMAIN) !== Boolean(c.ACCESS_AUD)) {
      ctx.addIssue({
        code: "custom",
        path: [c.ACCESS_TEAM_DOMAIN ? "ACCESS_AUD" : "ACCESS_TEAM_DOMAIN"],
        message: "must be set together with the other of ACCESS_TEAM_DOMAIN and ACCESS_AUD",
      });
    }
    // One value in two roles would give one role's holder the other's power. Names only, never values.
    const secrets = [
      ["API_TOKEN", c.API_TOKEN],
      ["OPERATOR_TOKEN", c.OPERATOR_TOKEN],
      ["USER_TOKEN_SECRET", c.USER_TOKEN_SECRET],
      ["PLAID_SECRET", c.PLAID_SECRET],
      ["PLAID_TOKEN_KEY", c.PLAID_TOKEN_KEY],
    ] as const;
    for (const [i, [name, value]] of secrets.entries()) {
      const same = secrets.slice(0, i).find(([, other]) => value !== undefined && other === value);
      if (same) ctx.addIssue({ code: "custom", path: [name], message: `must differ from ${same[0]}` });
    }
  });

type RawConfig = z.infer<typeof configSchema>;

/** Which implementation serves each role, decided by configuration alone. */
interface Providers {
  database: "neon" | "pglite-embedded";
  vectorIndex: "pinecone" | "pgvector";
  embedder: "openai" | "local-hash";
  generator: "openai" | "catalog";
}

export interface Config extends RawConfig {
  providers: Providers;
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Bad environment: ${issues.map((i) => `${i.variable} ${i.message}`).join("; ")}`);
    this.name = "ConfigError";
  }
}

function providersFor(c: RawConfig): Providers {
  return {
    database: c.DATABASE_WS_PROXY ? "pglite-embedded" : "neon",
    vectorIndex: c.PINECONE_API_KEY ? "pinecone" : "pgvector",
    embedder: c.OPENAI_API_KEY ? "openai" : "local-hash",
    generator: c.OPENAI_API_KEY ? "openai" : "catalog",
  };
}

/** Parse the environment into a typed config; throws ConfigError naming every bad variable. */
/**
 * Some way for an operator to sign in: OPERATOR_TOKEN, OPERATORS, or Cloudflare Access. Read from
 * the raw variables, so it is said together with every other bad variable (the schema's own
 * cross-field checks run only once each field has parsed).
 */
function operatorSignInIssue(env: Record<string, unknown>): { variable: string; message: string } | undefined {
  const given = (name: string) => typeof env[name] === "string" && (env[name] as string).trim() !== "";
  if (given("OPERATOR_TOKEN") || given("OPERATORS") || (given("ACCESS_TEAM_DOMAIN") && given("ACCESS_AUD"))) return undefined;
  return {
    variable: "OPERATOR_TOKEN",
    message: "is required unless OPERATORS or Cloudflare Access (ACCESS_TEAM_DOMAIN and ACCESS_AUD) names the operators",
  };
}

export function parseConfig(env: Record<string, unknown>): Config {
  const result = configSchema.safeParse(env);
  const signIn = operatorSignInIssue(env);
  if (!result.success || signIn) {
    const issues = result.success
      ? []
      : result.error.issues.map((i) => ({ variable: String(i.path[0] ?? "environment"), message: i.message }));
    throw new ConfigError(signIn ? [signIn, ...issues] : issues);
  }
  return { ...result.data, providers: providersFor(result.data) };
}

// Bindings objects are stable per isolate, so parse each one once.
const parsed = new WeakMap<object, Config>();

export function configFor(env: object): Config {
  let config = parsed.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    parsed.set(env, config);
  }
  return config;
}
