import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Parameterised statements run as named (prepared) ones from their second use on: each
 * connection then parses and plans them once, not on every call. On the shop's hot paths
 * planning cost about as much as executing (the runtime's writes, the delivery's reads).
 * The first use stays unnamed, so a statement run once (a migration, a report) is not
 * kept; the number of prepared texts is capped, and the text least recently counted is
 * forgotten first.
 *
 * A statement that joins a table to rows unpacked from a parameter (`json_to_recordset`,
 * `unnest`) is prepared only from its 500th use: its generic plan is fixed by the table's
 * size when first planned, and a hash join over a then-empty table stays a full scan while
 * the table fills faster than autovacuum's ANALYZE replans it (`bench:memory`'s touches
 * fell from 3,400 to 1,450 events/s). Planned on each call, the batch write costs the
 * runtime a fifth of its events per second (`bench:actors`); by its 500th use the tables
 * it joins are past their first rows, and later growth is replanned by ANALYZE.
 */
/** Distinct texts prepared at most (each connection may hold every one of them). */
const MAX_PREPARED = 256;
/** Distinct texts counted at most while they wait for the use that prepares them. */
const MAX_COUNTED = 4_096;

const UNPACKS_PARAMETER = /\b(json_to_recordset|jsonb_to_recordset|unnest)\s*\(/i;
/** The use from which a statement unpacking a parameter is prepared (see above). */
export const PREPARE_UNPACKING_FROM_USE = 500;

const prepared = new Map<string, string>();
/** Uses so far of texts not prepared yet. */
const counted = new Map<string, number>();

function nameFor(text: string): string | undefined {
  const name = prepared.get(text);
  if (name) return name;
  const uses = (counted.get(text) ?? 0) + 1;
  const preparedFrom = UNPACKS_PARAMETER.test(text) ? PREPARE_UNPACKING_FROM_USE : 2;
  if (uses < preparedFrom) {
    // Counted, run unnamed (refreshed as the newest, so the oldest is forgotten first).
    counted.delete(text);
    counted.set(text, uses);
    if (counted.size > MAX_COUNTED) counted.delete(counted.keys().next().value as string);
    return undefined;
  }
  if (prepared.size >= MAX_PREPARED) return undefined;
  counted.delete(text);
  const hashed = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  prepared.set(text, hashed);
  return hashed;
}

/** A pg client that prepares the statements used more than once (see above). */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are passed through unchanged
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameFor(config);
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}
