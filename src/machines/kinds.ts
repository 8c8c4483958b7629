import type { broadcastMachine } from './broadcast.ts';
import type { checkoutMachine } from './checkout.ts';
import type { conversationMachine } from './conversation.ts';
import type { depositMachine } from './deposit.ts';
import type { orderMachine } from './order.ts';
import type { snkMachine } from './snk.ts';

/** The shop's actor kinds by name, with their machines: what types the runtime for the shop. */
export type ShopMachines = {
  checkout: typeof checkoutMachine;
  order: typeof orderMachine;
  deposit: typeof depositMachine;
  conversation: typeof conversationMachine;
  snk: typeof snkMachine;
  broadcast: typeof broadcastMachine;
};
