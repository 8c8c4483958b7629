import type { Kysely } from 'kysely';
import type { Database } from '../infra/database.ts';

/**
 * A read that concurrent askers share and that is reused for `maxAgeMs`, per database: for
 * what every /start shows and may show a few seconds late. A failed read is not kept; the
 * next asker reads again.
 */
export function recentRead<T>(
  maxAgeMs: number,
  read: (db: Kysely<Database>) => Promise<T>,
): (db: Kysely<Database>, now?: number) => Promise<T> {
  const recent = new WeakMap<Kysely<Database>, { at: number; value: Promise<T> }>();
  return (db, now = Date.now()) => {
    const cached = recent.get(db);
    if (cached && now - cached.at < maxAgeMs) return cached.value;
    const value = read(db);
    recent.set(db, { at: now, value });
    value.catch(() => {
      if (recent.get(db)?.value === value) recent.delete(db);
    });
    return value;
  };
}
