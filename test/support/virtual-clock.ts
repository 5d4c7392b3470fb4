/**
 * A Clock (src/resilience.ts) whose time moves only when something waits on it, so tests assert
 * attempt counts, waits and budgets without sleeping:
 *   - `sleep(ms)` is time passing: the clock runs its timers in order (a timeout due earlier
 *     fires first) until the sleep is over, or aborted;
 *   - `timeout(ms)` is a timer that aborts its signal when the clock passes it;
 *   - a request that never answers is a test's cue to let time run: `runToNextTimer()` fires the
 *     earliest timer (an attempt's limit, a deadline), as the real clock would in the end.
 * Nothing here touches real timers. Works in Node and in workerd.
 */
import type { Clock, Timeout } from "../../src/resilience";

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export class VirtualClock implements Clock {
  /** Every sleep asked for, in order (the waits between attempts). */
  readonly sleeps: number[] = [];
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();

  constructor(readonly start: number = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Virtual milliseconds since the clock was made. */
  elapsed(): number {
    return this.#now - this.start;
  }

  /** Timers not yet fired (or cancelled). */
  get pending(): number {
    return this.#timers.size;
  }

  timeout(ms: number): Timeout {
    const controller = new AbortController();
    const seq = this.#add(ms, () => controller.abort(new DOMException(`timed out after ${ms} ms (virtual)`, "TimeoutError")));
    return { signal: controller.signal, cancel: () => this.#timers.delete(seq) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let done = false;
      const seq = this.#add(ms, () => {
        done = true;
        resolve();
      });
      signal?.addEventListener(
        "abort",
        () => {
          if (done) return;
          done = true;
          this.#timers.delete(seq);
          reject(signal.reason);
        },
        { once: true },
      );
      while (!done && this.runToNextTimer());
    });
  }

  /** Fire the earliest timer (and any due at the same instant); false when none is left. */
  runToNextTimer(): boolean {
    const next = [...this.#timers.values()].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (!next) return false;
    this.#now = Math.max(this.#now, next.at);
    for (const timer of [...this.#timers.values()].sort((a, b) => a.seq - b.seq)) {
      if (timer.at > this.#now) continue;
      this.#timers.delete(timer.seq);
      timer.fire();
    }
    return true;
  }

  /** Let `ms` pass, firing every timer due meanwhile. */
  advance(ms: number): void {
    const target = this.#now + ms;
    while ([...this.#timers.values()].some((t) => t.at <= target)) this.runToNextTimer();
    this.#now = target;
  }

  #add(ms: number, fire: () => void): number {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#now + Math.max(0, ms), seq, fire });
    return seq;
  }
}
