import type { AlertInput } from './alerts.ts';
import { clip } from './format.ts';
import { SEVERITY_LEVEL, type Severity, severityOfLevel } from './severity.ts';

interface LogRecord {
  level?: number;
  msg?: string;
  service?: string;
  component?: string;
  alerting?: boolean;
  err?: { message?: string; type?: string; kind?: string };
}

/**
 * Turns log lines (from `LoggerHandle.onRecord`) at or above `threshold` into alerts keyed by
 * message and component. Lines of the alerting code itself carry `alerting: true` and are
 * skipped, so a failing alert never raises another.
 */
export function logAlerts(threshold: Severity, raise: (alert: AlertInput) => void): (line: string) => void {
  const min = SEVERITY_LEVEL[threshold];
  return (line) => {
    // Cheap checks first: most lines are below the threshold.
    const level = Number(/^\{"level":(\d+)/.exec(line)?.[1] ?? 0);
    if (level < min || line.includes('"alerting":true') || line.includes('"gatewayFailure":true')) return;
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      return;
    }
    // A failed gateway call logged with its error, wherever: the gateway watch speaks for it.
    if (record.err?.type === 'PakasirError' && record.err.kind !== 'invalid_request') return;
    const msg = record.msg ?? '(no message)';
    const where = record.component ?? record.service ?? 'app';
    const detail = [`${where}`, record.err?.message ? clip(record.err.message, 300) : undefined]
      .filter(Boolean)
      .join(': ');
    raise({ severity: severityOfLevel(level), key: `log:${where}:${msg}`, title: msg, detail });
  };
}
