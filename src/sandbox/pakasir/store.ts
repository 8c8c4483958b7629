// Transactions with Pakasir's find-or-create semantics: one order_id is one
// transaction; asking again with the same body returns it, a different body is a
// conflict. In memory, and also in a JSON file when one is given (the sandbox keeps
// its invoices across restarts, as the real gateway does).
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { estimatePakasirFee } from '../../infra/pakasir/fees.ts';
import type { PakasirMethod } from '../../infra/pakasir/methods.ts';
import { isAmountAllowed, isVaMethod } from '../../infra/pakasir/methods.ts';
import type { EmulatorClock } from './clock.ts';
import { buildQrisString } from './qris.ts';
import type { ApiVersion, EmulatedStatus, EmulatedTransaction } from './types.ts';

type StoredState = 'pending' | 'completed' | 'canceled';

interface TransactionRecord {
  txnId: string;
  project: string;
  orderId: string;
  amount: number;
  fee: number;
  totalPayment: number;
  method: PakasirMethod;
  paymentNumber: string | null;
  api: ApiVersion;
  createdAt: number;
  expiresAt: number;
  state: StoredState;
  completedAt: number | null;
}

export interface StoreSettings {
  slug: string;
  clock: EmulatorClock;
  lifetimeMs: number;
  merchantName: string;
  /** Read lazily: the port is only known once the server listens. */
  publicBaseUrl: () => string;
  /** Keeps the transactions in this JSON file across runs; absent: memory only. */
  file?: string;
}

export interface CreateRequest {
  api: ApiVersion;
  orderId: string;
  amount: number;
  method: PakasirMethod;
}

export type StoreResult =
  | { ok: true; transaction: EmulatedTransaction; created: boolean }
  | { ok: false; status: number; error: string; message: string };

export class TransactionStore {
  readonly #settings: StoreSettings;
  readonly #byOrderId = new Map<string, TransactionRecord>();
  readonly #byTxnId = new Map<string, TransactionRecord>();

  constructor(settings: StoreSettings) {
    this.#settings = settings;
    for (const record of settings.file ? readRecords(settings.file) : []) this.#index(record);
  }

  findOrCreate(request: CreateRequest): StoreResult {
    if (!isAmountAllowed(request.method, request.amount)) {
      return failure(
        400,
        'invalid_amount',
        `amount ${request.amount} is outside the limits for ${request.method}`,
      );
    }
    const existing = this.#byOrderId.get(request.orderId);
    if (existing) {
      if (existing.amount !== request.amount || existing.method !== request.method) {
        return failure(
          409,
          'order_id_conflict',
          `order_id ${request.orderId} exists with another amount or method`,
        );
      }
      return { ok: true, transaction: this.#view(existing), created: false };
    }
    const record = this.#newRecord(request);
    this.#index(record);
    this.#save();
    return { ok: true, transaction: this.#view(record), created: true };
  }

  /** Finds by txn_id first, then by order_id. */
  find(ref: string): EmulatedTransaction | undefined {
    const record = this.#record(ref);
    return record ? this.#view(record) : undefined;
  }

  list(): EmulatedTransaction[] {
    return [...this.#byTxnId.values()].map((record) => this.#view(record));
  }

  complete(ref: string): StoreResult {
    const record = this.#record(ref);
    if (!record) return failure(404, 'not_found', `transaction ${ref} not found`);
    if (record.state === 'canceled') return failure(409, 'canceled', 'transaction is canceled');
    if (record.state === 'pending') {
      record.state = 'completed';
      record.completedAt = this.#settings.clock.now();
      this.#save();
    }
    return { ok: true, transaction: this.#view(record), created: false };
  }

  cancel(ref: string): StoreResult {
    const record = this.#record(ref);
    if (!record) return failure(404, 'not_found', `transaction ${ref} not found`);
    if (record.state === 'completed')
      return failure(409, 'completed', 'a completed transaction cannot be canceled');
    record.state = 'canceled';
    this.#save();
    return { ok: true, transaction: this.#view(record), created: false };
  }

  /** Puts the expiry just behind the clock unless it has already passed. */
  expire(ref: string): EmulatedTransaction | undefined {
    const record = this.#record(ref);
    if (!record) return undefined;
    const now = this.#settings.clock.now();
    if (record.expiresAt > now) {
      record.expiresAt = now - 1;
      this.#save();
    }
    return this.#view(record);
  }

  #index(record: TransactionRecord): void {
    this.#byOrderId.set(record.orderId, record);
    this.#byTxnId.set(record.txnId, record);
  }

  /** The whole file is rewritten (a sandbox holds a handful of invoices), atomically. */
  #save(): void {
    const file = this.#settings.file;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.#byTxnId.values()], null, 1));
    renameSync(temporary, file);
  }

  #record(ref: string): TransactionRecord | undefined {
    return this.#byTxnId.get(ref) ?? this.#byOrderId.get(ref);
  }

  #newRecord(request: CreateRequest): TransactionRecord {
    const now = this.#settings.clock.now();
    const txnId = `TX${randomBytes(8).toString('hex').toUpperCase()}`;
    const fee = estimatePakasirFee(request.method, request.amount);
    const totalPayment = request.amount + fee;
    return {
      txnId,
      project: this.#settings.slug,
      orderId: request.orderId,
      amount: request.amount,
      fee,
      totalPayment,
      method: request.method,
      paymentNumber: this.#paymentNumber(request.method, totalPayment, txnId),
      api: request.api,
      createdAt: now,
      expiresAt: now + this.#settings.lifetimeMs,
      state: 'pending',
      completedAt: null,
    };
  }

  #paymentNumber(method: PakasirMethod, totalPayment: number, txnId: string): string | null {
    if (method === 'payment_link') return null;
    if (isVaMethod(method)) return `8808${String(randomInt(0, 1e12)).padStart(12, '0')}`;
    return buildQrisString({
      merchantName: this.#settings.merchantName,
      city: 'JAKARTA',
      amount: totalPayment,
      reference: txnId,
    });
  }

  #view(record: TransactionRecord): EmulatedTransaction {
    return {
      txnId: record.txnId,
      project: record.project,
      orderId: record.orderId,
      amount: record.amount,
      fee: record.fee,
      totalPayment: record.totalPayment,
      method: record.method,
      paymentNumber: record.paymentNumber,
      paymentLink: `${this.#settings.publicBaseUrl()}/pay-v2/${record.txnId}`,
      api: record.api,
      createdAt: new Date(record.createdAt),
      expiresAt: new Date(record.expiresAt),
      status: this.#effectiveStatus(record),
      completedAt: record.completedAt === null ? null : new Date(record.completedAt),
    };
  }

  #effectiveStatus(record: TransactionRecord): EmulatedStatus {
    if (record.state === 'pending' && this.#settings.clock.now() >= record.expiresAt) return 'expired';
    return record.state;
  }
}

function readRecords(file: string): TransactionRecord[] {
  if (!existsSync(file)) return [];
  try {
    const records: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(records)) throw new Error('not a list of transactions');
    return records as TransactionRecord[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot read the Pakasir emulator's transactions in ${file} (${reason}); move it away to start over`,
    );
  }
}

function failure(status: number, error: string, message: string): StoreResult {
  return { ok: false, status, error, message };
}
