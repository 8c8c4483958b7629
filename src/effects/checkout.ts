import type { EffectHandlers } from '../actors/effect.ts';
import { defineEffect } from '../actors/types.ts';
import type { checkoutMachine } from '../machines/checkout.ts';
import type { Lang, OrderLine, PaymentMethod } from '../machines/order.ts';
import type { EffectDeps } from './deps.ts';

/** The checkout machine hands a cart over to a new order actor (idempotent by order id). */
export function checkoutEffects(deps: EffectDeps): EffectHandlers<typeof checkoutMachine> {
  const placeOrder = defineEffect(
    async (p: {
      orderId: string;
      userId: number;
      lang: Lang;
      method: PaymentMethod;
      lines: OrderLine[];
      voucherCode: string | null;
    }) => {
      const { orderId, ...input } = p;
      await deps.runtime().send('order', orderId, null, { input });
      return undefined;
    },
  );
  return { placeOrder };
}
