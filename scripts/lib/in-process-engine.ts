/**
 * The Worker's Services, built in a Node process, for jobs that run the real recommendation engine
 * without HTTP (npm run eval). Postgres is the real database behind `handle`; KV is an in-memory
 * map with KV's get/put/delete semantics; the queue records messages instead of indexing (the eval
 * decides what the index holds). Nothing here is used by the Worker.
 */
import { parseConfig } from "../../src/config";
import type { DatabaseHandle } from "../../src/db/client";
import { createLogger, type LogLevel } from "../../src/logger";
import type { Embedder } from "../../src/adapters/embedding/interface";
import type { RecommendationGenerator } from "../../src/adapters/llm/interface";
import type { VectorStore } from "../../src/adapters/vector/interface";
import { systemClock } from "../../src/resilience";
import { randomUUID } from "node:crypto";
import { consentStatus } from "../../src/db/consent";
import { mergeServing, oneWindow, type PersonSnapshot, type ServingState } from "../../src/services/person-state";
import { newTrace, type PersonStates, type Services } from "../../src/services/services";

/** KV's read/write surface over a Map (no expiry: a job's lifetime is shorter than any TTL). */
class MemoryKV {
  readonly entries = new Map<string, string>();
  async get(key: string, type?: "text" | "json"): Promise<unknown> {
    const value = this.entries.get(key);
    if (value === undefined) return null;
    return type === "json" ? JSON.parse(value) : value;
  }
  async put(key: string, value: string): Promise<void> {
    this.entries.set(key, String(value));
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

/** The people's consent and data version in memory, consent loaded from Postgres on first use (one process: consistent by construction). */
function memoryPersonStates(handle: DatabaseHandle): PersonStates {
  const states = new Map<string, PersonSnapshot>();
  const serving = new Map<string, ServingState>();
  const put = (userId: string, snapshot: PersonSnapshot) => (states.set(userId, snapshot), snapshot);
  const read = async (userId: string): Promise<PersonSnapshot> => {
    const known = states.get(userId);
    if (known) return known;
    const consent = await consentStatus(handle.db, userId);
    return consent ? put(userId, { consent, version: randomUUID() }) : { consent: "unknown", version: "0" };
  };
  return {
    read,
    setConsent: async (userId, consent) => (serving.delete(userId), put(userId, { consent, version: randomUUID() })),
    retire: async (userId) => {
      const current = await read(userId);
      if (current.consent === "unknown") return current;
      const next = put(userId, { ...current, version: randomUUID() });
      const held = serving.get(userId);
      if (held?.version === current.version) serving.set(userId, { ...held, version: next.version });
      return next;
    },
    readServing: async (userId, windowDays) => {
      const current = await read(userId);
      const held = serving.get(userId);
      return current.consent === "granted" && held?.version === current.version
        ? { ...current, serving: oneWindow(held, windowDays) }
        : current;
    },
    storeServing: async (userId, state) => {
      const current = await read(userId);
      const merged = current.consent === "granted" ? mergeServing(current.version, serving.get(userId), state) : undefined;
      if (merged) serving.set(userId, merged);
      return merged !== undefined;
    },
    dataChanged: async (userId) => {
      const current = await read(userId);
      serving.delete(userId);
      return current.consent === "unknown" ? current : put(userId, { ...current, version: randomUUID() });
    },
  };
}

export interface InProcessEngineOptions {
  handle: DatabaseHandle;
  embedder: Embedder;
  store: VectorStore;
  generator: RecommendationGenerator;
  /** Worker vars (VECTOR_DB_SIMILARITY_THRESHOLD, AUTO_APPROVE_GUARDED, …). */
  vars?: Record<string, string>;
  logLevel?: LogLevel;
}

export interface InProcessEngine {
  services: Services;
  kv: MemoryKV;
  /** Messages the engine handed to the queue. */
  queued: unknown[];
  /** Wait for deferred work (what ctx.waitUntil would keep alive). */
  settle(): Promise<void>;
}

export function inProcessEngine(options: InProcessEngineOptions): InProcessEngine {
  const config = parseConfig({
    // The engine reads these only for auth, which in-process callers skip; they open nothing.
    DATABASE_URL: "postgresql://in-process/unused",
    API_TOKEN: "in-process-engine-user-no-http",
    OPERATOR_TOKEN: "in-process-engine-operator-no-http",
    LOG_LEVEL: options.logLevel ?? "error",
    ...options.vars,
  });
  const kv = new MemoryKV();
  const queued: unknown[] = [];
  const deferred: Promise<unknown>[] = [];
  const recorder = {
    send: async (message: unknown) => void queued.push(message),
    sendBatch: async (messages: Iterable<{ body: unknown }>) => void queued.push(...[...messages].map((m) => m.body)),
  } as unknown as Queue<unknown>;
  const services: Services = {
    config,
    trace: newTrace(),
    logger: createLogger(config.LOG_LEVEL, { job: "in-process" }),
    clock: systemClock,
    db: () => options.handle.db,
    cache: kv as unknown as KVNamespace,
    people: memoryPersonStates(options.handle),
    queue: recorder,
    jobQueue: recorder,
    generator: options.generator,
    embedder: () => options.embedder,
    vectorStore: () => options.store,
    defer: (work) => void deferred.push(work),
    close: async () => {
      await Promise.allSettled(deferred.splice(0));
    },
  };
  return { services, kv, queued, settle: () => services.close() };
}
