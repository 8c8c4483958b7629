import { ordersId } from './id/orders.ts';

/** Indonesian texts (the default). HTML parse mode: escape every user-provided value. */
export const id = {
  orders: ordersId,
};
