import { resolve } from 'node:path';
import type { Config } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';
import { diskUsage } from './system.ts';

/** statfs is cheap, but a burst of checkouts need not call it for each. */
const SAMPLE_MS = 5_000;

type GuardConfig = Pick<Config, 'DATA_DIR' | 'LOG_DIR' | 'HEALTH_DISK_CRITICAL_THRESHOLD'>;

let sample: { key: string; at: number; critical: boolean; percent: number } | undefined;

/**
 * True while the disk holding the data or log folder is at or above
 * HEALTH_DISK_CRITICAL_THRESHOLD. New checkouts and top-ups then wait with a friendly
 * maintenance note rather than start work (invoices, stock reservations, log and audit
 * lines) that a full disk could leave half-written; browsing and paid orders go on.
 * The first sample over the line and the first back under it are logged (the error line
 * reaches the owner as an alert).
 */
export function diskCritical(config: GuardConfig, logger?: Logger, now = Date.now()): boolean {
  const key = `${config.DATA_DIR}\0${config.LOG_DIR}\0${config.HEALTH_DISK_CRITICAL_THRESHOLD}`;
  if (sample && sample.key === key && now - sample.at < SAMPLE_MS) return sample.critical;
  const percent = Math.max(
    ...[config.DATA_DIR, config.LOG_DIR].map((dir) => diskUsage(resolve(dir)).percent),
  );
  const critical = percent >= config.HEALTH_DISK_CRITICAL_THRESHOLD;
  const was = sample?.key === key ? sample.critical : false;
  if (critical && !was)
    logger?.error(
      { percent, limit: config.HEALTH_DISK_CRITICAL_THRESHOLD },
      'disk critically full: new checkouts and top-ups are paused until space is freed',
    );
  else if (!critical && was) logger?.warn({ percent }, 'disk has room again: checkouts and top-ups are open');
  sample = { key, at: now, critical, percent };
  return critical;
}
