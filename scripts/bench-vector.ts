import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import type { WindowDays } from "../src/domain/signals";

const program = new Command("bench:vector")
  .description("Time filtered top-5 context queries against the populated vector index (run npm run vector:populate first).")
  .addOption(new Option("--queries <n>", "queries to time (1-2000)").default(200).argParser(Number))
  .action(async (opts: { queries: number }) => {
    if (!Number.isInteger(opts.queries) || opts.queries < 1 || opts.queries > 2000) throw new Error("--queries must be 1-2000");
    const { getStoredProfile } = await import("../src/db/profiles");
    const { approvedContexts } = await import("../src/db/recommendations");
    const { embedUserContext } = await import("../src/services/embedding");
    const { openDatabase } = await import("./lib/db");
    const { scriptProviders } = await import("./lib/providers");

    const handle = await openDatabase();
    try {
      const { embedder, store } = scriptProviders(handle);
      const stats = await store.stats();
      if (stats.namespaceVectors === 0) throw new Error("the index is empty: run npm run vector:populate first");
      const contexts = (await approvedContexts(handle.db)).slice(0, opts.queries);
      const times: number[] = [];
      let hits = 0;
      for (const ctx of contexts) {
        const profile = await getStoredProfile(handle.db, ctx.userId, ctx.windowDays as WindowDays);
        if (!profile) continue;
        const { vector } = await embedUserContext(embedder, profile.signals, profile.persona);
        const started = performance.now();
        const matches = await store.query({
          vector,
          topK: 5,
          filter: { kind: "context", persona_type: ctx.personaType, window_days: ctx.windowDays, status: "approved" },
        });
        times.push(performance.now() - started);
        if (matches.length === 5) hits++;
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      console.log(
        `${store.name} (${embedder.id}), ${stats.namespaceVectors} vectors; ${times.length} filtered top-5 queries, ${hits} returned 5 matches`,
      );
      console.log(
        `query latency from this script (includes the round trip through the bridge): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
      );
    } finally {
      await handle.close();
    }
  });

await runMain(program);
