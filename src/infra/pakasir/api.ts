// The contract both API versions implement behind the client.
import type {
  CreateInvoiceInput,
  InvoiceRef,
  PakasirApiVersion,
  PakasirInvoice,
  PakasirTransactionStatus,
} from './types.ts';

/** Per call: a signal that stops the call and its retries (an effect passes its job's). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface PakasirApi {
  readonly version: PakasirApiVersion;
  createInvoice(input: Required<CreateInvoiceInput>, call?: CallOptions): Promise<PakasirInvoice>;
  getStatus(ref: InvoiceRef, call?: CallOptions): Promise<PakasirTransactionStatus>;
  cancelInvoice(ref: InvoiceRef, call?: CallOptions): Promise<void>;
}

export interface ApiTarget {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  slug: string;
  apiKey: string;
}
