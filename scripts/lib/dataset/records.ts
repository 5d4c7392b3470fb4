/**
 * The records of a dataset, streamed: from a file through a streaming JSON parser
 * (@streamparser/json), or from a dataset already in memory. Either way they come in small groups,
 * collection by collection, and nothing holds more than one read chunk of the file at a time.
 *
 * The file's top level is checked token by token as it streams: one JSON object whose keys are
 * exactly users, accounts, transactions and liabilities, in that order (docs/DATA_FORMAT.md), each an
 * array. The order is what lets the reference checks run in one pass: an account is only read after
 * every user it could name.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from "@streamparser/json";
import type { Dataset, DatasetCollection } from "../../../src/domain/dataset";

export const COLLECTIONS: readonly DatasetCollection[] = ["users", "accounts", "transactions", "liabilities"];

/** The field holding each collection's id. */
export const ID_FIELDS = {
  users: "user_id",
  accounts: "account_id",
  transactions: "transaction_id",
  liabilities: "liability_id",
} as const satisfies Record<DatasetCollection, string>;

/** A dataset file that cannot be loaded; the message names the offending record. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

/** One element of one collection, as read: not checked yet. */
export interface RawRecord {
  collection: DatasetCollection;
  /** Position in its collection, 0-based (what error messages show as `transactions[17]`). */
  index: number;
  value: unknown;
}

/** Where records come from; each call starts again from the beginning (a second pass re-reads). */
export type RecordSource = () => AsyncIterable<RawRecord[]>;

const READ_CHUNK_BYTES = 1 << 20;
const ORDER = `the file holds ${COLLECTIONS.join(", ")}, in that order`;

/** Watches the top level of the token stream and throws on anything but the documented shape. */
class TopLevelShape {
  private depth = 0;
  private started = false;
  /** Inside the root object: what the next depth-1 token must be. */
  private expect: "key" | "colon" | "value" | "comma" = "key";
  private next = 0;
  private key = "";

  observe(token: TokenType, value: unknown): void {
    if (this.depth === 0) {
      if (this.started || token !== TokenType.LEFT_BRACE) {
        throw new DatasetError(`the file must be one JSON object {${COLLECTIONS.join(", ")}}`);
      }
      this.started = true;
    } else if (this.depth === 1) {
      this.topLevel(token, value);
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) this.depth += 1;
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.depth -= 1;
  }

  private topLevel(token: TokenType, value: unknown): void {
    if (token === TokenType.RIGHT_BRACE) {
      if (this.next < COLLECTIONS.length) throw new DatasetError(`"${COLLECTIONS[this.next]}" is missing: ${ORDER}`);
      return;
    }
    switch (this.expect) {
      case "key": {
        const key = String(value);
        if (!(COLLECTIONS as readonly string[]).includes(key))
          throw new DatasetError(`unknown top-level key "${key.slice(0, 40)}": ${ORDER}`);
        if (key !== COLLECTIONS[this.next])
          throw new DatasetError(`"${key}" comes where "${COLLECTIONS[this.next] ?? "the end"}" should: ${ORDER}`);
        this.key = key;
        this.next += 1;
        this.expect = "colon";
        return;
      }
      case "colon":
        this.expect = "value";
        return;
      case "value":
        if (token !== TokenType.LEFT_BRACKET) throw new DatasetError(`"${this.key}" must be an array`);
        this.expect = "comma";
        return;
      case "comma":
        this.expect = "key";
        return;
    }
  }

  get complete(): boolean {
    return this.started && this.depth === 0;
  }
}

/**
 * Stream a dataset file's records. `onBytes` is told how many bytes were read so far (for a
 * progress bar). Throws DatasetError when the file cannot be read, is not JSON, or has another shape.
 */
export function fileRecords(path: string, onBytes: (read: number, total: number) => void = () => {}): RecordSource {
  return async function* () {
    let total: number;
    try {
      total = (await stat(path)).size;
    } catch (err) {
      throw new DatasetError(`cannot read ${path}: ${(err as Error).message}`);
    }
    const shape = new TopLevelShape();
    const tokenizer = new Tokenizer();
    const parser = new TokenParser({ paths: ["$.*.*"], keepStack: false });
    let out: RawRecord[] = [];
    tokenizer.onToken = (info: ParsedTokenInfo) => {
      shape.observe(info.token, info.value);
      parser.write(info);
    };
    parser.onValue = ({ value, key, stack }) => {
      out.push({ collection: stack[1]?.key as DatasetCollection, index: key as number, value });
    };
    // The tokenizer ends itself after the root value; say so rather than throw a second time.
    parser.onEnd = () => {};

    const feed = (write: () => void) => {
      try {
        write();
      } catch (err) {
        if (err instanceof DatasetError) throw new DatasetError(`${path}: ${err.message}`);
        throw new DatasetError(`${path} is not valid JSON: ${(err as Error).message}`);
      }
    };
    let read = 0;
    const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    try {
      for await (const chunk of stream) {
        feed(() => tokenizer.write(chunk as Buffer));
        read += (chunk as Buffer).length;
        onBytes(read, total);
        if (out.length > 0) {
          const batch = out;
          out = [];
          yield batch;
        }
      }
    } catch (err) {
      if (err instanceof DatasetError) throw err;
      throw new DatasetError(`cannot read ${path}: ${(err as Error).message}`);
    } finally {
      stream.destroy();
    }
    if (!tokenizer.isEnded) feed(() => tokenizer.end());
    if (!shape.complete) throw new DatasetError(`${path} is not valid JSON: the file ends before its object does`);
  };
}

const MEMORY_GROUP = 1000;

/** The records of a dataset held in memory, in the same groups a file would give. */
export function memoryRecords(ds: Dataset): RecordSource {
  return async function* () {
    for (const collection of COLLECTIONS) {
      const items = ds[collection] as unknown[];
      for (let start = 0; start < items.length; start += MEMORY_GROUP) {
        yield items.slice(start, start + MEMORY_GROUP).map((value, i) => ({ collection, index: start + i, value }));
      }
    }
  };
}
