/** Heap and RSS watch for long runs: the peak RSS, and one warning when the heap nears its limit. */
import { getHeapStatistics } from "node:v8";

const HEAP_WARNING_RATIO = 0.8;

export class MemoryMonitor {
  private warned = false;
  peakRss = 0;
  peakHeapUsed = 0;
  readonly heapLimit = getHeapStatistics().heap_size_limit;

  constructor(
    private readonly warn: (message: string) => void,
    private readonly warnAbove = HEAP_WARNING_RATIO,
  ) {}

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeapUsed = Math.max(this.peakHeapUsed, heapUsed);
    const ratio = heapUsed / this.heapLimit;
    if (!this.warned && ratio > this.warnAbove) {
      this.warned = true;
      this.warn(
        `warning: heap use is ${(ratio * 100).toFixed(0)}% of the ${(this.heapLimit / 2 ** 20).toFixed(0)} MiB limit ` +
          "(raise it with NODE_OPTIONS=--max-old-space-size=<MiB>)",
      );
    }
  }

  /** The process's peak resident set size so far, from the OS when available. */
  peakRssBytes(): number {
    const maxRssKiB = process.resourceUsage().maxRSS;
    return Math.max(this.peakRss, maxRssKiB * 1024);
  }
}
