import type pg from 'pg';

/** One of the connections single statements share, with the statements it has in flight. */
type Slot = { client: pg.PoolClient; load: number };

/**
 * Statements that need a connection of their own for the rest of the borrow: a transaction,
 * and a session-level advisory lock (held until its unlock on the same backend; on a shared
 * connection every other borrower would hold it too).
 */
const NEEDS_OWN_CONNECTION = /^\s*(begin|start\s+transaction)\b|pg_(try_)?advisory_lock(_shared)?\s*\(/i;

/**
 * A pool whose single statements share a few pipelined connections, while transactions
 * keep a connection of their own. Under a burst (200 payments at once) most statements are
 * single reads and writes from many callers at once; on a shared pipelining connection they
 * queue on one socket and one backend instead of each waking a backend of its own, which
 * halved the database's CPU time in that burst.
 *
 * Kysely borrows a lazy client, and its first statement decides: `BEGIN` (or a session
 * lock) takes a connection from the pool for the whole borrow; anything else runs on the
 * shared connection with the fewest statements in flight, and the rest of the borrow stays
 * on that connection. A long statement there delays the ones queued behind it: new ones go
 * to a less busy connection.
 */
export class SharedStatementPool {
  readonly pool: pg.Pool;
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private opening: Promise<void> | undefined;
  private ending = false;

  constructor(pool: pg.Pool, size: number) {
    this.pool = pool;
    this.size = size;
  }

  get options() {
    return this.pool.options;
  }

  async connect(): Promise<LazyClient> {
    return new LazyClient(this);
  }

  /** The pool's end waits for every connection to be given back: one still opening included. */
  async end(): Promise<void> {
    this.ending = true;
    await this.opening?.catch(() => {});
    for (const slot of this.slots.splice(0)) slot.client.release();
    await this.pool.end();
  }

  /** The shared connection with the fewest statements in flight (opening more up to the size). */
  async pick(): Promise<Slot> {
    if (this.slots.length < this.size) {
      this.opening ??= this.open().finally(() => {
        this.opening = undefined;
      });
      if (this.slots.length === 0) await this.opening;
      // Opened later or not at all: the open ones serve meanwhile.
      else this.opening.catch(() => {});
    }
    let best = this.slots[0];
    if (!best) throw new Error('no shared database connection could be opened');
    for (const slot of this.slots) if (slot.load < best.load) best = slot;
    return best;
  }

  private async open(): Promise<void> {
    const client = await this.pool.connect();
    if (this.ending) return client.release();
    const slot: Slot = { client, load: 0 };
    // A lost connection must not crash the process: it is dropped, and the next pick opens another.
    client.on('error', (error) => this.drop(slot, error));
    client.on('end', () => this.drop(slot, new Error('shared database connection ended')));
    this.slots.push(slot);
  }

  /** Gives a shared connection back broken (the pool closes it). */
  private drop(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.client.release(error);
  }
}

/** What Kysely borrows: bound to a connection by its first statement. */
class LazyClient {
  private readonly shared: SharedStatementPool;
  private own: pg.PoolClient | undefined;
  private slot: Slot | undefined;

  constructor(shared: SharedStatementPool) {
    this.shared = shared;
  }

  get processID(): number | undefined {
    return ((this.own ?? this.slot?.client) as { processID?: number } | undefined)?.processID;
  }

  async query(text: string, values?: readonly unknown[]): Promise<pg.QueryResult> {
    if (this.own) return this.own.query(text, values as unknown[]);
    const needsOwn = NEEDS_OWN_CONNECTION.test(text);
    if (!this.slot) {
      if (needsOwn) {
        this.own = await this.shared.pool.connect();
        return this.own.query(text, values as unknown[]);
      }
      this.slot = await this.shared.pick();
    } else if (needsOwn) {
      // Other borrowers' statements would run inside the transaction, or hold the lock.
      throw new Error('a transaction or session lock must be the first statement of a borrowed connection');
    }
    return this.onShared(this.slot, text, values);
  }

  private async onShared(slot: Slot, text: string, values?: readonly unknown[]): Promise<pg.QueryResult> {
    slot.load++;
    try {
      return await slot.client.query(text, values as unknown[]);
    } finally {
      slot.load--;
    }
  }

  release(destroy?: boolean | Error): void {
    this.own?.release(destroy);
    this.own = undefined;
    this.slot = undefined;
  }
}
