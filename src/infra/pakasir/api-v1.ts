// Pakasir API v1 (legacy): the api key travels in the body or query, and a
// transaction is identified by the pair (order_id, amount).
import type { ApiTarget, PakasirApi } from './api.ts';
import { PakasirError } from './errors.ts';
import type { HttpSettings } from './http.ts';
import { requestJson } from './http.ts';
import { assertSameInvoice, parseResponse } from './parse.ts';
import { v1CreateSchema, v1DetailSchema, v1SuccessSchema } from './schemas.ts';
import type { InvoiceRef } from './types.ts';

export function createV1Api(http: HttpSettings, target: ApiTarget): PakasirApi {
  const credentials = (ref: { orderId: string; amount: number }) => ({
    project: target.slug,
    order_id: ref.orderId,
    amount: ref.amount,
    api_key: target.apiKey,
  });
  return {
    version: 'v1',
    async createInvoice(input, call = {}) {
      const label = 'pakasir v1 create';
      if (input.method === 'payment_link') {
        throw new PakasirError({
          kind: 'invalid_request',
          message: `${label}: v1 has no payment_link method`,
        });
      }
      const body = await requestJson(http, {
        method: 'POST',
        path: `api/transactioncreate/${encodeURIComponent(input.method)}`,
        body: credentials(input),
        label,
        signal: call.signal,
      });
      const { payment } = parseResponse(v1CreateSchema, body, label);
      assertSameInvoice(label, input, { orderId: payment.order_id, amount: payment.amount }, body);
      return {
        txnId: payment.order_id,
        orderId: payment.order_id,
        amount: payment.amount,
        fee: payment.fee,
        totalPayment: payment.total_payment,
        method: payment.payment_method ?? input.method,
        paymentNumber: payment.payment_number || null,
        paymentUrl: hostedPageUrl(target, input, input.method === 'qris'),
        expiresAt: payment.expired_at,
        isSandbox: null,
        status: 'pending',
        raw: body,
      };
    },
    async getStatus(ref, call = {}) {
      const label = 'pakasir v1 detail';
      const body = await requestJson(http, {
        method: 'GET',
        path: 'api/transactiondetail',
        query: {
          project: target.slug,
          amount: String(ref.amount),
          order_id: ref.orderId,
          api_key: target.apiKey,
        },
        label,
        signal: call.signal,
      });
      const { transaction } = parseResponse(v1DetailSchema, body, label);
      assertSameInvoice(label, ref, { orderId: transaction.order_id, amount: transaction.amount }, body);
      return {
        status: transaction.status,
        txnId: transaction.order_id,
        orderId: transaction.order_id,
        amount: transaction.amount,
        project: transaction.project ?? null,
        paymentMethod: transaction.payment_method ?? null,
        isSandbox: transaction.is_sandbox ?? null,
        completedAt: transaction.completed_at,
        raw: body,
      };
    },
    async cancelInvoice(ref: InvoiceRef, call = {}) {
      const label = 'pakasir v1 cancel';
      const body = await requestJson(http, {
        method: 'POST',
        path: 'api/transactioncancel',
        body: credentials(ref),
        label,
        signal: call.signal,
      });
      parseResponse(v1SuccessSchema, body, label);
    },
  };
}

/** v1 hosted payment page: `{base}/pay/{slug}/{amount}?order_id=...[&qris_only=1]`. */
export function hostedPageUrl(
  target: Pick<ApiTarget, 'baseUrl' | 'slug'>,
  ref: { orderId: string; amount: number },
  qrisOnly: boolean,
): string {
  const url = new URL(`${target.baseUrl}/pay/${encodeURIComponent(target.slug)}/${ref.amount}`);
  url.searchParams.set('order_id', ref.orderId);
  if (qrisOnly) url.searchParams.set('qris_only', '1');
  return url.toString();
}
