import type { InvoiceRef, PakasirClient, PakasirTransactionStatus } from '../infra/pakasir/index.ts';

/**
 * Single-flight status queries per transaction. A webhook or sweep asks for an answer
 * from a query sent after it arrived: an older answer might predate the payment (the
 * genuine webhook right after payment must not be refused with a stale "pending").
 * Askers waiting at the same time share one query; the next query waits until the
 * gateway's window since the last answer has passed (Pakasir allows one status poll
 * per 4 s per transaction), so any number of forgeries costs at most one query per
 * transaction per window. A "completed" answer is final and kept.
 */
export class StatusGate {
  private readonly entries = new Map<string, Entry>();
  private readonly pakasir: PakasirClient;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(pakasir: PakasirClient, options: { intervalMs: number; now?: () => number }) {
    this.pakasir = pakasir;
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
  }

  /** The transaction's status from a query sent at or after `since` (or a kept "completed"). */
  statusSince(ref: InvoiceRef, since: number): Promise<PakasirTransactionStatus> {
    this.prune();
    const entry = this.entryFor(ref);
    entry.touchedAt = this.now();
    if (entry.completed) return Promise.resolve(entry.completed);
    const inflight = entry.inflight;
    if (inflight && inflight.sentAt >= since) return inflight.promise;
    const next = entry.next ?? this.schedule(entry, ref);
    if (!inflight) return next;
    // The query in flight was sent too early to refuse with, but a "completed" from it is good.
    return inflight.promise.then(
      (status) => (status.status === 'completed' ? status : next),
      () => next,
    );
  }

  /** Transactions tracked (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private schedule(entry: Entry, ref: InvoiceRef): Promise<PakasirTransactionStatus> {
    const promise = this.sendWhenAllowed(entry, ref);
    entry.next = promise;
    // Every asker awaits it; this only keeps an unobserved failure from being reported as unhandled.
    promise.catch(() => undefined);
    return promise;
  }

  private async sendWhenAllowed(entry: Entry, ref: InvoiceRef): Promise<PakasirTransactionStatus> {
    await entry.inflight?.promise.catch(() => undefined);
    const wait = entry.quietUntil - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    entry.next = null;
    if (entry.completed) return entry.completed;
    const sentAt = this.now();
    const promise = this.pakasir.getStatus(ref);
    entry.inflight = { sentAt, promise };
    try {
      const status = await promise;
      if (status.status === 'completed') entry.completed = status;
      return status;
    } finally {
      // Counted from the answer: the gateway's window starts when it received the query.
      entry.quietUntil = this.now() + this.intervalMs;
      entry.inflight = null;
    }
  }

  private entryFor(ref: InvoiceRef): Entry {
    const key = `${ref.txnId}\u0000${ref.orderId}\u0000${ref.amount}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { inflight: null, next: null, completed: null, quietUntil: 0, touchedAt: this.now() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Forgets idle transactions: pending ones after their window, completed ones after an hour. */
  private prune(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    for (const [key, entry] of this.entries) {
      if (entry.inflight || entry.next) continue;
      const keepFor = entry.completed ? KEEP_COMPLETED_MS : Math.max(this.intervalMs, PRUNE_EVERY_MS);
      if (now - entry.touchedAt > keepFor && now >= entry.quietUntil) this.entries.delete(key);
    }
  }
}

interface Entry {
  inflight: { sentAt: number; promise: Promise<PakasirTransactionStatus> } | null;
  /** Scheduled, not sent yet: every asker until it is sent shares it. */
  next: Promise<PakasirTransactionStatus> | null;
  completed: PakasirTransactionStatus | null;
  /** No query before this time (the gateway's window since the last answer). */
  quietUntil: number;
  touchedAt: number;
}

const PRUNE_EVERY_MS = 10_000;
const KEEP_COMPLETED_MS = 60 * 60_000;

const gates = new WeakMap<PakasirClient, StatusGate>();

/** The one gate of a gateway client, shared by the webhook and reconciliation. */
export function statusGateFor(pakasir: PakasirClient, intervalMs: number): StatusGate {
  let gate = gates.get(pakasir);
  if (!gate) {
    gate = new StatusGate(pakasir, { intervalMs });
    gates.set(pakasir, gate);
  }
  return gate;
}
