import type { EffectDefinition } from '../actors/types.ts';
import type { Lang, OrderLine, PaymentMethod } from '../machines/order.ts';
import type { EffectDeps } from './deps.ts';

/** The checkout machine hands a cart over to a new order actor (idempotent by order id). */
export function checkoutEffects(deps: EffectDeps): Record<string, EffectDefinition<never>> {
  const placeOrder: EffectDefinition<{
    orderId: string;
    userId: number;
    lang: Lang;
    method: PaymentMethod;
    lines: OrderLine[];
    voucherCode: string | null;
  }> = {
    run: async (p) => {
      const { orderId, ...input } = p;
      await deps.runtime().send('order', orderId, null, { input });
      return undefined;
    },
  };
  return { placeOrder } as Record<string, EffectDefinition<never>>;
}
