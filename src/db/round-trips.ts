/**
 * Counts a request's round trips to Postgres (the origin). `sequential` is what latency pays: a
 * round trip that starts while another is in flight overlaps it and is not counted again.
 */
export class RoundTrips {
  sequential = 0;
  total = 0;
  private inFlight = 0;

  begin(): void {
    if (this.inFlight === 0) this.sequential += 1;
    this.inFlight += 1;
    this.total += 1;
  }

  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
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
