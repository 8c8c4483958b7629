import type { EffectJob } from '../actors/actions.ts';
import type { BackupAlert } from '../backup/schedule.ts';
import type { LogFailure } from '../infra/logger.ts';
import type { AlertInput } from './alerts.ts';
import type { GatewayTrouble } from './gateway-watch.ts';

type Raise = (alert: AlertInput) => void;

/** One check of a health report: `ok`, with an optional reason or reading. */
export interface HealthCheckLike {
  ok: boolean;
  detail?: string;
  message?: string;
}

/** What a health check reports; only the parts alerts read. */
export interface HealthReportLike {
  ok?: boolean;
  status?: string;
  checks?: Record<string, HealthCheckLike>;
}

const checksOf = (report: HealthReportLike | undefined): Record<string, HealthCheckLike> =>
  report?.checks ?? (report ? { health: { ok: report.ok ?? report.status === 'ok' } } : {});

/**
 * For a health module's `onChange(report, previous)`: a check that starts failing (disk,
 * memory, CPU thresholds and the like included) is an error; one that recovers, an info.
 */
export function healthAlerts(raise: Raise) {
  return (report: HealthReportLike, previous?: HealthReportLike): void => {
    const before = checksOf(previous);
    for (const [name, check] of Object.entries(checksOf(report))) {
      const was = before[name]?.ok ?? true;
      const detail = check.detail ?? check.message;
      if (was && !check.ok)
        raise({
          severity: 'error',
          key: `health:${name}`,
          title: `Health check failing: ${name}`,
          ...(detail ? { detail } : {}),
        });
      else if (!was && check.ok)
        raise({
          severity: 'info',
          key: `health:${name}:recovered`,
          title: `Health check recovered: ${name}`,
        });
    }
  };
}

/** What a backup run reports (for the backup module's `onAlert`). */
export function backupAlerts(raise: Raise) {
  return (event: BackupAlert): void => {
    raise({
      severity: 'error',
      key: 'backup:failed',
      title: 'Backup failed',
      detail: event.file ? `${event.reason} (${event.file})` : event.reason,
    });
  };
}

/** For `logs.onLogFailure`: the log file cannot be written (disk full, permissions). */
export function logFailureAlerts(raise: Raise) {
  return (failure: LogFailure): void => {
    const code = (failure.error as NodeJS.ErrnoException).code;
    raise({
      severity: 'error',
      key: `logs:${failure.path}`,
      title: 'Cannot write the log file',
      detail: `${failure.path}: ${code ?? failure.error.message}; logging to the terminal instead`,
    });
  };
}

/** For the dead-letter worker: an effect gave up after every retry. */
export function deadLetterAlerts(raise: Raise, gateway?: GatewayTrouble) {
  return (job: EffectJob): void => {
    // Gave up because the gateway failed: the gateway alert already told the owner.
    if (gateway?.absorbs(job.effectId)) return;
    raise({
      severity: 'error',
      key: `dead-letter:${job.kind}:${job.type}`,
      title: `Work gave up after every retry: ${job.kind} ${job.type}`,
      detail: `${job.kind} ${job.actorId}, effect ${job.type}`,
    });
  };
}
