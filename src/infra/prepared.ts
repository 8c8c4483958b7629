import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Parameterised statements run as named (prepared) ones from their second use on: each
 * connection then parses and plans them once, not on every call. On the shop's hot paths
 * planning cost about as much as executing (the runtime's writes, the delivery's reads).
 * The first use stays unnamed, so a statement run once (a migration, a report) is not
 * kept; the number of prepared texts is capped, and a text seen once is forgotten first.
 *
 * A statement that joins a table to rows unpacked from a parameter (`json_to_recordset`,
 * `unnest`) is never prepared: its generic plan is fixed by the table's size when first
 * planned, and a hash join over a then-small table stays a full scan as the table grows
 * (the runtime's batch write fell from 3,400 to 1,450 events/s in `bench:memory`). Planned
 * on each call, it sees the table as it is.
 */
/** Distinct texts prepared at most (each connection may hold every one of them). */
const MAX_PREPARED = 256;
/** Distinct texts counted at most while they wait for their second use. */
const MAX_COUNTED = 4_096;

const UNPACKS_PARAMETER = /\b(json_to_recordset|jsonb_to_recordset|unnest)\s*\(/i;

const prepared = new Map<string, string>();
const counted = new Set<string>();

function nameFor(text: string): string | undefined {
  const name = prepared.get(text);
  if (name) return name;
  if (UNPACKS_PARAMETER.test(text)) return undefined;
  if (!counted.has(text)) {
    // The first use: counted, run unnamed.
    counted.add(text);
    if (counted.size > MAX_COUNTED) counted.delete(counted.values().next().value as string);
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
