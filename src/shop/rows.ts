import type { Selectable } from 'kysely';

/**
 * A selected row as pg returns it. database.ts declares timestamps as
 * Generated<Timestamp>, a nested ColumnType that Selectable leaves wrapped;
 * this unwraps it to the Date the driver actually gives.
 */
export type Row<T> = { [K in keyof Selectable<T>]: Unwrap<Selectable<T>[K]> };

type Unwrap<V> = V extends { readonly __select__: infer S } ? S : V;
