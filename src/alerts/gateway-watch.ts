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

/** Effects remembered as given up on a gateway failure, until their dead letter is read. */
const REMEMBERED = 1_000;

/**
 * Work that gave up because the gateway failed (an invoice that could not be created: its
 * buyer was told to try again) is the gateway alert's consequence, not news: its dead
 * letter is counted and named in the recovery message instead of alerting again. It stays
 * listed with the dead letters (inspector) for a retry.
 */
export class GatewayTrouble {
  #states = new Set<'down' | 'unreadable'>();
  #causedByGateway = new Set<string>();
  #gaveUp = 0;

  began(state: 'down' | 'unreadable'): void {
    this.#states.add(state);
  }

  /** The last attempt of an effect failed with `error`: remembered when the gateway caused it. */
  noteGaveUp(effectId: string, error: unknown): void {
    if (!isPakasirError(error) || error.kind === 'invalid_request') return;
    if (this.#causedByGateway.size >= REMEMBERED) this.#causedByGateway.clear();
    this.#causedByGateway.add(effectId);
  }

  /** True (and counted) when this dead letter is the gateway's doing. */
  absorbs(effectId: string): boolean {
    if (!this.#causedByGateway.delete(effectId)) return false;
    // Read after the recovery was told (the dead letters are polled): nothing left to add to.
    if (this.#states.size > 0) this.#gaveUp++;
    return true;
  }

  /** Ends a state; returns how many jobs gave up meanwhile once no state is left. */
  recovered(state: 'down' | 'unreadable'): number {
    this.#states.delete(state);
    if (this.#states.size > 0) return 0;
    const count = this.#gaveUp;
    this.#gaveUp = 0;
    return count;
  }
}
