import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';
import type { HealthReport } from './checks.ts';

export interface StoredCheckState {
  ok: boolean;
  summary: string;
  changedAt: Date;
}

/** The stored outcome per check name, before this report replaced it. */
export type PreviousStates = Record<string, StoredCheckState>;

export interface StateChanges {
  previous: PreviousStates;
  /** Checks that were ok (or never seen) and now fail. */
  failing: string[];
  /** Checks that failed and are ok again. */
  recovered: string[];
}

/**
 * Stores the report's outcomes and says which checks changed. One transaction under an
 * advisory lock: two processes recording at once see each change once between them.
 * A check never seen before counts as ok, so a first run that fails is a change.
 */
export async function recordHealthStates(db: Db, report: HealthReport): Promise<StateChanges> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('health_check_states'))`.execute(tx);
    const rows = await tx.selectFrom('health_check_states').selectAll().execute();
    const previous: PreviousStates = Object.fromEntries(
      rows.map((row) => [
        row.name,
        { ok: row.ok, summary: row.summary, changedAt: new Date(row.changed_at) },
      ]),
    );
    const failing: string[] = [];
    const recovered: string[] = [];
    for (const check of report.checks) {
      const before = previous[check.name]?.ok ?? true;
      if (before && !check.ok) failing.push(check.name);
      if (!before && check.ok) recovered.push(check.name);
      const changed = previous[check.name] === undefined || before !== check.ok;
      await tx
        .insertInto('health_check_states')
        .values({
          name: check.name,
          ok: check.ok,
          summary: check.summary,
          changed_at: report.checkedAt,
          checked_at: report.checkedAt,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            ok: check.ok,
            summary: check.summary,
            checked_at: report.checkedAt,
            ...(changed ? { changed_at: report.checkedAt } : {}),
          }),
        )
        .execute();
    }
    return { previous, failing, recovered };
  });
}
