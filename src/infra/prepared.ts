import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';

/**
 * Hot statements run as named prepared statements: PostgreSQL parses and plans them once
 * per connection instead of on every call (for the runtime's writes, planning cost about
 * as much as executing). A statement opts in by starting with `PREPARED`; its text must
 * not vary between calls except in its parameters, since the name is the text's hash.
 */
const MARK = '/*prepared*/';

export const PREPARED: RawBuilder<unknown> = sql.raw(MARK);

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** A pg client that sends marked statements as named (prepared) ones. */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are passed through unchanged
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(MARK) && Array.isArray(values)) {
      return super.query({ name: nameOf(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}
