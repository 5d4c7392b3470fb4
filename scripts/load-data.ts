import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { LoadResult } from "./lib/dataset-loader";
import { DEFAULT_BATCH_SIZE } from "./lib/dataset/defaults";
import { COLLECTIONS, DatasetError } from "./lib/dataset/records";
import pRetry from "p-retry";
import { answer, createApiClient, type ApiRequestError } from "./lib/api-client";
import { readDevVars } from "./lib/local-settings";

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const SHOWN_CHANGED = 10;

function report(file: string, result: LoadResult): string[] {
  const lines = [`Loaded ${file} in ${(result.ms / 1000).toFixed(1)} s (${result.rows} rows${result.upsert ? ", --upsert" : ""})`];
  for (const k of COLLECTIONS) {
    const c = result.counts[k];
    lines.push(
      result.upsert
        ? `  ${k}: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`
        : `  ${k}: ${c.inserted} inserted, ${c.unchanged} already there (left as they are)`,
    );
  }
  const ids = result.changedUserIds;
  const shown = ids.slice(0, SHOWN_CHANGED).join(", ");
  lines.push(
    `  financial data changed for ${ids.length} people${ids.length ? `: ${shown}${ids.length > SHOWN_CHANGED ? ", …" : ""}` : ""}`,
  );
  return lines;
}

/** Tell the API whose data changed, so everything derived from it follows (or say how to, without --notify). */
async function notifyApi(opts: { notify?: string; token?: string }, userIds: string[]): Promise<void> {
  if (!opts.notify) {
    console.log(
      "  the API still holds their old profiles and cached answers: run again with --notify http://127.0.0.1:8787 (or POST /users/:id/refresh)",
    );
    return;
  }
  const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
  if (!token)
    throw new Error("--notify needs an operator token: pass --token, set OPERATOR_TOKEN, or run npm start once to create .dev.vars");
  const api = createApiClient(opts.notify, token);
  let done = 0;
  for (const userId of userIds) {
    await pRetry(() => answer(api.POST("/users/{user_id}/refresh", { params: { path: { user_id: userId } } })), {
      retries: 3,
      shouldRetry: ({ error }) => (error as ApiRequestError).retryable === true,
    });
    done += 1;
  }
  console.log(
    `  told ${opts.notify}: ${done} people refreshed (profiles recomputed, cached answers retired, old sets withdrawn, context vectors rebuilt)`,
  );
}

const program = new Command("data:load")
  .description(
    "Load a dataset file ({users, accounts, transactions, liabilities}; see docs/DATA_FORMAT.md) into Postgres by streaming it, " +
      "all or nothing: a bad record anywhere is named and nothing is written. Without --upsert, rows whose id exists are left as " +
      "they are, so loading the same file twice changes nothing.",
  )
  .argument("<file>", "the dataset JSON, e.g. data/synthetic_users_500.json")
  .option(
    "--upsert",
    "update rows whose id exists: users' name and email (never consent, which changes only through the API), accounts' balances, " +
      "limit and mask, transactions' and liabilities' fields; a record's owner and kind never change",
  )
  .option("--changed-users <file>", "write the user_ids whose financial data changed to this file, one per line")
  .option(
    "--notify <url>",
    "after an --upsert, tell the running API (e.g. http://127.0.0.1:8787) which people's data changed (POST /users/:id/refresh): their signals, persona, cached answers, stored sets and context vectors follow at once",
  )
  .addOption(
    new Option("--token <token>", "operator token for --notify (default: OPERATOR_TOKEN from the environment or .dev.vars)").env(
      "OPERATOR_TOKEN",
    ),
  )
  .addOption(
    new Option("--batch-size <rows>", "rows per insert statement")
      .default(DEFAULT_BATCH_SIZE)
      .argParser(wholeNumber("--batch-size", 1, 100_000)),
  )
  .option("--quiet", "no progress bar")
  .addHelpText(
    "after",
    "\nExit codes: 0 loaded, 1 the file was refused (nothing written) or the database failed.\n\n" +
      "Examples:\n  npm run data:load -- data/synthetic_users_1000.json\n" +
      "  npm run data:load -- data/synthetic_users_1000.json --upsert --changed-users data/changed.txt",
  )
  .action(
    async (
      file: string,
      opts: { upsert?: boolean; changedUsers?: string; notify?: string; token?: string; batchSize: number; quiet?: boolean },
    ) => {
      const { default: cliProgress } = await import("cli-progress");
      const { openDatabase } = await import("./lib/db");
      const { loadDatasetFile, writeChangedUsersFile } = await import("./lib/dataset-loader");

      const handle = await openDatabase();
      const showBar = !opts.quiet && process.stderr.isTTY === true;
      const bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: "loading [{bar}] {percentage}% | {value}/{total} MiB read | {rows} rows written | ETA {eta}s",
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      try {
        const result = await loadDatasetFile(handle, file, {
          upsert: opts.upsert,
          batchSize: opts.batchSize,
          onProgress: ({ rows, bytesRead, bytesTotal }) => {
            if (!showBar) return;
            if (!started) bar.start(Math.max(1, Number(mib(bytesTotal))), 0, { rows: 0 });
            started = true;
            bar.update(Number(mib(bytesRead)), { rows });
          },
        });
        if (started) bar.stop();
        if (opts.changedUsers) await writeChangedUsersFile(opts.changedUsers, result.changedUserIds);
        console.log(report(file, result).join("\n"));
        if (opts.changedUsers) console.log(`  their user_ids are in ${opts.changedUsers}`);
        if (result.upsert && result.changedUserIds.length) await notifyApi(opts, result.changedUserIds);
      } catch (err) {
        if (started) bar.stop();
        if (!(err instanceof DatasetError)) throw err;
        // The whole message: it names every bad record found (runMain would keep its first line only).
        console.error(`error: ${err.message}`);
        process.exitCode = 1;
      } finally {
        await handle.close();
      }
    },
  );

await runMain(program);
