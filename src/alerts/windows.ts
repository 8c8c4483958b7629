import { sql } from 'kysely';
import type { Tx } from '../actors/store.ts';
import type { Db } from '../infra/db.ts';
import type { Severity } from './severity.ts';

export interface AlertRecord {
  severity: Severity;
  key: string;
  title: string;
  detail?: string | undefined;
  /** When it was raised (ISO): windows follow the alerts' own times, not the worker's pace. */
  at: string;
}

/** Ended windows are summarised this long after their end, so alerts still queued join them. */
const SUMMARY_GRACE_SECONDS = 10;

export interface WindowSettings {
  windowSeconds: number;
  maxPerHour: number;
}

/** What to do with one raised alert after it was counted. */
export type Decision =
  | { send: true; previousMore: number }
  | { send: false; reason: 'duplicate' | 'rate_limited' | 'already_decided' };

/**
 * Counts an alert in its key's window (one window per key and `windowSeconds`, shared by
 * every process through the table and an advisory lock on the key). The first alert of
 * a window is sent unless `maxPerHour` windows were already sent in the last hour; the
 * repeats only raise the count, told by the summary. A retried job (`jobId` already
 * opened the window) decides nothing twice.
 */
export async function countAlert(
  tx: Tx,
  alert: AlertRecord,
  jobId: string,
  settings: WindowSettings,
): Promise<Decision> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('owner-alert'), hashtext(${alert.key}))`.execute(tx);
  const latest = await tx
    .selectFrom('owner_alerts')
    .select(['window_start', 'count', 'sent', 'summarized', 'job_id'])
    .select(
      sql<boolean>`window_start > ${alert.at}::timestamptz - make_interval(secs => ${settings.windowSeconds})`.as(
        'open',
      ),
    )
    .where('key', '=', alert.key)
    .orderBy('window_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.job_id === jobId) return { send: false, reason: 'already_decided' };
  if (latest?.open) {
    await tx
      .updateTable('owner_alerts')
      .set({ count: sql`count + 1`, last_at: sql`now()` })
      .where('key', '=', alert.key)
      .where('window_start', '=', latest.window_start)
      .execute();
    return { send: false, reason: 'duplicate' };
  }
  // The hourly budget is shared by every key: serialise the check across keys too.
  await sql`SELECT pg_advisory_xact_lock(hashtext('owner-alert-budget'))`.execute(tx);
  const { sentLastHour } = await tx
    .selectFrom('owner_alerts')
    .select((eb) => eb.fn.countAll<string>().as('sentLastHour'))
    .where('sent_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  const send = Number(sentLastHour) < settings.maxPerHour;
  // The previous window's repeats ride along when its summary has not gone out yet.
  let previousMore = 0;
  if (send && latest?.sent && !latest.summarized && latest.count > 1) {
    await tx
      .updateTable('owner_alerts')
      .set({ summarized: true })
      .where('key', '=', alert.key)
      .where('window_start', '=', latest.window_start)
      .execute();
    previousMore = latest.count - 1;
  }
  await tx
    .insertInto('owner_alerts')
    .values({
      key: alert.key,
      // Milliseconds: the JS Date read back must equal the stored value.
      window_start: sql<Date>`date_trunc('milliseconds', ${alert.at}::timestamptz)`,
      severity: alert.severity,
      title: alert.title,
      detail: alert.detail ?? null,
      count: 1,
      last_at: sql<Date>`now()`,
      sent: send,
      sent_at: send ? sql<Date>`now()` : null,
      job_id: jobId,
    })
    .execute();
  return send ? { send: true, previousMore } : { send: false, reason: 'rate_limited' };
}

export interface EndedWindow {
  key: string;
  severity: Severity;
  title: string;
  more: number;
}

/** Claims the sent windows that ended with repeats, so each summary goes out once. */
export async function claimEndedWindows(tx: Tx, settings: WindowSettings): Promise<EndedWindow[]> {
  const { rows } = await sql<{ key: string; severity: Severity; title: string; count: number }>`
    UPDATE owner_alerts SET summarized = true
    WHERE NOT summarized AND sent AND count > 1
      AND window_start <= now() - make_interval(secs => ${settings.windowSeconds + SUMMARY_GRACE_SECONDS})
    RETURNING key, severity, title, count`.execute(tx);
  return rows.map((row) => ({ key: row.key, severity: row.severity, title: row.title, more: row.count - 1 }));
}

/** Alerts raised (repeats included) since `hours` ago, by severity, for the digest. */
export async function alertCounts(db: Db, hours = 24): Promise<Record<Severity, number>> {
  const rows = await db
    .selectFrom('owner_alerts')
    .select(['severity', (eb) => eb.fn.sum<string>('count').as('total')])
    .where('last_at', '>', sql<Date>`now() - make_interval(hours => ${hours})`)
    .groupBy('severity')
    .execute();
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0, critical: 0 };
  for (const row of rows) counts[row.severity] = Number(row.total);
  return counts;
}
