import type { AnyMachineSnapshot } from 'xstate';

export interface CachedActor {
  revision: number;
  state: string;
  snapshot: AnyMachineSnapshot;
}

export interface SnapshotCacheLimits {
  /** Actors kept at most. Default 10,000. */
  maxEntries?: number;
  /** Their snapshots' stored (JSON) size in all at most. Default 32 MiB. */
  maxBytes?: number;
}

interface Entry extends CachedActor {
  bytes: number;
}

/**
 * The last snapshot this process committed for each recently used actor, so the next
 * event can skip reading it. Never trusted blindly: the write still requires the
 * revision to be unchanged in the database, and a miss falls back to a read.
 *
 * Bounded twice, least recently used out first: by entries, and by bytes (the snapshot's
 * stored JSON size, a fair measure of what its objects hold), so a few huge contexts
 * cannot grow the process any more than many small ones. A snapshot bigger than an
 * eighth of the budget is not kept at all.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private totalBytes = 0;

  constructor(limits: SnapshotCacheLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 10_000;
    this.maxBytes = limits.maxBytes ?? 32 * 1024 * 1024;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(kind: string, id: string): CachedActor | undefined {
    const key = `${kind}/${id}`;
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** `bytes`: the snapshot's stored size (its JSON length). */
  set(kind: string, id: string, actor: CachedActor, bytes: number): void {
    this.delete(kind, id);
    if (bytes > this.maxBytes / 8) return;
    const { revision, state, snapshot } = actor;
    this.entries.set(`${kind}/${id}`, { revision, state, snapshot, bytes });
    this.totalBytes += bytes;
    while (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  delete(kind: string, id: string): void {
    this.remove(`${kind}/${id}`);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}
