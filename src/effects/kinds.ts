import { type ActorKind, defineKind } from '../actors/types.ts';
import { checkoutMachine } from '../machines/checkout.ts';
import { conversationMachine } from '../machines/conversation.ts';
import { depositMachine } from '../machines/deposit.ts';
import { orderMachine } from '../machines/order.ts';
import { snkMachine } from '../machines/snk.ts';
import { broadcastKind } from './broadcast.ts';
import { checkoutEffects } from './checkout.ts';
import { depositEffects } from './deposit.ts';
import type { EffectDeps } from './deps.ts';
import { orderEffects } from './order.ts';
import { depositProjection, orderProjection } from './projections.ts';
import { snkDelays, snkEffects } from './snk.ts';

/**
 * Every actor kind of the shop, with its machine version, effect handlers and projection.
 * Each kind's effects run on a queue of its own (`actor-effects/<kind>`).
 */
export function shopKinds(deps: EffectDeps): ActorKind[] {
  return [
    defineKind({ kind: 'checkout', machine: checkoutMachine, version: 1, effects: checkoutEffects(deps) }),
    defineKind({
      kind: 'order',
      machine: orderMachine.provide({ delays: { deliveryRetry: deps.config.DELIVERY_RETRY_SECONDS * 1000 } }),
      version: 1,
      effects: orderEffects(deps),
      projection: orderProjection,
    }),
    defineKind({
      kind: 'deposit',
      machine: depositMachine,
      version: 1,
      effects: depositEffects(deps),
      projection: depositProjection,
    }),
    // Timers only (expiry): a prompt's answers are handled by the bot, nothing leaves the process.
    defineKind({ kind: 'conversation', machine: conversationMachine, version: 1 }),
    defineKind({
      kind: 'snk',
      machine: snkMachine.provide({ delays: snkDelays(deps.config) }),
      version: 1,
      effects: snkEffects(deps),
    }),
    broadcastKind(deps),
  ];
}
