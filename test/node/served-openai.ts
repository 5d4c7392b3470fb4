/**
 * The one OpenAI simulator (scripts/lib/openai-simulator.ts) served over loopback HTTP for a Node
 * test file: started before its tests, reset before each, stopped after. The real SDK talks to it
 * through `sim.baseURL`. Each test gets a fresh virtual clock (`clock()`), and a request the
 * simulator holds open lets that clock run to its next timer, so attempt timeouts fire at once.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { OpenAISimulatorOptions } from "../../scripts/lib/openai-simulator";
import { serveOpenAISimulator, type ServedOpenAISimulator } from "../../scripts/lib/openai-simulator-server";
import { VirtualClock } from "../support/virtual-clock";

export function useServedOpenAISimulator(options: OpenAISimulatorOptions = {}): {
  sim: () => ServedOpenAISimulator;
  clock: () => VirtualClock;
} {
  let sim: ServedOpenAISimulator | undefined;
  let clock = new VirtualClock();
  beforeAll(async () => {
    sim = await serveOpenAISimulator({ ...options, onHang: () => clock.runToNextTimer() });
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim?.reset();
    clock = new VirtualClock();
  });
  return {
    sim: () => {
      if (!sim) throw new Error("the simulator is not started yet (use it inside a test)");
      return sim;
    },
    clock: () => clock,
  };
}
