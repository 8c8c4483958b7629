import type { Config } from '../infra/config.ts';
import type { PakasirClient, PakasirTransactionStatus } from '../infra/pakasir/index.ts';
import type { VerifiedPayment } from '../machines/order.ts';
import { statusGateFor } from './status-gate.ts';

/** What we stored when the invoice was created: the only amounts we trust. */
export interface ExpectedPayment {
  txnId: string;
  orderId: string;
  amount: number;
  fee: number;
  totalPayment: number;
}

export type Verdict =
  | { ok: true; payment: VerifiedPayment }
  | {
      ok: false;
      reason: 'not_completed' | 'order_mismatch' | 'amount_mismatch' | 'project_mismatch' | 'sandbox';
      detail: string;
    };

/**
 * Never trust a webhook body: ask the gateway and require status completed, the same
 * order id, the amount we stored (base amount, not amount + fee), our project, and a
 * live transaction unless sandbox payments are allowed. The answer comes from a query
 * sent at or after `since` (when the webhook arrived), shared with concurrent askers.
 */
export async function verifyWithGateway(
  deps: { pakasir: PakasirClient; config: Config },
  expected: ExpectedPayment,
  since: number = Date.now(),
): Promise<Verdict> {
  const gate = statusGateFor(deps.pakasir, deps.config.PAKASIR_STATUS_INTERVAL_MS);
  const status = await gate.statusSince(
    { txnId: expected.txnId, orderId: expected.orderId, amount: expected.amount },
    since,
  );
  return judge(deps.config, expected, status);
}

export function judge(config: Config, expected: ExpectedPayment, status: PakasirTransactionStatus): Verdict {
  if (status.status !== 'completed') return { ok: false, reason: 'not_completed', detail: status.status };
  if (status.orderId !== expected.orderId)
    return { ok: false, reason: 'order_mismatch', detail: status.orderId };
  if (status.amount !== expected.amount) {
    return { ok: false, reason: 'amount_mismatch', detail: `${status.amount} != ${expected.amount}` };
  }
  if (status.project !== null && status.project !== config.PAKASIR_PROJECT_SLUG) {
    return { ok: false, reason: 'project_mismatch', detail: status.project };
  }
  if (status.isSandbox === true && !config.PAKASIR_SANDBOX)
    return { ok: false, reason: 'sandbox', detail: 'is_sandbox' };
  return {
    ok: true,
    payment: {
      txnId: expected.txnId,
      amount: expected.amount,
      fee: expected.fee,
      totalPayment: expected.totalPayment,
      method: status.paymentMethod ?? 'qris',
      completedAt: (status.completedAt ?? new Date()).toISOString(),
    },
  };
}
