/**
 * Streamed JSON output. Each top-level array is written to its own part file, one element per line,
 * as chunks arrive; the final object is then assembled by streaming the parts into one file. No step
 * holds more than one chunk of records in memory, and the bytes depend only on what was written.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

async function writeChunk(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

/** The elements of one JSON array, comma-separated, one per line, without the brackets. */
export class JsonArrayPartWriter {
  private readonly stream: WriteStream;
  private written = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: "utf8" });
  }

  get count(): number {
    return this.written;
  }

  async append(items: readonly unknown[]): Promise<void> {
    if (items.length === 0) return;
    const lead = this.written === 0 ? "" : ",\n";
    this.written += items.length;
    await writeChunk(this.stream, lead + items.map((item) => JSON.stringify(item)).join(",\n"));
  }

  async close(): Promise<void> {
    await closeStream(this.stream);
  }

  /** Remove the file (used on failure; safe if it was never flushed). */
  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.path, { force: true });
  }
}

/**
 * Write `{"key1":[\n...\n],\n"key2":[...]}\n` to `target` from closed part writers, by streaming,
 * through a temporary file renamed into place so a reader never sees half a dataset.
 */
export async function assembleJsonObject(target: string, parts: readonly { key: string; part: JsonArrayPartWriter }[]): Promise<void> {
  const temp = `${target}.partial-${process.pid}`;
  const out = createWriteStream(temp, { encoding: "utf8" });
  try {
    await writeChunk(out, "{");
    for (const [i, { key, part }] of parts.entries()) {
      await writeChunk(out, `${i === 0 ? "" : ",\n"}${JSON.stringify(key)}:[`);
      if (part.count > 0) {
        await writeChunk(out, "\n");
        await pipeline(createReadStream(part.path), out, { end: false });
        await writeChunk(out, "\n");
      }
      await writeChunk(out, "]");
    }
    await writeChunk(out, "}\n");
    await closeStream(out);
    await rename(temp, target);
  } catch (err) {
    out.destroy();
    await rm(temp, { force: true });
    throw err;
  }
}
