/**
 * Counts a request's round trips to one regional service (Postgres, the index). `sequential` is what
 * latency pays: a round trip that starts while another is in flight overlaps it and is not counted
 * again. A counter may feed a parent (the request's regional total), so a Postgres query and an
 * index query in flight together count once there.
 */
export class RoundTrips {
  sequential = 0;
  total = 0;
  /** Wall time with at least one round trip in flight (ms). */
  busyMs = 0;
  private inFlight = 0;
  private busySince = 0;

  constructor(private readonly parent?: RoundTrips) {}

  begin(): void {
    if (this.inFlight === 0) {
      this.sequential += 1;
      this.busySince = performance.now();
    }
    this.inFlight += 1;
    this.total += 1;
    this.parent?.begin();
  }

  end(): void {
    if (this.inFlight === 0) return;
    this.inFlight -= 1;
    if (this.inFlight === 0) this.busyMs += performance.now() - this.busySince;
    this.parent?.end();
  }

  /** Time `work` as one round trip. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    this.begin();
    try {
      return await work();
    } finally {
      this.end();
    }
  }
}
