import { createHash } from 'node:crypto';
import { categoryKey, keyOf, labelOf } from './keys.ts';
import { type ConfigDocument, FIELDS_OF, SECTIONS, type Section } from './schema.ts';
import type { ConfigState } from './state.ts';

/** What a restore does to one entry the document no longer has. */
export type RemovalOutcome =
  /** Gone: nothing refers to it. */
  | 'deleted'
  /** Kept inactive: stock, orders or redemptions refer to it, and history must stay. */
  | 'deactivated'
  /** A template back at the locale file's default (its versions stay for rollback). */
  | 'default';

export interface SectionDiff {
  added: string[];
  changed: { name: string; fields: string[] }[];
  removed: { name: string; outcome: RemovalOutcome }[];
  unchanged: number;
}

export type ConfigDiff = Record<Section, SectionDiff>;

type Entry = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What restoring `wanted` would change: per kind, entries added, changed (with the
 * fields) and removed. The document is the whole configuration, so an entry it lacks is
 * removed: deleted when nothing refers to it, else deactivated (a product with stock or
 * orders, a redeemed voucher, a category such a product is still in). An inactive entry
 * that must be kept is no change at all, so restoring the same document twice changes
 * nothing the second time.
 */
export function diffConfig(state: ConfigState, wanted: ConfigDocument): ConfigDiff {
  const current = state.document;
  const diff = Object.fromEntries(
    SECTIONS.map((section) => [
      section,
      compare(section, current[section] as Entry[], wanted[section] as Entry[]),
    ]),
  ) as ConfigDiff;

  const wantedProducts = new Set(wanted.products.map((p) => keyOf('products', p)));
  const keptProducts = current.products.filter(
    (p) => !wantedProducts.has(keyOf('products', p)) && state.productsInUse.has(keyOf('products', p)),
  );
  const heldCategories = new Set(keptProducts.flatMap((p) => (p.category ? [categoryKey(p.category)] : [])));
  const wantedVouchers = new Set(wanted.vouchers.map((v) => keyOf('vouchers', v)));
  const wantedCategories = new Set(wanted.categories.map((c) => keyOf('categories', c)));
  const wantedTemplates = new Set(wanted.templates.map((t) => keyOf('templates', t)));

  diff.products.removed = removals(
    current.products.filter((p) => !wantedProducts.has(keyOf('products', p))),
    (p) => state.productsInUse.has(keyOf('products', p)),
    (p) => labelOf('products', p),
  );
  diff.categories.removed = removals(
    current.categories.filter((c) => !wantedCategories.has(keyOf('categories', c))),
    (c) => heldCategories.has(keyOf('categories', c)),
    (c) => labelOf('categories', c),
  );
  diff.vouchers.removed = removals(
    current.vouchers.filter((v) => !wantedVouchers.has(keyOf('vouchers', v))),
    (v) => state.vouchersInUse.has(keyOf('vouchers', v)),
    (v) => labelOf('vouchers', v),
  );
  diff.templates.removed = current.templates
    .filter((t) => !wantedTemplates.has(keyOf('templates', t)))
    .map((t) => ({ name: labelOf('templates', t), outcome: 'default' as const }));
  return diff;
}

function compare(section: Section, current: Entry[], wanted: Entry[]): SectionDiff {
  const byKey = new Map(current.map((entry) => [keyOf(section, entry as never), entry]));
  const diff: SectionDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const entry of wanted) {
    const found = byKey.get(keyOf(section, entry as never));
    const name = labelOf(section, entry as never);
    if (!found) {
      diff.added.push(name);
      continue;
    }
    const fields = Object.keys(FIELDS_OF[section]).filter((f) => !same(found[f], entry[f]));
    // A code matched in another case is renamed to the document's spelling.
    if ('code' in entry && found.code !== entry.code) fields.unshift('code');
    if (fields.length > 0) diff.changed.push({ name, fields });
    else diff.unchanged++;
  }
  return diff;
}

/** Absent entries: deleted, or deactivated when they must stay (nothing to do if already inactive). */
function removals<T extends { active: boolean }>(
  absent: T[],
  mustStay: (entry: T) => boolean,
  name: (entry: T) => string,
): SectionDiff['removed'] {
  return absent.flatMap((entry): SectionDiff['removed'] => {
    if (!mustStay(entry)) return [{ name: name(entry), outcome: 'deleted' }];
    return entry.active ? [{ name: name(entry), outcome: 'deactivated' }] : [];
  });
}

export function isEmptyDiff(diff: ConfigDiff): boolean {
  return SECTIONS.every((s) => diff[s].added.length + diff[s].changed.length + diff[s].removed.length === 0);
}

/** Names the exact change: a restore confirmed against one preview refuses another. */
export function diffHash(diff: ConfigDiff): string {
  return createHash('sha256').update(JSON.stringify(diff)).digest('hex').slice(0, 32);
}

/** Entries per kind, for notices and the audit trail. */
export function countsOf(document: ConfigDocument): Record<Section, number> {
  return Object.fromEntries(SECTIONS.map((s) => [s, document[s].length])) as Record<Section, number>;
}
