// One scan at a time, in arrival order, with repeated requests for the same file coalesced:
// a burst of change events for one checkpoint costs one scan (plus one re-run if it changed
// while being scanned). The loop yields to the event loop between files so the connection
// keeps answering requests during a long workspace scan.

interface Pending<O, R> {
  options: O;
  promise: Promise<R | undefined>;
  resolve: (r: R | undefined) => void;
}

export class ScanQueue<O, R> {
  private readonly pending = new Map<string, Pending<O, R>>();
  private busy = false;

  constructor(
    private readonly run: (key: string, options: O) => Promise<R>,
    /** Combines the options of coalesced requests (e.g. "explicit" wins). */
    private readonly merge: (a: O, b: O) => O,
    private readonly onError: (key: string, e: unknown) => void,
  ) {}

  /** Resolves with the result of the scan that served this request (undefined if dropped or failed). */
  enqueue(key: string, options: O): Promise<R | undefined> {
    const queued = this.pending.get(key);
    if (queued) {
      queued.options = this.merge(queued.options, options);
      return queued.promise;
    }
    let resolve!: (r: R | undefined) => void;
    const promise = new Promise<R | undefined>((r) => (resolve = r));
    this.pending.set(key, { options, promise, resolve });
    void this.pump();
    return promise;
  }

  /** Forgets a queued request (the file was deleted); a running scan finishes. */
  drop(key: string): void {
    const queued = this.pending.get(key);
    if (!queued) return;
    this.pending.delete(key);
    queued.resolve(undefined);
  }

  get size(): number {
    return this.pending.size;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.pending.size > 0) {
        const [key, job] = this.pending.entries().next().value as [string, Pending<O, R>];
        this.pending.delete(key);
        let result: R | undefined;
        try {
          result = await this.run(key, job.options);
        } catch (e) {
          this.onError(key, e);
        }
        job.resolve(result);
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      this.busy = false;
    }
  }
}
