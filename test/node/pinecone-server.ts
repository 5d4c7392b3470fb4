/**
 * Pinecone's HTTP API for the store's tests: the project's one stand-in
 * (scripts/lib/pinecone-stand-in.ts), started afresh for each test with every request recorded,
 * so the tests assert exactly what the SDK sent and script failures per test (`scripted`: the
 * next request to a path gets that reply instead).
 */
import { afterEach, beforeEach } from "vitest";
import { startPineconeStandIn, type PineconeStandIn, type Received, type Scripted } from "../../scripts/lib/pinecone-stand-in";

export type { Received, Scripted };

export const API_KEY = "test-pinecone-key-SECRET-4f9a2c";
export const INDEX = "spendsense-recommendations";
export const DIMS = 1536;

/** What a test sees of the stand-in: its address, every request, and failures to script. */
export const fakePinecone = {
  /** http://127.0.0.1:<port>, a fresh port per test. */
  baseUrl: "",
  received: [] as Received[],
  scripted: [] as Scripted[],
};

/** Start the stand-in before each test of the calling file (fresh state, fresh port) and stop it after. */
export function useFakePinecone(): typeof fakePinecone {
  let standIn: PineconeStandIn;
  beforeEach(async () => {
    fakePinecone.received.length = 0;
    fakePinecone.scripted.length = 0;
    standIn = await startPineconeStandIn({
      apiKey: API_KEY,
      indexes: { [INDEX]: DIMS, "small-index": 768 },
      received: fakePinecone.received,
      scripted: fakePinecone.scripted,
    });
    // A fresh port per test also gives each test its own entry in the store's describeIndex cache.
    fakePinecone.baseUrl = standIn.url;
  });
  afterEach(async () => {
    await standIn.stop();
  });
  return fakePinecone;
}
