import type { PakasirClient } from '../infra/pakasir/index.ts';
import { isPakasirError } from '../infra/pakasir/index.ts';
import type { AlertInput } from './alerts.ts';

type Call = 'createInvoice' | 'getStatus' | 'cancelInvoice';
const CALL_LABEL: Record<Call, string> = {
  createInvoice: 'create',
  getStatus: 'status',
  cancelInvoice: 'cancel',
};

/** Errors that say the gateway is unwell, not that our request was wrong. */
function isOutage(error: unknown): boolean {
  if (!isPakasirError(error)) return false;
  return (
    error.kind === 'network' || error.kind === 'timeout' || (error.status ?? 0) >= 500 || error.status === 429
  );
}

/** An answer arrived but this version cannot read it: the API changed under us. */
function isUnreadable(error: unknown): boolean {
  return isPakasirError(error) && error.kind === 'invalid_response';
}

/**
 * The same client, watching its calls for two states the owner must hear of once each,
 * not once per call: after `threshold` outage failures in a row the gateway is down (told
 * again at the first answer); an answer in a shape the client refuses means the API
 * changed (told at the first, and again once answers are readable again). Payments stop
 * confirming in both; reconciliation catches up afterwards.
 */
export function watchGateway(
  client: PakasirClient,
  threshold: number,
  raise: (alert: AlertInput) => void,
  trouble: GatewayTrouble = new GatewayTrouble(),
): PakasirClient {
  let failures = 0;
  let down = false;
  // By call: a changed status answer is not healed by a create answer that still reads well.
  const unreadable = new Set<Call>();
  // Any answer that is not an outage (a refusal included) shows the gateway is there.
  const answered = () => {
    if (down) {
      const gaveUp = trouble.recovered('down');
      raise({
        severity: 'info',
        key: 'pakasir:recovered',
        title: 'Payment gateway is answering again',
        detail: `after ${failures} failed calls in a row${gaveUp ? `; ${gaveUp} job(s) gave up meanwhile (dead letters)` : ''}; reconciliation now confirms the payments made meanwhile`,
      });
    }
    failures = 0;
    down = false;
  };
  const readable = (name: Call) => {
    if (unreadable.delete(name)) {
      if (unreadable.size === 0) trouble.recovered('unreadable');
      raise({
        severity: 'info',
        key: `pakasir:readable:${name}`,
        title: `Payment gateway ${CALL_LABEL[name]} answers are readable again`,
        detail: 'payments confirm again; reconciliation catches up on the rest',
      });
    }
  };
  const observe = <T>(name: Call, call: Promise<T>): Promise<T> =>
    call.then(
      (value) => {
        answered();
        readable(name);
        return value;
      },
      (error: unknown) => {
        // Refused before it was sent: says nothing about the gateway.
        if (isPakasirError(error) && error.kind === 'invalid_request') throw error;
        if (isUnreadable(error)) {
          answered();
          if (!unreadable.has(name)) {
            unreadable.add(name);
            trouble.began('unreadable');
            raise({
              severity: 'critical',
              key: `pakasir:unreadable:${name}`,
              title: `Payment gateway ${CALL_LABEL[name]} answers come in a shape this version refuses (API change?)`,
              detail: `no payment is confirmed on such an answer; first: ${error instanceof Error ? error.message : String(error)}`,
            });
          }
        } else if (!isOutage(error)) answered();
        else {
          failures++;
          if (!down && failures >= threshold) {
            down = true;
            trouble.began('down');
            raise({
              severity: 'error',
              key: 'pakasir:down',
              title: 'Payment gateway is failing',
              detail: `${failures} calls in a row failed; last: ${error instanceof Error ? error.message : String(error)}`,
            });
          }
        }
        throw error;
      },
    );
  return {
    version: client.version,
    slug: client.slug,
    createInvoice: (input) => observe('createInvoice', client.createInvoice(input)),
    getStatus: (ref) => observe('getStatus', client.getStatus(ref)),
    cancelInvoice: (ref) => observe('cancelInvoice', client.cancelInvoice(ref)),
  };
}

/**
 * Whether the owner already knows the gateway is in trouble. While it is, and for a grace
 * period after (the dead-letter queue is read every few seconds, so work that gave up at
 * the end of an outage arrives after the recovery), work that gives up (an invoice that
 * could not be created: its buyer was told to try again) is part of the alert already
 * sent: it is counted and named in the recovery message instead of alerting again.
 */
export class GatewayTrouble {
  #states = new Set<'down' | 'unreadable'>();
  #gaveUp = 0;
  #recoveredAt = Number.NEGATIVE_INFINITY;
  readonly #graceMs: number;
  readonly #now: () => number;

  constructor(graceMs = 2 * 60_000, now: () => number = Date.now) {
    this.#graceMs = graceMs;
    this.#now = now;
  }

  /** True during the trouble and the grace period after it. */
  get active(): boolean {
    return this.#states.size > 0 || this.#now() - this.#recoveredAt < this.#graceMs;
  }

  began(state: 'down' | 'unreadable'): void {
    this.#states.add(state);
  }

  /** Counts one job that gave up during the trouble. */
  gaveUp(): void {
    this.#gaveUp++;
  }

  /** Ends a state; returns how many jobs gave up meanwhile once no state is left. */
  recovered(state: 'down' | 'unreadable'): number {
    this.#states.delete(state);
    if (this.#states.size > 0) return 0;
    this.#recoveredAt = this.#now();
    const count = this.#gaveUp;
    this.#gaveUp = 0;
    return count;
  }
}
