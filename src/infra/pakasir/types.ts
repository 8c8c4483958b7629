// Normalized shapes the rest of the project sees, whatever API version spoke.
import type { PakasirMethod } from './methods.ts';

export type PakasirStatus = 'pending' | 'completed' | 'canceled' | 'expired';
export type PakasirApiVersion = 'v1' | 'v2';

export interface PakasirInvoice {
  /** Gateway transaction id; v1 has none, so it is the order id there. */
  txnId: string;
  orderId: string;
  /** Base amount, without the fee. */
  amount: number;
  fee: number;
  /** What the buyer pays: amount + fee. */
  totalPayment: number;
  method: string;
  /** EMV QRIS string or VA number; null for payment links. */
  paymentNumber: string | null;
  /** Hosted payment page. */
  paymentUrl: string;
  expiresAt: Date;
  /** Null when the API version does not say (v1 create). */
  isSandbox: boolean | null;
  status: PakasirStatus;
  raw: unknown;
}

export interface PakasirTransactionStatus {
  status: PakasirStatus;
  txnId: string | null;
  orderId: string;
  amount: number;
  project: string | null;
  paymentMethod: string | null;
  /** Null when the API version does not say (v1 detail). */
  isSandbox: boolean | null;
  completedAt: Date | null;
  raw: unknown;
}

export interface CreateInvoiceInput {
  orderId: string;
  /** Base amount in whole rupiah. */
  amount: number;
  method?: PakasirMethod;
}

/** Identifies an invoice for both versions: v2 uses txnId, v1 the (orderId, amount) pair. */
export interface InvoiceRef {
  txnId: string;
  orderId: string;
  amount: number;
}

/** Subset of pino's logger the client uses; a pino logger fits as is. */
export interface PakasirLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
