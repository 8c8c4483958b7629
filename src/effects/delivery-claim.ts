import { setTimeout as sleep } from 'node:timers/promises';
import { claimDelivery, releaseDelivery, renewDelivery } from '../shop/deliveries.ts';
import type { EffectDeps } from './deps.ts';

/**
 * A delivery's claim lasts this long past its last renewal; a process that dies mid-send
 * leaves it to the next attempt at most this long after.
 */
export const DELIVERY_LEASE_MS = 20_000;
const RENEW_EVERY_MS = DELIVERY_LEASE_MS / 4;
/** A holder stops sending this long before its lease could have run out unrenewed. */
const SAFETY_MS = 5_000;

export interface HeldClaim {
  /** Aborted when the job's signal is, when the send deadline passes, or when the claim may be lost. */
  signal: AbortSignal;
  /** Stops renewing; `release` also gives the claim up (after a send that failed). */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * Claims an order's delivery for this attempt, waiting while another attempt holds it (at
 * most one lease). Held: renewed in the background, and its signal aborts the send before
 * the lease could end, so two attempts never send at once.
 */
export async function holdDelivery(
  deps: EffectDeps,
  orderId: string,
  owner: string,
  limits: { sendMs: number; signal: AbortSignal },
): Promise<HeldClaim | 'already_sent'> {
  for (;;) {
    const claim = await claimDelivery(deps.db, orderId, owner, DELIVERY_LEASE_MS);
    if (claim.status === 'already_sent') return claim.status;
    if (claim.status === 'claimed') return keepRenewed(deps, orderId, owner, limits);
    const untilExpiry = claim.leaseUntil.getTime() - Date.now();
    await sleep(Math.min(1_000, Math.max(50, untilExpiry)), undefined, { signal: limits.signal });
  }
}

function keepRenewed(
  deps: EffectDeps,
  orderId: string,
  owner: string,
  limits: { sendMs: number; signal: AbortSignal },
): HeldClaim {
  const mayHoldFor = DELIVERY_LEASE_MS - SAFETY_MS;
  const lost = new AbortController();
  let expiry = setTimeout(() => lost.abort(new Error('delivery claim not renewed in time')), mayHoldFor);
  const renew = async () => {
    const renewedAt = Date.now();
    const held = await renewDelivery(deps.db, orderId, owner, DELIVERY_LEASE_MS).catch((error: unknown) => {
      deps.logger.warn({ err: error, orderId }, 'could not renew a delivery claim');
      return undefined;
    });
    if (held === false) lost.abort(new Error('delivery claim taken over'));
    if (!held || lost.signal.aborted) return;
    clearTimeout(expiry);
    const left = mayHoldFor - (Date.now() - renewedAt);
    expiry = setTimeout(() => lost.abort(new Error('delivery claim not renewed in time')), left);
  };
  const interval = setInterval(() => void renew(), RENEW_EVERY_MS);
  return {
    signal: AbortSignal.any([limits.signal, AbortSignal.timeout(limits.sendMs), lost.signal]),
    async stop(options = {}) {
      clearInterval(interval);
      clearTimeout(expiry);
      if (options.release) await releaseDelivery(deps.db, orderId, owner);
    },
  };
}
