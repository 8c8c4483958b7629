import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Projection } from '../actors/types.ts';
import type { OrderStatus } from '../infra/database.ts';
import type { depositMachine } from '../machines/deposit.ts';
import type { orderMachine } from '../machines/order.ts';
import type { DepositStatus } from '../shop/deposits.ts';
import { type ProjectedTable, type StatusChange, setStatuses } from '../shop/statuses.ts';

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
 * A table's `status` column following an actor: the row's status is written in the
 * transaction of each event that changes it, so it is never behind or ahead of the actor.
 */
export function statusProjection<M extends AnyStateMachine>(
  table: ProjectedTable,
  idOf: (snapshot: SnapshotFrom<M>) => string,
  statusOf: (snapshot: SnapshotFrom<M>) => string | undefined,
): Projection<M, StatusChange> {
  return {
    change: (snapshot, previous) => {
      const status = statusOf(snapshot);
      if (!status || status === (previous && statusOf(previous))) return undefined;
      return { id: idOf(snapshot), status };
    },
    write: (tx, changes) => setStatuses(tx, table, changes),
  };
}

/** `orders.status` follows the order actor. The row is created by reserveStock (as `reserving`); before that the update finds nothing. */
export const orderProjection = statusProjection<typeof orderMachine>(
  'orders',
  (snapshot) => snapshot.context.orderId,
  orderStatusOf,
);

/** `deposits.status` follows the deposit actor the same way. */
export const depositProjection = statusProjection<typeof depositMachine>(
  'deposits',
  (snapshot) => snapshot.context.depositId,
  depositStatusOf,
);
