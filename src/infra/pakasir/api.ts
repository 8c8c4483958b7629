// The contract both API versions implement behind the client.
import type {
  CreateInvoiceInput,
  InvoiceRef,
  PakasirApiVersion,
  PakasirInvoice,
  PakasirTransactionStatus,
} from './types.ts';

export interface PakasirApi {
  readonly version: PakasirApiVersion;
  createInvoice(input: Required<CreateInvoiceInput>): Promise<PakasirInvoice>;
  getStatus(ref: InvoiceRef): Promise<PakasirTransactionStatus>;
  cancelInvoice(ref: InvoiceRef): Promise<void>;
}

export interface ApiTarget {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  slug: string;
  apiKey: string;
}
