import { sql } from 'kysely';
import type { ActorRuntime } from '../actors/runtime.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import type { PakasirClient } from '../infra/pakasir/index.ts';
import { deliverVerifiedPayment } from './confirm.ts';
import { findPaymentTarget } from './targets.ts';
import { verifyWithGateway } from './verify.ts';

export interface ReconcileDeps {
  db: Db;
  runtime: ActorRuntime;
  pakasir: PakasirClient;
  config: Config;
  logger: Logger;
  /** Told after each sweep (owner alerts: paid invoices found while webhooks are silent). */
  onSweep?: (result: { checked: number; confirmed: number }) => void;
}

/** Late payments (their webhook lost too) are looked for this long after an invoice closed. */
const LATE_WINDOW = '1 hour';

/**
 * Asks the gateway about every open invoice (and recently closed ones), so a lost
 * webhook still completes its order. One sweep at a time across processes; each
 * transaction is queried at most once a sweep, within the gateway's rate limit.
 */
export async function reconcileOnce(deps: ReconcileDeps): Promise<{ checked: number; confirmed: number }> {
  return deps.db.connection().execute(async (conn) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`SELECT pg_try_advisory_lock(hashtext('payments-reconcile')) AS locked`.execute(conn);
    if (!rows[0]?.locked) return { checked: 0, confirmed: 0 };
    try {
      return await sweep(deps);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('payments-reconcile'))`.execute(conn);
    }
  });
}

async function sweep(deps: ReconcileDeps): Promise<{ checked: number; confirmed: number }> {
  const { rows } = await sql<{ ref_id: string }>`
    SELECT p.ref_id FROM payments p
    LEFT JOIN orders o ON p.purpose = 'order' AND o.id = p.ref_id
    LEFT JOIN deposits d ON p.purpose = 'deposit' AND d.id = p.ref_id
    WHERE p.gateway = 'pakasir' AND p.status <> 'completed'
      AND (o.status = 'awaiting_payment' OR d.status = 'awaiting_payment'
           OR coalesce(o.expires_at, d.expires_at) > now() - ${LATE_WINDOW}::interval)
    ORDER BY p.id`.execute(deps.db);
  let confirmed = 0;
  for (const { ref_id } of rows) {
    try {
      if (await reconcileOne(deps, ref_id)) confirmed++;
    } catch (error) {
      deps.logger.warn({ err: error, orderId: ref_id }, 'reconciliation could not check a payment');
    }
  }
  return { checked: rows.length, confirmed };
}

async function reconcileOne(deps: ReconcileDeps, orderId: string): Promise<boolean> {
  const target = await findPaymentTarget(deps.db, orderId);
  if (!target || target.alreadyCompleted) return false;
  const verdict = await verifyWithGateway(deps, target.expected);
  if (!verdict.ok) {
    if (verdict.reason !== 'not_completed')
      deps.logger.warn({ orderId, ...verdict }, 'reconciliation: payment rejected');
    return false;
  }
  const result = await deliverVerifiedPayment(deps.runtime, target, verdict.payment);
  deps.logger.info({ orderId, status: result.status }, 'reconciliation confirmed a payment');
  return result.status === 'applied';
}

/** Runs a sweep every RECONCILE_INTERVAL_SECONDS until stopped. */
export function startReconciler(deps: ReconcileDeps): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      reconcileOnce(deps)
        .then((result) => deps.onSweep?.(result))
        .catch((error) => deps.logger.error({ err: error }, 'reconciliation sweep failed')),
    );
  }, deps.config.RECONCILE_INTERVAL_SECONDS * 1000);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
