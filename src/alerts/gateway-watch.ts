import type { PakasirClient } from '../infra/pakasir/index.ts';
import { isPakasirError } from '../infra/pakasir/index.ts';
import type { AlertInput } from './alerts.ts';

/** Errors that say the gateway is unwell, not that our request was wrong. */
function isOutage(error: unknown): boolean {
  if (!isPakasirError(error)) return false;
  return (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    error.kind === 'invalid_response' ||
    (error.status ?? 0) >= 500 ||
    error.status === 429
  );
}

/**
 * The same client, counting consecutive outage failures of its calls: after `threshold`
 * in a row the owner is told the gateway is down, and told again at the first success.
 */
export function watchGateway(
  client: PakasirClient,
  threshold: number,
  raise: (alert: AlertInput) => void,
): PakasirClient {
  let failures = 0;
  let down = false;
  // Any answer that is not an outage (a refusal included) shows the gateway is there.
  const answered = () => {
    if (down)
      raise({
        severity: 'info',
        key: 'pakasir:recovered',
        title: 'Payment gateway is answering again',
        detail: `after ${failures} failed calls in a row`,
      });
    failures = 0;
    down = false;
  };
  const observe = <T>(call: Promise<T>): Promise<T> =>
    call.then(
      (value) => {
        answered();
        return value;
      },
      (error: unknown) => {
        // Refused before it was sent: says nothing about the gateway.
        if (isPakasirError(error) && error.kind === 'invalid_request') throw error;
        if (!isOutage(error)) answered();
        else {
          failures++;
          if (!down && failures >= threshold) {
            down = true;
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
    createInvoice: (input) => observe(client.createInvoice(input)),
    getStatus: (ref) => observe(client.getStatus(ref)),
    cancelInvoice: (ref) => observe(client.cancelInvoice(ref)),
  };
}
