/**
 * npm run vector:create-index — create the Pinecone index the vector tier uses, if it is missing:
 * serverless on AWS us-east-1, 1536 dimensions (text-embedding-3-small and the local embedder),
 * cosine. Waits until it is ready, then checks that the data plane answers (describeIndexStats)
 * and prints its stats. An existing index is kept, but refused if its dimension or metric differ.
 */
import type { IndexModel, Pinecone } from "@pinecone-database/pinecone";
import { Command, Option } from "commander";
import { DEFAULTS } from "../src/defaults";
import { runMain } from "./lib/cli";
import { readDevVars } from "./lib/local-settings";

/** The embedders' dimension; wrangler-config.test.ts holds it equal to the pgvector column's (src/db/schema.ts). */
const EMBEDDING_DIMENSIONS = DEFAULTS.EMBEDDING_DIMENSIONS;
const CLOUD = "aws";
const REGION = "us-east-1";
const METRIC = "cosine";
const POLL_MS = 2_000;

/** The environment first, then .dev.vars (as the other scripts do). */
const setting = (name: string): string => (process.env[name] ?? readDevVars()[name] ?? "").trim();

interface Options {
  name?: string;
  timeout: number;
}

const program = new Command("vector:create-index")
  .description(
    `Create the Pinecone serverless index for the vector tier if it is missing (${EMBEDDING_DIMENSIONS}-d, ${METRIC}, ${CLOUD} ${REGION}), ` +
      "wait until it is ready, then check connectivity and print its stats. Reads PINECONE_API_KEY from the environment or .dev.vars.",
  )
  .option("--name <name>", `index name (default: PINECONE_INDEX_NAME, else ${DEFAULTS.PINECONE_INDEX_NAME})`)
  .addOption(
    new Option("--timeout <seconds>", "how long to wait for the index to become ready").default(300).argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error("--timeout must be a whole number of seconds");
      return n;
    }),
  )
  .action(async (opts: Options) => {
    const apiKey = setting("PINECONE_API_KEY");
    if (!apiKey) {
      throw new Error(
        "PINECONE_API_KEY is not set: put your Pinecone API key (https://app.pinecone.io → API Keys) in the environment or in .dev.vars. " +
          "Without a key the app uses the embedded pgvector index and needs no Pinecone index.",
      );
    }
    const name = opts.name?.trim() || setting("PINECONE_INDEX_NAME") || DEFAULTS.PINECONE_INDEX_NAME;
    if (!/^[a-z0-9-]{1,45}$/.test(name)) throw new Error(`index name "${name}" must be 1-45 lowercase letters, digits and hyphens`);
    const { Pinecone } = await import("@pinecone-database/pinecone");
    const { FREE_TIER_RECORDS } = await import("../src/adapters/vector/interface");

    const controllerHostUrl = setting("PINECONE_CONTROLLER_HOST") || undefined;
    const pc = new Pinecone({ apiKey, ...(controllerHostUrl ? { controllerHostUrl } : {}) });

    let model = await describe(pc, name);
    if (model) {
      console.log(`Index "${name}" exists: ${model.dimension ?? "?"}-d, ${model.metric}, ${describeSpec(model)}, ${model.status.state}.`);
      if (model.dimension !== EMBEDDING_DIMENSIONS || model.metric !== METRIC) {
        throw new Error(
          `index "${name}" is ${model.dimension ?? "sparse"}-d ${model.metric}, but the vector tier needs ${EMBEDDING_DIMENSIONS}-d ${METRIC}: ` +
            "delete it in the Pinecone console, or pass another --name (and set PINECONE_INDEX_NAME to it)",
        );
      }
    } else {
      console.log(`Creating index "${name}": ${EMBEDDING_DIMENSIONS}-d, ${METRIC}, serverless ${CLOUD} ${REGION}…`);
      await pc.createIndex({
        name,
        dimension: EMBEDDING_DIMENSIONS,
        metric: METRIC,
        spec: { serverless: { cloud: CLOUD, region: REGION } },
        // Someone else may create it at the same moment: that is fine.
        suppressConflicts: true,
        tags: { app: "spendsense-edge" },
      });
    }

    model = await waitUntilReady(pc, name, opts.timeout * 1000);
    const index = pc.index({ name, host: model.host });
    const stats = await index.describeIndexStats();
    const total = stats.totalRecordCount ?? 0;
    console.log(`Connected to ${/^https?:\/\//.test(model.host) ? model.host : `https://${model.host}`}`);
    console.log(`  dimension   ${stats.dimension ?? model.dimension}`);
    console.log(`  records     ${total}`);
    console.log(
      `  fullness    ${((total / FREE_TIER_RECORDS) * 100).toFixed(3)}% of the ${FREE_TIER_RECORDS.toLocaleString("en-US")}-record free tier`,
    );
    const namespaces = Object.entries(stats.namespaces ?? {});
    if (namespaces.length === 0) console.log("  namespaces  none yet (one per embedder id, made by the first upsert)");
    for (const [ns, summary] of namespaces) console.log(`  namespace   ${ns === "" ? "(default)" : ns}: ${summary.recordCount} records`);
    if (name !== DEFAULTS.PINECONE_INDEX_NAME && setting("PINECONE_INDEX_NAME") !== name) {
      console.log(`Set PINECONE_INDEX_NAME=${name} so the Worker and the scripts use this index.`);
    }
  });

async function describe(pc: Pinecone, name: string): Promise<IndexModel | undefined> {
  try {
    return await pc.describeIndex(name);
  } catch (err) {
    if ((err as { name?: string })?.name === "PineconeNotFoundError") return undefined;
    throw err;
  }
}

async function waitUntilReady(pc: Pinecone, name: string, timeoutMs: number): Promise<IndexModel> {
  const deadline = Date.now() + timeoutMs;
  let lastState = "";
  for (;;) {
    const model = await describe(pc, name);
    if (model?.status.ready) {
      if (lastState) console.log(`Index "${name}" is ready.`);
      return model;
    }
    const state = model?.status.state ?? "not visible yet";
    if (state === "InitializationFailed" || state === "Terminating" || state === "Disabled") {
      throw new Error(`index "${name}" is ${state} and will not become ready: check the Pinecone console`);
    }
    if (state !== lastState) console.log(`  waiting: ${state}…`);
    lastState = state;
    if (Date.now() >= deadline)
      throw new Error(`index "${name}" was not ready after ${timeoutMs / 1000} s (last state: ${state}); run this again to keep waiting`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function describeSpec(model: IndexModel): string {
  const spec = model.spec as { serverless?: { cloud?: string; region?: string }; pod?: { environment?: string } };
  if (spec.serverless) return `serverless ${spec.serverless.cloud ?? "?"} ${spec.serverless.region ?? "?"}`;
  if (spec.pod) return `pod ${spec.pod.environment ?? "?"}`;
  return "other spec";
}

await runMain(program);
