/**
 * Whether the database can be reached, as this API instance last saw it.
 *
 * A request that meets a connection fault says so (`suspect`); one probe then decides, on
 * a connection of its own (the pool may be the thing that is stuck). While the probe
 * fails, the database is `down`: requests are answered 503 at once instead of each
 * waiting out a connection timeout, and the probe repeats until the database answers
 * again. Nothing else is kept: this is the instance's own view of its connection, not
 * shared state.
 */
export class DatabaseAvailability {
  private downSince: Date | undefined;
  private lastError: string | undefined;
  private probing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    /** Resolves when the database answers, rejects when it cannot be reached. */
    private readonly probe: () => Promise<void>,
    private readonly options: {
      retryMs: number;
      onChange?: (up: boolean, error?: string) => void;
    },
  ) {}

  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  /** When it went down, and why (for /api/health). */
  get outage(): { since: Date; error: string } | undefined {
    return this.downSince ? { since: this.downSince, error: this.lastError ?? 'unknown' } : undefined;
  }

  /** A request met a connection fault: check now (once, however many requests report it). */
  suspect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.probing ??= this.check().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async check(): Promise<void> {
    try {
      await this.probe();
      if (this.downSince) {
        this.downSince = undefined;
        this.lastError = undefined;
        this.options.onChange?.(true);
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      if (!this.downSince) {
        this.downSince = new Date();
        this.options.onChange?.(false, this.lastError);
      }
      if (!this.closed) {
        this.timer = setTimeout(() => void this.suspect(), this.options.retryMs);
        this.timer.unref();
      }
    }
  }
}
