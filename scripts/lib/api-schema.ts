/**
 * The API's paths, operations and schemas, generated from GET /openapi.json by `npm run api:types`.
 * Do not edit: change the routes' contracts (src/routes, src/http) and run it again; a test fails
 * while this file is out of step with the served document.
 */
/* eslint-disable */
export interface paths {
  "/health": {
    /** Every component, which implementation is active, and whether it answers */
    get: operations["getHealth"];
  };
  "/openapi.json": {
    /** This document */
    get: operations["getOpenAPIDocument"];
  };
  "/plaid/webhook": {
    /**
     * Plaid's webhook: on SYNC_UPDATES_AVAILABLE, pull the item
     * @description Authenticated by Plaid's `Plaid-Verification` JWT, not a bearer token: ES256 with the key /webhook_verification_key/get gives for its kid, issued at most 5 minutes ago, its request_body_sha256 claim the SHA-256 of the body. Anything else is a 401 and changes nothing. TRANSACTIONS/SYNC_UPDATES_AVAILABLE for an item we hold enqueues a pull; other webhooks are acknowledged.
     */
    post: operations["receivePlaidWebhook"];
  };
  "/users": {
    /** Users in id order with their persona for the window (operators) */
    get: operations["listUsers"];
  };
  "/users/{user_id}": {
    /** A user and their accounts */
    get: operations["getUser"];
  };
  "/users/{user_id}/features": {
    /** Compute and store signals and persona for a window */
    post: operations["computeFeatures"];
  };
  "/users/{user_id}/profile": {
    /** Signals and persona for both windows (computed when missing) */
    get: operations["getProfile"];
  };
  "/users/{user_id}/token": {
    /** A bearer token bound to one user (operators) */
    post: operations["mintUserToken"];
  };
  "/consent": {
    /** Grant or revoke; once it answers, every location has stopped (or started) serving the person */
    post: operations["recordConsent"];
  };
  "/consent/{user_id}": {
    /** The current consent and its history */
    get: operations["getConsent"];
  };
  "/recommendations/generate/{user_id}": {
    /** Recommendations for a window: KV cache, then the vector tier, then the generator */
    post: operations["generateRecommendations"];
  };
  "/recommendations/bulk-approve": {
    /** Approve many; each id is approved or reported (operators) */
    post: operations["bulkApproveRecommendations"];
  };
  "/recommendations/{user_id}": {
    /** A person's recommendations (403 without consent) */
    get: operations["listRecommendations"];
  };
  "/recommendations/{id}/approve": {
    /** Approve a pending or flagged recommendation (operators) */
    post: operations["approveRecommendation"];
  };
  "/recommendations/{id}/reject": {
    /** Reject a pending or flagged recommendation (operators) */
    post: operations["rejectRecommendation"];
  };
  "/recommendations/{id}/override": {
    /** Set any reviewable status, with a reason (operators) */
    post: operations["overrideRecommendation"];
  };
  "/recommendations/{id}/audit": {
    /** The audit trail of one recommendation (operators) */
    get: operations["getRecommendationAudit"];
  };
  "/users/{user_id}/transactions/sync": {
    /**
     * A Plaid /transactions/sync page (added, modified, removed), with its cursor kept per item
     * @description Plaid's /transactions/sync response, as Plaid sends it (unknown keys are ignored). An older page (its next_cursor applied before a newer one) changes nothing and says so; the profile is recomputed once, after the page with has_more: false; a posted transaction removes the pending one it settles.
     */
    post: operations["syncPlaidTransactionsPage"];
  };
  "/users/{user_id}/accounts/sync": {
    /** A Plaid /accounts/get response (balances, new accounts) */
    post: operations["syncAccounts"];
  };
  "/users/{user_id}/liabilities/sync": {
    /** A Plaid /liabilities/get response (credit cards; other kinds are not kept) */
    post: operations["syncLiabilities"];
  };
  "/users/{user_id}/refresh": {
    /** The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index */
    post: operations["refreshUser"];
  };
  "/users/{user_id}/plaid/items": {
    /**
     * Keep a Plaid item's access token (or exchange a public_token) and pull its data
     * @description Stores the item's access token encrypted (AES-256-GCM, key PLAID_TOKEN_KEY); it is never returned or logged. With `public_token`, exchanges it at Plaid's /item/public_token/exchange first. Enqueues a pull of the item. 409 when the item is connected to another person; 503 when Plaid is not configured.
     */
    post: operations["connectPlaidItem"];
  };
  "/jobs/recommendations": {
    /** Generate a set for each consenting person-window still missing one (or the filter's), fanned out over the queue */
    post: operations["startRecommendationsJob"];
  };
  "/jobs/vectors": {
    /** Index each person-window's approved recommendations and context (what vector:populate does), fanned out over the queue */
    post: operations["startVectorsJob"];
  };
  "/jobs/{id}": {
    /** Where a job stands: done, skipped, failed (with why), remaining, rate, ETA and cost so far */
    get: operations["getJob"];
  };
  "/metrics": {
    /** Hit rate per source, vector tier against generator, similarity and latency percentiles (default: the last 24 hours) */
    get: operations["getMetrics"];
  };
  "/vector/stats": {
    /** The vector index and the embedder in use */
    get: operations["getVectorStats"];
  };
  "/vector/search": {
    /** The nearest people, their scores and the engine's own decision for one person */
    get: operations["explainVectorSearch"];
  };
  "/operator/review-queue": {
    /** Pending and flagged recommendations, oldest first */
    get: operations["getReviewQueue"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
    Health: {
      /** @enum {string} */
      status: "ok" | "degraded";
      components: {
        database: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        cache: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        queue: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        vector_index: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        embedder: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
        generator: {
          implementation: string;
          ok: boolean;
          latency_ms: number;
          detail?: string;
        };
      };
    };
    Error: {
      error: {
        /** @enum {string} */
        code: "BAD_REQUEST" | "INVALID_INPUT" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "BAD_ENVIRONMENT" | "DATABASE_UNAVAILABLE" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
        /** @description What went wrong; for INVALID_INPUT, each offending field by name (`query.limit: …`) */
        message: string;
      };
    };
    PlaidWebhook: {
      webhook_type: string;
      webhook_code: string;
      item_id?: string;
    };
    Signals: {
      /** @description The last day of the window (YYYY-MM-DD) */
      as_of: string;
      /** @description The window in days: 30 or 180 */
      window_days: 30 | 180;
      subscriptions: {
        [key: string]: unknown;
      };
      savings: {
        [key: string]: unknown;
      };
      credit: {
        [key: string]: unknown;
      };
      income: {
        [key: string]: unknown;
      };
      /** @description What the figures leave out and why: accounts in other currencies or with no balance, cards with no limit, transactions dated after as_of (absent on profiles stored before it was counted) */
      coverage?: {
        [key: string]: unknown;
      };
    };
    Persona: {
      /** @enum {string} */
      persona_type: "high_utilization" | "variable_income" | "subscription_heavy" | "savings_builder" | "wealth_builder" | "general";
      matched_criteria: ({
          criterion: string;
          /** @enum {string} */
          operator: ">=" | ">" | "<" | "==";
          value: number | boolean | null;
          threshold: number | boolean;
        })[];
      all_matches: ("high_utilization" | "variable_income" | "subscription_heavy" | "savings_builder" | "wealth_builder" | "general")[];
      reasoning: string;
    };
    Consent: {
      user_id: string;
      /** @enum {string} */
      consent_status: "granted" | "revoked" | "pending";
      history: ({
          /** @enum {string} */
          action: "grant" | "revoke";
          actor: string;
          /**
           * Format: date-time
           * @description RFC 3339 date-time, in UTC
           */
          at: string;
        })[];
    };
    Recommendation: {
      /** Format: uuid */
      id: string;
      topic: string;
      title: string;
      content: string;
      rationale: string;
      disclosure: string;
      /**
       * @description withdrawn: it stopped fitting its person (their data changed) or was overridden after approval
       * @enum {string}
       */
      status: "pending" | "approved" | "rejected" | "flagged" | "superseded" | "withdrawn";
    };
    PlaidItemConnected: {
      user_id: string;
      item_id: string;
      pull_enqueued: boolean;
    };
    PlaidItemConnect: {
      access_token: string;
      item_id: string;
    } | {
      public_token: string;
    };
  };
  responses: never;
  parameters: {
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {

  /** Every component, which implementation is active, and whether it answers */
  getHealth: {
    responses: {
      /** @description Every component answers */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description A component does not answer (status degraded) */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Health"];
        };
      };
    };
  };
  /** This document */
  getOpenAPIDocument: {
    responses: {
      /** @description The OpenAPI 3.1 document of every JSON route */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            [key: string]: unknown;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /**
   * Plaid's webhook: on SYNC_UPDATES_AVAILABLE, pull the item
   * @description Authenticated by Plaid's `Plaid-Verification` JWT, not a bearer token: ES256 with the key /webhook_verification_key/get gives for its kid, issued at most 5 minutes ago, its request_body_sha256 claim the SHA-256 of the body. Anything else is a 401 and changes nothing. TRANSACTIONS/SYNC_UPDATES_AVAILABLE for an item we hold enqueues a pull; other webhooks are acknowledged.
   */
  receivePlaidWebhook: {
    requestBody: {
      content: {
        "application/json": components["schemas"]["PlaidWebhook"];
      };
    };
    responses: {
      /** @description Acknowledged; whether a pull was enqueued */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /** @enum {boolean} */
            received: true;
            pull_enqueued: boolean;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Users in id order with their persona for the window (operators) */
  listUsers: {
    parameters: {
      query?: {
        /** @description A whole number from 1 to 100 */
        limit?: number;
        /** @description A whole number from 0 to 1000000 */
        offset?: number;
        persona?: "high_utilization" | "variable_income" | "subscription_heavy" | "savings_builder" | "wealth_builder" | "general";
        /** @description The window in days: 30 or 180 */
        window_days?: 30 | 180;
        /** @description Only users still missing recommendations for a window */
        without_recommendations?: boolean;
      };
    };
    responses: {
      /** @description A page of users */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            users: ({
                user_id: string;
                consent_status: string;
                account_count: number;
                persona_type: string | null;
                recommendation_windows: number[];
              })[];
            total: number;
            limit: number;
            offset: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A user and their accounts */
  getUser: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The user */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user: {
              user_id: string;
              consent_status: string;
              /**
               * Format: date-time
               * @description RFC 3339 date-time, in UTC
               */
              created_at: string;
              accounts: ({
                  account_id: string;
                  type: string;
                  subtype: string | null;
                  mask: string | null;
                  balance_current: number | null;
                  balance_limit: number | null;
                })[];
            };
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Compute and store signals and persona for a window */
  computeFeatures: {
    parameters: {
      query?: {
        /** @description The window in days: 30 or 180 */
        window_days?: 30 | 180;
      };
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The signals and persona stored */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            /** @description The window in days: 30 or 180 */
            window_days: 30 | 180;
            signals: components["schemas"]["Signals"];
            persona: components["schemas"]["Persona"];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description INVALID_INPUT: the person has no transactions to compute signals from */
      422: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Signals and persona for both windows (computed when missing) */
  getProfile: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description Both windows */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            windows: {
              30: {
                signals: components["schemas"]["Signals"];
                persona: components["schemas"]["Persona"];
              };
              180: {
                signals: components["schemas"]["Signals"];
                persona: components["schemas"]["Persona"];
              };
            };
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description INVALID_INPUT: the person has no transactions to compute signals from */
      422: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A bearer token bound to one user (operators) */
  mintUserToken: {
    parameters: {
      query?: {
        /** @description A whole number from 60 to 604800 */
        ttl_seconds?: number;
      };
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The token; it works until it expires */
      201: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /**
             * Format: date-time
             * @description RFC 3339 date-time, in UTC
             */
            expires_at: string;
            /** @description Seconds until it expires */
            expires_in: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Grant or revoke; once it answers, every location has stopped (or started) serving the person */
  recordConsent: {
    requestBody: {
      content: {
        "application/json": {
          user_id: string;
          /** @enum {string} */
          action: "grant" | "revoke";
        };
      };
    };
    responses: {
      /** @description The consent now and its history */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Consent"];
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The current consent and its history */
  getConsent: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The consent and its history */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Consent"];
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Recommendations for a window: KV cache, then the vector tier, then the generator */
  generateRecommendations: {
    parameters: {
      query?: {
        /** @description The window in days: 30 or 180 */
        window_days?: 30 | 180;
        /** @description Skip the cached answer (KV): the vector tier or the generator answers anew */
        force_regenerate?: boolean;
        /** @description Try the vector tier (when VECTOR_DB_ENABLED is on) before the generator */
        use_vector_db?: boolean;
      };
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The set, who answered (`source`) and where the time went (`latency`, and the Server-Timing header) */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            /** @description The window in days: 30 or 180 */
            window_days: 30 | 180;
            persona_type: string;
            /** @description Who answered: kv_cache, vector_db, catalog, openai_4o_mini (OPENAI_CHAT_MODEL gpt-4o-mini) or openai_<model> for another model; "_fallback" when a tier failed first (catalog_fallback: OpenAI failed) */
            source: string;
            similarity_score: number | null;
            recommendations: components["schemas"]["Recommendation"][];
            disclosure: string;
            latency: {
              /** @description Reading the person's state and the KV cache */
              cache_ms: number;
              /** @description The vector tier (embedding and index query); 0 when it did not run */
              vector_db_ms: number;
              /** @description Time in whichever generator answered (catalog or OpenAI); 0 when none ran */
              generator_ms: number;
              /** @description Time in OpenAI when OpenAI answered; 0 when the catalog answered (also after an OpenAI failure: that time is in generator_ms) */
              openai_ms: number;
              total_ms: number;
            };
            /** @description Equal to latency.total_ms */
            latency_ms: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description INVALID_INPUT: the person has no transactions to compute signals from */
      422: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Approve many; each id is approved or reported (operators) */
  bulkApproveRecommendations: {
    requestBody: {
      content: {
        "application/json": {
          ids: string[];
          reason?: string;
        };
      };
    };
    responses: {
      /** @description One result per distinct id */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            approved: number;
            results: ({
                id: string;
                /** @enum {string} */
                status: "approved";
                from_status: string;
              } | {
                id: string;
                error: {
                  code: string;
                  message: string;
                };
              })[];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A person's recommendations (403 without consent) */
  listRecommendations: {
    parameters: {
      query?: {
        status?: "pending" | "approved" | "rejected" | "flagged" | "superseded";
        /** @description The window in days: 30 or 180 */
        window_days?: 30 | 180;
      };
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description Stored ones, and any just served whose store has not landed (`stored: false`) */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            recommendations: (components["schemas"]["Recommendation"] & ({
                window_days: number;
                persona_type: string;
                source: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 date-time, in UTC
                 */
                created_at: string | null;
                /** @description false: served from the cached answer, its store not landed yet */
                stored: boolean;
              }))[];
            disclosure: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Approve a pending or flagged recommendation (operators) */
  approveRecommendation: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description The recommendation after the review */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            recommendation: components["schemas"]["Recommendation"] & {
              user_id: string;
            };
            from_status: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description CONFLICT: the current state does not allow it (a review its status does not allow, or of an item another operator has claimed; a Plaid item already connected to another person) */
      409: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Reject a pending or flagged recommendation (operators) */
  rejectRecommendation: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          reason?: string;
        };
      };
    };
    responses: {
      /** @description The recommendation after the review */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            recommendation: components["schemas"]["Recommendation"] & {
              user_id: string;
            };
            from_status: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description CONFLICT: the current state does not allow it (a review its status does not allow, or of an item another operator has claimed; a Plaid item already connected to another person) */
      409: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Set any reviewable status, with a reason (operators) */
  overrideRecommendation: {
    parameters: {
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          status: "approved" | "rejected" | "flagged";
          reason: string;
        };
      };
    };
    responses: {
      /** @description The recommendation after the review */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            recommendation: components["schemas"]["Recommendation"] & {
              user_id: string;
            };
            from_status: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description CONFLICT: the current state does not allow it (a review its status does not allow, or of an item another operator has claimed; a Plaid item already connected to another person) */
      409: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The audit trail of one recommendation (operators) */
  getRecommendationAudit: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Every transition, oldest first */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /** Format: uuid */
            id: string;
            audit: ({
                action: string;
                from_status: string | null;
                to_status: string;
                reason: string | null;
                actor: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 date-time, in UTC
                 */
                at: string;
              })[];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /**
   * A Plaid /transactions/sync page (added, modified, removed), with its cursor kept per item
   * @description Plaid's /transactions/sync response, as Plaid sends it (unknown keys are ignored). An older page (its next_cursor applied before a newer one) changes nothing and says so; the profile is recomputed once, after the page with has_more: false; a posted transaction removes the pending one it settles.
   */
  syncPlaidTransactionsPage: {
    parameters: {
      query?: {
        /** @description The Plaid item the page is from (its cursor is kept per item); default "default" */
        item_id?: string;
      };
      path: {
        user_id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          added: ({
              transaction_id: string;
              account_id: string;
              amount: number;
              iso_currency_code: string | null;
              unofficial_currency_code?: string | null;
              /** Format: date */
              date: string;
              name?: string | null;
              merchant_name?: string | null;
              /** @enum {string} */
              payment_channel: "online" | "in store" | "other";
              pending: boolean;
              pending_transaction_id?: string | null;
              personal_finance_category?: ({
                /** @enum {string} */
                primary: "INCOME" | "TRANSFER_IN" | "TRANSFER_OUT" | "LOAN_PAYMENTS" | "BANK_FEES" | "ENTERTAINMENT" | "FOOD_AND_DRINK" | "GENERAL_MERCHANDISE" | "HOME_IMPROVEMENT" | "MEDICAL" | "PERSONAL_CARE" | "GENERAL_SERVICES" | "GOVERNMENT_AND_NON_PROFIT" | "TRANSPORTATION" | "TRAVEL" | "RENT_AND_UTILITIES";
                detailed: string;
              }) | null;
            })[];
          modified: ({
              transaction_id: string;
              account_id: string;
              amount: number;
              iso_currency_code: string | null;
              unofficial_currency_code?: string | null;
              /** Format: date */
              date: string;
              name?: string | null;
              merchant_name?: string | null;
              /** @enum {string} */
              payment_channel: "online" | "in store" | "other";
              pending: boolean;
              pending_transaction_id?: string | null;
              personal_finance_category?: ({
                /** @enum {string} */
                primary: "INCOME" | "TRANSFER_IN" | "TRANSFER_OUT" | "LOAN_PAYMENTS" | "BANK_FEES" | "ENTERTAINMENT" | "FOOD_AND_DRINK" | "GENERAL_MERCHANDISE" | "HOME_IMPROVEMENT" | "MEDICAL" | "PERSONAL_CARE" | "GENERAL_SERVICES" | "GOVERNMENT_AND_NON_PROFIT" | "TRANSPORTATION" | "TRAVEL" | "RENT_AND_UTILITIES";
                detailed: string;
              }) | null;
            })[];
          removed: {
              transaction_id: string;
              account_id?: string;
            }[];
          next_cursor: string;
          has_more: boolean;
          accounts?: ({
              account_id: string;
              balances: {
                available: number | null;
                current: number | null;
                limit?: number | null;
                iso_currency_code: string | null;
                unofficial_currency_code?: string | null;
              };
              mask: string | null;
              /** @enum {string} */
              type: "investment" | "credit" | "depository" | "loan" | "brokerage" | "other";
              /** @enum {string|null} */
              subtype: "529" | "401a" | "401k" | "403B" | "457b" | "auto" | "brokerage" | "business" | "cash isa" | "cash management" | "cd" | "charge card" | "checking" | "commercial" | "commercial line of credit" | "construction" | "consumer" | "credit card" | "crypto exchange" | "ebt" | "education savings account" | "fhsa" | "fixed annuity" | "gic" | "health reimbursement arrangement" | "home equity" | "home equity loan" | "hsa" | "installment" | "isa" | "ira" | "keogh" | "lif" | "life insurance" | "limited purpose checking" | "line of credit" | "lira" | "loan" | "lrif" | "lrsp" | "money market" | "mortgage" | "mutual fund" | "non-custodial wallet" | "non-taxable brokerage account" | "other" | "other insurance" | "other annuity" | "overdraft" | "paypal" | "payroll" | "pension" | "prediction market" | "prepaid" | "prif" | "profit sharing plan" | "qshr" | "rdsp" | "resp" | "retirement" | "rlif" | "roth" | "roth 401k" | "roth 403B" | "roth 457b" | "roth pension" | "roth profit sharing plan" | "roth thrift savings plan" | "rrif" | "rrsp" | "sarsep" | "savings" | "sep ira" | "simple ira" | "sipp" | "stock plan" | "student" | "thrift savings plan" | "tfsa" | "trust" | "ugma" | "utma" | "variable annuity" | null;
            })[];
          request_id?: string;
        };
      };
    };
    responses: {
      /** @description What was written, the personas before and after, and where the item's sync stands */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            accounts: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            transactions: {
              inserted: number;
              updated: number;
              unchanged: number;
              removed: number;
            };
            liabilities: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            changed: boolean;
            personas: {
              30: {
                before: string | null;
                after: string | null;
              };
              180: {
                before: string | null;
                after: string | null;
              };
            };
            withdrawn_recommendations: number;
            sync: {
              item_id: string;
              /**
               * @description older: its next_cursor was applied before a newer page; nothing was changed
               * @enum {string}
               */
              page: "applied" | "older";
              has_more: boolean;
              /** @description The profile was recomputed and recommendations withdrawn (after the last page only) */
              recomputed: boolean;
            };
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A Plaid /accounts/get response (balances, new accounts) */
  syncAccounts: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          accounts: ({
              account_id: string;
              balances: {
                available: number | null;
                current: number | null;
                limit?: number | null;
                iso_currency_code: string | null;
                unofficial_currency_code?: string | null;
              };
              mask: string | null;
              /** @enum {string} */
              type: "investment" | "credit" | "depository" | "loan" | "brokerage" | "other";
              /** @enum {string|null} */
              subtype: "529" | "401a" | "401k" | "403B" | "457b" | "auto" | "brokerage" | "business" | "cash isa" | "cash management" | "cd" | "charge card" | "checking" | "commercial" | "commercial line of credit" | "construction" | "consumer" | "credit card" | "crypto exchange" | "ebt" | "education savings account" | "fhsa" | "fixed annuity" | "gic" | "health reimbursement arrangement" | "home equity" | "home equity loan" | "hsa" | "installment" | "isa" | "ira" | "keogh" | "lif" | "life insurance" | "limited purpose checking" | "line of credit" | "lira" | "loan" | "lrif" | "lrsp" | "money market" | "mortgage" | "mutual fund" | "non-custodial wallet" | "non-taxable brokerage account" | "other" | "other insurance" | "other annuity" | "overdraft" | "paypal" | "payroll" | "pension" | "prediction market" | "prepaid" | "prif" | "profit sharing plan" | "qshr" | "rdsp" | "resp" | "retirement" | "rlif" | "roth" | "roth 401k" | "roth 403B" | "roth 457b" | "roth pension" | "roth profit sharing plan" | "roth thrift savings plan" | "rrif" | "rrsp" | "sarsep" | "savings" | "sep ira" | "simple ira" | "sipp" | "stock plan" | "student" | "thrift savings plan" | "tfsa" | "trust" | "ugma" | "utma" | "variable annuity" | null;
            })[];
          request_id?: string;
        };
      };
    };
    responses: {
      /** @description What was written, and the personas before and after; a replay changes nothing */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            accounts: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            transactions: {
              inserted: number;
              updated: number;
              unchanged: number;
              removed: number;
            };
            liabilities: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            changed: boolean;
            personas: {
              30: {
                before: string | null;
                after: string | null;
              };
              180: {
                before: string | null;
                after: string | null;
              };
            };
            withdrawn_recommendations: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** A Plaid /liabilities/get response (credit cards; other kinds are not kept) */
  syncLiabilities: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          accounts: ({
              account_id: string;
              balances: {
                available: number | null;
                current: number | null;
                limit?: number | null;
                iso_currency_code: string | null;
                unofficial_currency_code?: string | null;
              };
              mask: string | null;
              /** @enum {string} */
              type: "investment" | "credit" | "depository" | "loan" | "brokerage" | "other";
              /** @enum {string|null} */
              subtype: "529" | "401a" | "401k" | "403B" | "457b" | "auto" | "brokerage" | "business" | "cash isa" | "cash management" | "cd" | "charge card" | "checking" | "commercial" | "commercial line of credit" | "construction" | "consumer" | "credit card" | "crypto exchange" | "ebt" | "education savings account" | "fhsa" | "fixed annuity" | "gic" | "health reimbursement arrangement" | "home equity" | "home equity loan" | "hsa" | "installment" | "isa" | "ira" | "keogh" | "lif" | "life insurance" | "limited purpose checking" | "line of credit" | "lira" | "loan" | "lrif" | "lrsp" | "money market" | "mortgage" | "mutual fund" | "non-custodial wallet" | "non-taxable brokerage account" | "other" | "other insurance" | "other annuity" | "overdraft" | "paypal" | "payroll" | "pension" | "prediction market" | "prepaid" | "prif" | "profit sharing plan" | "qshr" | "rdsp" | "resp" | "retirement" | "rlif" | "roth" | "roth 401k" | "roth 403B" | "roth 457b" | "roth pension" | "roth profit sharing plan" | "roth thrift savings plan" | "rrif" | "rrsp" | "sarsep" | "savings" | "sep ira" | "simple ira" | "sipp" | "stock plan" | "student" | "thrift savings plan" | "tfsa" | "trust" | "ugma" | "utma" | "variable annuity" | null;
            })[];
          liabilities: {
            credit?: (({
                account_id: string | null;
                aprs: ({
                    apr_percentage: number;
                    /** @enum {string} */
                    apr_type: "balance_transfer_apr" | "cash_apr" | "penalty_apr" | "purchase_apr" | "special";
                  })[];
                is_overdue: boolean | null;
                last_payment_amount: number | null;
                last_statement_balance: number | null;
                minimum_payment_amount: number | null;
                /** Format: date */
                next_payment_due_date: string | null;
              })[]) | null;
          };
          request_id?: string;
        };
      };
    };
    responses: {
      /** @description What was written, and the personas before and after; a replay changes nothing */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            accounts: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            transactions: {
              inserted: number;
              updated: number;
              unchanged: number;
              removed: number;
            };
            liabilities: {
              inserted: number;
              updated: number;
              unchanged: number;
            };
            changed: boolean;
            personas: {
              30: {
                before: string | null;
                after: string | null;
              };
              180: {
                before: string | null;
                after: string | null;
              };
            };
            withdrawn_recommendations: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index */
  refreshUser: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    responses: {
      /** @description The personas now and the recommendations withdrawn */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            personas: {
              30?: string;
              180?: string;
            };
            withdrawn_recommendations: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /**
   * Keep a Plaid item's access token (or exchange a public_token) and pull its data
   * @description Stores the item's access token encrypted (AES-256-GCM, key PLAID_TOKEN_KEY); it is never returned or logged. With `public_token`, exchanges it at Plaid's /item/public_token/exchange first. Enqueues a pull of the item. 409 when the item is connected to another person; 503 when Plaid is not configured.
   */
  connectPlaidItem: {
    parameters: {
      path: {
        user_id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": components["schemas"]["PlaidItemConnect"];
      };
    };
    responses: {
      /** @description The item is kept and its first pull enqueued */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["PlaidItemConnected"];
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description CONFLICT: the current state does not allow it (a review its status does not allow, or of an item another operator has claimed; a Plaid item already connected to another person) */
      409: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Generate a set for each consenting person-window still missing one (or the filter's), fanned out over the queue */
  startRecommendationsJob: {
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          persona?: "high_utilization" | "variable_income" | "subscription_heavy" | "savings_builder" | "wealth_builder" | "general";
          window_days?: 30 | 180;
          user_ids?: string[];
          limit?: number;
        };
      };
    };
    responses: {
      /** @description The job, queued; follow it at status_url */
      202: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /** @description The job's id (UUID) */
            id: string;
            /** @enum {string} */
            kind: "recommendations" | "vectors";
            /** @description Person-windows to do (0: nothing missing, nothing queued) */
            total: number;
            status_url: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Index each person-window's approved recommendations and context (what vector:populate does), fanned out over the queue */
  startVectorsJob: {
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          persona?: "high_utilization" | "variable_income" | "subscription_heavy" | "savings_builder" | "wealth_builder" | "general";
          window_days?: 30 | 180;
          user_ids?: string[];
          limit?: number;
        };
      };
    };
    responses: {
      /** @description The job, queued; follow it at status_url */
      202: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /** @description The job's id (UUID) */
            id: string;
            /** @enum {string} */
            kind: "recommendations" | "vectors";
            /** @description Person-windows to do (0: nothing missing, nothing queued) */
            total: number;
            status_url: string;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs) */
      413: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8) */
      415: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Where a job stands: done, skipped, failed (with why), remaining, rate, ETA and cost so far */
  getJob: {
    parameters: {
      path: {
        id: string;
      };
    };
    responses: {
      /** @description The job's progress */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            id: string;
            /** @enum {string} */
            kind: "recommendations" | "vectors";
            filter: {
              persona?: string;
              /** @description The window in days: 30 or 180 */
              window_days?: 30 | 180;
              user_ids?: string[];
              limit?: number;
            };
            /**
             * Format: date-time
             * @description RFC 3339 date-time, in UTC
             */
            created_at: string;
            total: number;
            done: number;
            /** @description Found finished when their turn came (e.g. a set made meanwhile) */
            skipped: number;
            failed: number;
            remaining: number;
            finished: boolean;
            /** @description Items settled in the last minute, per second */
            rate_per_second: number;
            /** @description null while nothing settled in the last minute */
            eta_seconds: number | null;
            /** @description OpenAI spend so far (0 with the catalog) */
            cost_usd: number;
            /** @description The first 100 failed items, with why */
            failures: ({
                user_id: string;
                window_days: number;
                error: string | null;
              })[];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Hit rate per source, vector tier against generator, similarity and latency percentiles (default: the last 24 hours) */
  getMetrics: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
      };
    };
    responses: {
      /** @description The metrics over [from, to] */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /**
             * Format: date-time
             * @description RFC 3339 date-time, in UTC
             */
            from: string;
            /**
             * Format: date-time
             * @description RFC 3339 date-time, in UTC
             */
            to: string;
            total: number;
            sources: ({
                source: string;
                requests: number;
                share: number;
                avg_similarity: number | null;
                p50_ms: number;
                p95_ms: number;
                p99_ms: number;
              })[];
            reuse: {
              dropped_at_serving: number;
              replaced_at_generation: number;
              generated_items: number;
              shareable_differs: number;
              shareable_differs_share: number;
            };
            vector_db_hit_rate: number;
            vector_vs_generator: number | null;
            quality: ({
                persona_type: string;
                samples: number;
                coverage: number | null;
                top_topic_agreement: {
                  successes: number;
                  n: number;
                  rate: number | null;
                  low: number | null;
                  high: number | null;
                };
                urgent_topic_agreement: {
                  successes: number;
                  n: number;
                  rate: number | null;
                  low: number | null;
                  high: number | null;
                };
                false_hit_rate: {
                  successes: number;
                  n: number;
                  rate: number | null;
                  low: number | null;
                  high: number | null;
                };
                recommended_threshold: number | null;
              })[];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The vector index and the embedder in use */
  getVectorStats: {
    responses: {
      /** @description The index's size */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            /** @enum {string} */
            index: "pinecone" | "pgvector";
            embedder: string;
            dimensions: number;
            stats: {
              totalVectors: number;
              dimension: number;
              namespaceVectors: number;
              fullness: number;
            };
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** The nearest people, their scores and the engine's own decision for one person */
  explainVectorSearch: {
    parameters: {
      query: {
        user_id: string;
        /** @description The window in days: 30 or 180 */
        window_days?: 30 | 180;
        /** @description A whole number from 1 to 20 */
        top_k?: number;
      };
    };
    responses: {
      /** @description The neighbours and the decision */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            user_id: string;
            /** @description The window in days: 30 or 180 */
            window_days: 30 | 180;
            persona_type: string;
            canonical_profile: string[];
            threshold: number;
            /** @enum {string} */
            decision: "vector_db" | "generator";
            eligible: number;
            dropped: {
                id: string;
                user_id: string;
                kinds: string[];
              }[];
            matches: {
                id: string;
                user_id: string;
                score: number;
              }[];
            items: ({
                topic: string;
                reused_from_id: string | null;
                similarity_score: number | null;
              })[];
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description NOT_FOUND: no such user or recommendation */
      404: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
  /** Pending and flagged recommendations, oldest first */
  getReviewQueue: {
    parameters: {
      query?: {
        /** @description A whole number from 1 to 100 */
        limit?: number;
        /** @description A whole number from 0 to 1000000 */
        offset?: number;
      };
    };
    responses: {
      /** @description A page of the queue */
      200: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": {
            items: (components["schemas"]["Recommendation"] & {
                user_id: string;
                window_days: number;
                persona_type: string;
                source: string;
                /**
                 * Format: date-time
                 * @description RFC 3339 date-time, in UTC
                 */
                created_at: string;
              })[];
            total: number;
            limit: number;
            offset: number;
          };
        };
      };
      /** @description INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it) */
      400: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description UNAUTHORIZED: missing, wrong or expired bearer token */
      401: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description The bearer challenge (RFC 6750) */
          "WWW-Authenticate"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented */
      403: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description RATE_LIMITED: over the caller's rate limit; see Retry-After */
      429: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR */
      500: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
      /** @description DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down */
      503: {
        headers: {
          /** @description The request's id, as the logs record it */
          "X-Request-Id"?: string;
          /** @description Where the time went (`total`; on generate also cache, vector_db, generator, engine and db) */
          "Server-Timing"?: string;
          /** @description Seconds to wait before trying again */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["Error"];
        };
      };
    };
  };
}
