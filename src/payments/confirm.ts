import type { ActorRuntime } from '../actors/runtime.ts';
import type { VerifiedPayment } from '../machines/order.ts';
import type { PaymentTarget } from './targets.ts';

/** Hands a verified payment to its actor; the transaction id makes a repeat a no-op. */
export function deliverVerifiedPayment(
  runtime: ActorRuntime,
  target: PaymentTarget,
  payment: VerifiedPayment,
) {
  return runtime.send(
    target.kind,
    target.id,
    { type: 'PAYMENT_VERIFIED', ...payment },
    {
      dedupeKey: `payment:${payment.txnId}`,
    },
  );
}
