/**
 * Group commit: concurrent writes to different actors share one statement and one
 * commit. A write that finds fewer than `maxInFlight` commits under way goes alone, as it
 * always did (a lone send pays no wait); the writes that arrive while commits are in
 * flight queue up, and the next free slot takes the whole queue as one batch. Under load
 * the batch grows by itself, with no timer: the slower the commit, the more it carries.
 *
 * A batch is atomic as a whole, and so is each write in it with its own snapshot,
 * journal entry and outbox rows. When a batch fails before its commit (a statement error:
 * one event's projection threw, a dedupe key was already seen), nothing of it was
 * written and each write is retried alone, so one bad event never takes another's
 * commit with it and none is written twice. A failed COMMIT is not retried: the batch
 * may have committed, and every write in it gets the error, as a lone write would.
 */

export interface GroupWrite {
  /** One write per key per batch: two revisions of one actor never share a statement. */
  key: string;
}

export interface GroupCommitStats {
  /** Batches of two or more writes committed together. */
  batches: number;
  /** Writes that went out in such batches. */
  batchedWrites: number;
  /** Writes of failed batches that were retried on their own. */
  retriedAlone: number;
}

/** Thrown by `together` when the COMMIT itself failed: the outcome is unknown, no retry. */
export class CommitOutcomeUnknown extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.cause = cause;
  }
}

interface Pending<W> {
  write: W;
  resolve: (saved: boolean) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<W extends GroupWrite> {
  /** Writes one event on its own; true if saved, false on a revision conflict. */
  alone: (write: W) => Promise<boolean>;
  /** Writes many events in one transaction; per write, true if saved, false on a conflict. */
  together: (writes: W[]) => Promise<boolean[]>;
  /** Commits under way at once (each is one connection). Default 4. */
  maxInFlight?: number;
  /** Writes in one batch at most. Default 64. */
  maxBatch?: number;
}

export class GroupCommit<W extends GroupWrite> {
  private readonly queue: Pending<W>[] = [];
  private inFlight = 0;
  private readonly options: Required<GroupCommitOptions<W>>;
  readonly stats: GroupCommitStats = { batches: 0, batchedWrites: 0, retriedAlone: 0 };

  constructor(options: GroupCommitOptions<W>) {
    this.options = { maxInFlight: 4, maxBatch: 64, ...options };
  }

  /** Resolves once the write is committed (true) or found in conflict (false). */
  write(write: W): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      // The slot frees after the settled writes' senders had their turn: what they send
      // next joins the queue first, and goes out as one batch rather than one alone.
      void this.run(batch).finally(() =>
        setImmediate(() => {
          this.inFlight--;
          this.pump();
        }),
      );
    }
  }

  /** The queued writes in order, at most one per key and `maxBatch` in all; the rest wait. */
  private take(): Pending<W>[] {
    const batch: Pending<W>[] = [];
    const keys = new Set<string>();
    const rest: Pending<W>[] = [];
    for (const pending of this.queue) {
      if (batch.length < this.options.maxBatch && !keys.has(pending.write.key)) {
        keys.add(pending.write.key);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return batch;
  }

  private async run(batch: Pending<W>[]): Promise<void> {
    if (batch.length === 1) return this.runAlone(batch[0]!);
    let results: boolean[];
    try {
      results = await this.options.together(batch.map((p) => p.write));
    } catch (error) {
      if (error instanceof CommitOutcomeUnknown) {
        for (const pending of batch) pending.reject(error.cause);
        return;
      }
      this.stats.retriedAlone += batch.length;
      await Promise.all(batch.map((pending) => this.runAlone(pending)));
      return;
    }
    this.stats.batches++;
    this.stats.batchedWrites += batch.length;
    for (const [i, pending] of batch.entries()) pending.resolve(results[i] ?? false);
  }

  private async runAlone(pending: Pending<W>): Promise<void> {
    try {
      pending.resolve(await this.options.alone(pending.write));
    } catch (error) {
      pending.reject(error);
    }
  }
}
