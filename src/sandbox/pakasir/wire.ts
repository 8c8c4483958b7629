// Serializes emulated transactions into Pakasir's JSON shapes.
import { isVaMethod } from '../../infra/pakasir/methods.ts';
import { formatUtcNanos, formatWib } from './format.ts';
import type { EmulatedTransaction } from './types.ts';

/** v2 create/status/cancel: one flat object. */
export function v2TransactionJson(txn: EmulatedTransaction, isSandbox: boolean): Record<string, unknown> {
  return {
    txn_id: txn.txnId,
    project: txn.project,
    order_id: txn.orderId,
    amount: txn.amount,
    fee: txn.fee,
    total_payment: txn.totalPayment,
    payment_method: txn.method,
    ...paymentField(txn),
    expired_at: formatWib(txn.expiresAt.getTime()),
    completed_at: txn.completedAt === null ? null : formatWib(txn.completedAt.getTime()),
    is_sandbox: isSandbox,
    status: txn.status,
  };
}

function paymentField(txn: EmulatedTransaction): Record<string, string> {
  if (txn.method === 'payment_link') return { payment_link: txn.paymentLink };
  if (isVaMethod(txn.method)) return { va_number: txn.paymentNumber ?? '' };
  return { qr_string: txn.paymentNumber ?? '' };
}

/** v1 create: `{ payment: {...} }`. */
export function v1PaymentJson(txn: EmulatedTransaction): Record<string, unknown> {
  return {
    payment: {
      project: txn.project,
      order_id: txn.orderId,
      amount: txn.amount,
      fee: txn.fee,
      total_payment: txn.totalPayment,
      payment_method: txn.method,
      payment_number: txn.paymentNumber ?? '',
      expired_at: formatWib(txn.expiresAt.getTime()),
    },
  };
}

/** v1 detail: `{ transaction: {...} }`, completed_at null until paid. */
export function v1TransactionJson(txn: EmulatedTransaction): Record<string, unknown> {
  return {
    transaction: {
      amount: txn.amount,
      order_id: txn.orderId,
      project: txn.project,
      status: txn.status,
      payment_method: txn.method,
      completed_at: txn.completedAt === null ? null : formatUtcNanos(txn.completedAt.getTime()),
    },
  };
}

export interface WebhookOverrides {
  amount?: number;
  project?: string;
  isSandbox?: boolean;
}

/** v2 webhook body; `status` is always completed because only payments are announced. */
export function v2WebhookJson(
  txn: EmulatedTransaction,
  isSandbox: boolean,
  completedAtMs: number,
  overrides: WebhookOverrides,
): Record<string, unknown> {
  return {
    txn_id: txn.txnId,
    order_id: txn.orderId,
    amount: overrides.amount ?? txn.amount,
    status: 'completed',
    is_sandbox: overrides.isSandbox ?? isSandbox,
    project: overrides.project ?? txn.project,
    payment_method: txn.method,
    completed_at: formatWib(completedAtMs),
  };
}

/** v1 webhook body, as captured from the sandbox; production omits is_sandbox. */
export function v1WebhookJson(
  txn: EmulatedTransaction,
  isSandbox: boolean,
  completedAtMs: number,
  overrides: WebhookOverrides,
): Record<string, unknown> {
  const sandbox = overrides.isSandbox ?? isSandbox;
  return {
    amount: overrides.amount ?? txn.amount,
    order_id: txn.orderId,
    project: overrides.project ?? txn.project,
    status: 'completed',
    payment_method: txn.method,
    completed_at: formatUtcNanos(completedAtMs),
    ...(sandbox ? { is_sandbox: true } : {}),
  };
}
