/**
 * Write a dataset to `{outDir}/synthetic_users_{N}.json` by streaming: users are generated in chunks
 * of 100, each chunk is appended to four part files (one per top-level array) and dropped, and the
 * parts are then streamed into the final file. Same options => byte-identical file.
 */
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createContext, generateUsers } from "./dataset-generator";
import { assembleJsonObject, JsonArrayPartWriter } from "./json-stream-writer";
import { CHUNK_SIZE, resolveOptions, type GeneratorOptions, type ResolvedOptions } from "./options";
import type { Persona } from "./personas";
import { QualityAccumulator, type QualityReport } from "./quality-checks";

export interface WriteDatasetOptions extends GeneratorOptions {
  /** Directory of the output file, created if missing. Default "data". */
  outDir?: string;
  chunkSize?: number;
  /** Called after every flushed chunk. */
  onChunk?: (usersDone: number, usersTotal: number) => void;
  /** Called after every generated user (cheap hooks only, e.g. a memory sample). */
  onUser?: () => void;
}

export interface WriteDatasetResult {
  options: ResolvedOptions;
  path: string;
  bytes: number;
  durationMs: number;
  /** The persona each user (by index) was generated for. */
  personas: Persona[];
  quality: QualityReport;
}

function datasetFileName(numUsers: number, firstId = 1): string {
  return firstId === 1 ? `synthetic_users_${numUsers}.json` : `synthetic_users_${numUsers}_from_${firstId}.json`;
}

export async function writeDataset(input: WriteDatasetOptions = {}): Promise<WriteDatasetResult> {
  const started = performance.now();
  const options = resolveOptions(input);
  const chunkSize = input.chunkSize ?? CHUNK_SIZE;
  const outDir = resolve(input.outDir ?? "data");
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, datasetFileName(options.numUsers, options.firstId));
  const partsDir = await mkdtemp(join(outDir, ".synthetic-parts-"));

  const ctx = createContext(options);
  const quality = new QualityAccumulator(ctx.population, options.asOfDay, options.consentRate);
  const personas: Persona[] = [];
  const keys = ["users", "accounts", "transactions", "liabilities"] as const;
  const parts = keys.map((key) => ({ key, part: new JsonArrayPartWriter(join(partsDir, `${key}.jsonl`)) }));
  const [users, accounts, transactions, liabilities] = parts.map((p) => p.part) as [
    JsonArrayPartWriter,
    JsonArrayPartWriter,
    JsonArrayPartWriter,
    JsonArrayPartWriter,
  ];

  try {
    for (let from = 0; from < options.numUsers; from += chunkSize) {
      const to = Math.min(options.numUsers, from + chunkSize);
      const chunk = [];
      for (const bundle of generateUsers(ctx, from, to)) {
        quality.add(bundle);
        personas.push(bundle.persona);
        chunk.push(bundle);
        input.onUser?.();
      }
      await users.append(chunk.map((b) => b.user));
      await accounts.append(chunk.flatMap((b) => b.accounts));
      await transactions.append(chunk.flatMap((b) => b.transactions));
      await liabilities.append(chunk.flatMap((b) => b.liabilities));
      input.onChunk?.(to, options.numUsers);
    }
    for (const { part } of parts) await part.close();
    await assembleJsonObject(path, parts);
  } finally {
    await Promise.all(parts.map(({ part }) => part.discard()));
    await rm(partsDir, { recursive: true, force: true });
  }

  return {
    options,
    path,
    bytes: (await stat(path)).size,
    durationMs: performance.now() - started,
    personas,
    quality: quality.report(),
  };
}
