// Pakasir API v2: path-addressed calls authenticated by the X-Api-Key header.
import type { ApiTarget, PakasirApi } from './api.ts';
import { PakasirError } from './errors.ts';
import type { HttpSettings } from './http.ts';
import { requestJson } from './http.ts';
import { assertSameInvoice, parseResponse } from './parse.ts';
import type { V2Transaction } from './schemas.ts';
import { v2TransactionSchema } from './schemas.ts';
import type { InvoiceRef, PakasirInvoice, PakasirTransactionStatus } from './types.ts';

export function createV2Api(http: HttpSettings, target: ApiTarget): PakasirApi {
  const slug = encodeURIComponent(target.slug);
  return {
    version: 'v2',
    async createInvoice(input, call = {}) {
      const label = 'pakasir v2 create';
      const body = await requestJson(http, {
        method: 'POST',
        path: `api/v2/create-transaction/${slug}/${encodeURIComponent(input.orderId)}`,
        body: { method: input.method, amount: input.amount },
        label,
        signal: call.signal,
      });
      const txn = parseResponse(v2TransactionSchema, body, label);
      assertSameInvoice(label, input, { orderId: txn.order_id, amount: txn.amount }, body);
      return toInvoice(target, txn, body, label);
    },
    async getStatus(ref, call = {}) {
      const label = 'pakasir v2 status';
      const body = await requestJson(http, {
        method: 'GET',
        path: `api/v2/transaction-status/${slug}/${encodeURIComponent(requireTxnId(ref))}`,
        label,
        signal: call.signal,
      });
      return toStatus(parseResponse(v2TransactionSchema, body, label), body);
    },
    async cancelInvoice(ref, call = {}) {
      const label = 'pakasir v2 cancel';
      const body = await requestJson(http, {
        method: 'POST',
        path: `api/v2/cancel-transaction/${slug}/${encodeURIComponent(requireTxnId(ref))}`,
        body: {},
        label,
        signal: call.signal,
      });
      const txn = parseResponse(v2TransactionSchema, body, label);
      if (txn.status !== 'canceled' && txn.status !== 'expired') {
        throw new PakasirError({
          kind: 'invalid_response',
          message: `${label}: status is ${txn.status}`,
          body,
        });
      }
    },
  };
}

function requireTxnId(ref: InvoiceRef): string {
  if (ref.txnId.trim() !== '') return ref.txnId;
  throw new PakasirError({ kind: 'invalid_request', message: 'pakasir v2 needs the txn_id of the invoice' });
}

function toInvoice(target: ApiTarget, txn: V2Transaction, raw: unknown, label: string): PakasirInvoice {
  const fee = txn.fee ?? (txn.total_payment === undefined ? undefined : txn.total_payment - txn.amount);
  if (fee === undefined || txn.expired_at === undefined) {
    throw new PakasirError({
      kind: 'invalid_response',
      message: `${label}: fee or expired_at missing`,
      body: raw,
    });
  }
  return {
    txnId: txn.txn_id,
    orderId: txn.order_id,
    amount: txn.amount,
    fee,
    totalPayment: txn.total_payment ?? txn.amount + fee,
    method: txn.payment_method ?? 'qris',
    paymentNumber: txn.qr_string || txn.va_number || txn.payment_number || null,
    paymentUrl: txn.payment_link || `${target.baseUrl}/pay-v2/${encodeURIComponent(txn.txn_id)}`,
    expiresAt: txn.expired_at,
    isSandbox: txn.is_sandbox ?? null,
    status: txn.status,
    raw,
  };
}

function toStatus(txn: V2Transaction, raw: unknown): PakasirTransactionStatus {
  return {
    status: txn.status,
    txnId: txn.txn_id,
    orderId: txn.order_id,
    amount: txn.amount,
    project: txn.project ?? null,
    paymentMethod: txn.payment_method ?? null,
    isSandbox: txn.is_sandbox ?? null,
    completedAt: txn.completed_at,
    raw,
  };
}
