import type { AnyMachineSnapshot } from 'xstate';

export interface CachedActor {
  revision: number;
  state: string;
  snapshot: AnyMachineSnapshot;
}

/**
 * The last snapshot this process committed for each recently used actor, so the next
 * event can skip reading it. Never trusted blindly: the write still requires the
 * revision to be unchanged in the database, and a miss falls back to a read.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, CachedActor>();
  private readonly max: number;

  constructor(max = 10_000) {
    this.max = max;
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

  set(kind: string, id: string, entry: CachedActor): void {
    const key = `${kind}/${id}`;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(kind: string, id: string): void {
    this.entries.delete(`${kind}/${id}`);
  }
}
