import type { SnapshotFrom } from 'xstate';
import type { Projection } from '../actors/types.ts';
import type { OrderStatus } from '../infra/database.ts';
import type { depositMachine } from '../machines/deposit.ts';
import type { orderMachine } from '../machines/order.ts';
import { type DepositStatus, setDepositStatus } from '../shop/deposits.ts';
import { setOrderStatus } from '../shop/orders.ts';

/**
 * The row's status for each machine state; undefined leaves it as it is (a late payment
 * credited after a release keeps the release's status).
 */
function orderStatusOf(snapshot: SnapshotFrom<typeof orderMachine>): OrderStatus | undefined {
  const state = snapshot.value;
  switch (state) {
    case 'reserving':
    case 'invoicing':
    case 'payingWithBalance':
      return 'reserving';
    case 'awaitingPayment':
      return 'awaiting_payment';
    case 'paid':
      return 'paid';
    // A retry after a failed delivery is still undelivered until it succeeds.
    case 'delivering':
      return snapshot.context.deliveryAttempts > 1 ? 'undelivered' : 'paid';
    case 'undelivered':
      return 'undelivered';
    case 'completed':
      return 'delivered';
    case 'expired':
    case 'cancelled':
    case 'failed':
    case 'refused':
    case 'refunded':
      return state;
    default:
      return undefined;
  }
}

function depositStatusOf(snapshot: SnapshotFrom<typeof depositMachine>): DepositStatus | undefined {
  const state = snapshot.value;
  switch (state) {
    case 'invoicing':
      return 'creating';
    case 'awaitingPayment':
      return 'awaiting_payment';
    case 'paid':
    case 'creditedWhileClosing':
    case 'paidLate':
      return 'paid';
    case 'expired':
    case 'cancelled':
    case 'failed':
      return state;
    default:
      return undefined;
  }
}

/**
 * `orders.status` follows the order actor: written in the transaction of the event that
 * changed it, so it is never behind or ahead of the actor. The row is created by
 * reserveStock (as `reserving`); before that there is nothing to update.
 */
export const orderProjection: Projection<typeof orderMachine> = async (tx, snapshot, previous) => {
  const status = orderStatusOf(snapshot);
  if (status && status !== (previous && orderStatusOf(previous)))
    await setOrderStatus(tx, snapshot.context.orderId, status);
};

/** `deposits.status` follows the deposit actor the same way. */
export const depositProjection: Projection<typeof depositMachine> = async (tx, snapshot, previous) => {
  const status = depositStatusOf(snapshot);
  if (status && status !== (previous && depositStatusOf(previous)))
    await setDepositStatus(tx, snapshot.context.depositId, status);
};
