// Public surface of the Pakasir integration.
export type { PakasirClient, PakasirClientOptions } from './client.ts';
export { createPakasirClient, GATEWAY_FAILURE_FIELD } from './client.ts';
export type { PakasirErrorKind } from './errors.ts';
export { isPakasirError, PakasirError } from './errors.ts';
export { estimatePakasirFee, estimateQrisFee } from './fees.ts';
export type { PakasirMethod } from './methods.ts';
export { isAmountAllowed, PAKASIR_METHODS } from './methods.ts';
export { parsePakasirTime } from './time.ts';
export type {
  CreateInvoiceInput,
  InvoiceRef,
  PakasirApiVersion,
  PakasirInvoice,
  PakasirLogger,
  PakasirStatus,
  PakasirTransactionStatus,
} from './types.ts';
export type { PakasirWebhook, WebhookParseResult } from './webhook.ts';
export { parsePakasirWebhook, verifyWebhookSecret } from './webhook.ts';
