import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Cipher } from '../infra/crypto.ts';
import type { Database } from '../infra/database.ts';
import { code, MAX_PRICE, RUPIAH, text } from './catalog-fields.ts';
import { addStock } from './stock.ts';
import { normalizeVoucherCode, VOUCHER_CODE } from './vouchers.ts';

const sort = z.number({ error: 'expected a whole number' }).int('expected a whole number').optional();
const active = z.boolean({ error: 'expected true or false' }).optional();
const count = z
  .number({ error: 'expected a positive whole number' })
  .int('expected a positive whole number')
  .positive('expected a positive whole number');
const moment = z.iso.datetime({
  offset: true,
  error: 'expected an ISO date-time with a time zone, e.g. 2026-01-01T00:00:00+07:00',
});

export const catalogSchema = z.strictObject(
  {
    categories: z
      .array(
        z.strictObject({
          code,
          name: text(64),
          emoji: z.string({ error: 'expected text' }).max(16, 'expected at most 16 characters').nullish(),
          sort,
          active,
        }),
        { error: 'expected a list' },
      )
      .optional(),
    products: z
      .array(
        z.strictObject({
          code,
          category: code.nullish(),
          // Required for a new code (checked in crossChecks); an existing one keeps what is absent.
          name: text(128).optional(),
          description: z
            .string({ error: 'expected text' })
            .max(3000, 'expected at most 3000 characters')
            .nullish(),
          price: z
            .number({ error: RUPIAH })
            .int(RUPIAH)
            .positive(RUPIAH)
            .max(MAX_PRICE, `expected at most ${MAX_PRICE} rupiah`)
            .optional(),
          snk: z.string({ error: 'expected text' }).max(3000, 'expected at most 3000 characters').nullish(),
          active,
          sort,
          stock: z
            .array(z.string({ error: 'expected one item as a line of text' }), { error: 'expected a list' })
            .optional(),
        }),
        { error: 'expected a list' },
      )
      .optional(),
    vouchers: z
      .array(
        z.strictObject({
          code: code.regex(VOUCHER_CODE, 'expected 3 to 32 letters, digits, "-" or "_"'),
          kind: z.enum(['percent', 'fixed'], { error: 'expected "percent" or "fixed"' }),
          value: count,
          minPurchase: z
            .number({ error: 'expected a whole number of rupiah' })
            .int('expected a whole number of rupiah')
            .min(0, 'expected a whole number of rupiah')
            .max(MAX_PRICE, `expected at most ${MAX_PRICE} rupiah`)
            .optional(),
          maxUses: count.nullish(),
          perUserLimit: count.nullish(),
          validFrom: moment.nullish(),
          validUntil: moment.nullish(),
          active,
          // At most one: the voucher applies to that product's or category's lines only.
          product: code.nullish(),
          category: code.nullish(),
        }),
        { error: 'expected a list' },
      )
      .optional(),
  },
  { error: 'expected an object with "categories", "products" and/or "vouchers"' },
);

export type CatalogFile = z.infer<typeof catalogSchema>;

/** What one product entry did: created, or which fields it changed, and stock added. */
export interface ProductChange {
  code: string;
  created: boolean;
  fields: string[];
  stockAdded: number;
}

export interface ImportSummary {
  categories: { created: number; updated: number };
  /** `updated`: existing products with at least one field changed; the rest are `unchanged`. */
  products: { created: number; updated: number; unchanged: number };
  productChanges: ProductChange[];
  stock: { added: number; duplicates: number };
  vouchers: { created: number; updated: number };
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; problems: string[] };

export type Path = (string | number)[];
export interface Problem {
  path: Path;
  message: string;
}

/** Thrown inside the transaction so that a file with problems writes nothing. */
class Rejected extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('catalog rejected');
    this.problems = problems;
  }
}

/**
 * Upserts categories, products (matched by code, case-insensitively), their stock
 * (appended, duplicates skipped) and vouchers, in one transaction: a file with any
 * problem writes nothing. Takes the root Db (it opens its own transaction).
 */
export async function importCatalog(
  db: Kysely<Database>,
  cipher: Cipher,
  json: unknown,
): Promise<ImportResult> {
  try {
    const summary = await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('categories').select(['id', 'code']).execute();
      const products = await trx.selectFrom('products').select('code').execute();
      const parsed = catalogSchema.safeParse(json);
      const problems = [
        ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => fromIssue(issue, json))),
        ...crossChecks(
          json,
          new Set(existing.map((c) => c.code.toLowerCase())),
          new Set(products.map((p) => p.code.toLowerCase())),
        ),
      ];
      if (!parsed.success || problems.length > 0) throw new Rejected(render(problems));
      return write(trx, cipher, parsed.data, existing);
    });
    return { ok: true, summary };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, problems: error.problems };
    throw error;
  }
}

async function write(
  trx: Kysely<Database>,
  cipher: Cipher,
  file: CatalogFile,
  existingCategories: { id: number; code: string }[],
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    categories: { created: 0, updated: 0 },
    products: { created: 0, updated: 0, unchanged: 0 },
    productChanges: [],
    stock: { added: 0, duplicates: 0 },
    vouchers: { created: 0, updated: 0 },
  };
  const categoryIds = new Map(existingCategories.map((c) => [c.code.toLowerCase(), c.id]));
  for (const c of file.categories ?? []) {
    const values = {
      code: c.code,
      name: c.name,
      emoji: c.emoji ?? null,
      sort_order: c.sort ?? 0,
      active: c.active ?? true,
    };
    const id = categoryIds.get(c.code.toLowerCase());
    if (id === undefined) {
      const row = await trx.insertInto('categories').values(values).returning('id').executeTakeFirstOrThrow();
      categoryIds.set(c.code.toLowerCase(), row.id);
      summary.categories.created++;
    } else {
      await trx.updateTable('categories').set(values).where('id', '=', id).execute();
      summary.categories.updated++;
    }
  }

  for (const p of file.products ?? []) {
    const categoryId =
      p.category === undefined
        ? undefined
        : p.category
          ? (categoryIds.get(p.category.toLowerCase()) ?? null)
          : null;
    const found = await trx
      .selectFrom('products')
      .selectAll()
      .where(sql`lower(code)`, '=', p.code.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    let productId: number;
    let change: ProductChange;
    if (found) {
      // A partial update: absent fields are kept, null clears (description, snk, category).
      // The code keeps its stored spelling: an entry matches it in any case.
      const wanted = {
        category_id: categoryId,
        name: p.name,
        description: p.description === undefined ? undefined : (p.description ?? ''),
        price: p.price,
        snk: p.snk === undefined ? undefined : p.snk?.trim() || null,
        active: p.active,
        sort_order: p.sort,
      };
      const set = Object.fromEntries(
        Object.entries(wanted).filter(
          ([key, value]) => value !== undefined && found[key as keyof typeof found] !== value,
        ),
      );
      productId = found.id;
      change = { code: found.code, created: false, fields: Object.keys(set).map(fieldName), stockAdded: 0 };
      if (change.fields.length > 0) {
        // The version moves too, so an admin's edit prompt opened before the import notices.
        await trx
          .updateTable('products')
          .set({ ...set, version: found.version + 1, updated_at: sql`now()` })
          .where('id', '=', found.id)
          .execute();
        summary.products.updated++;
      } else summary.products.unchanged++;
    } else {
      const values = {
        code: p.code,
        category_id: categoryId ?? null,
        // crossChecks refused a new code without name or price.
        name: p.name ?? '',
        description: p.description ?? '',
        price: p.price ?? 0,
        snk: p.snk?.trim() || null,
        active: p.active ?? true,
        sort_order: p.sort ?? 0,
      };
      productId = (await trx.insertInto('products').values(values).returning('id').executeTakeFirstOrThrow())
        .id;
      change = { code: p.code, created: true, fields: [], stockAdded: 0 };
      summary.products.created++;
    }
    const stock = await addStock(trx, cipher, productId, p.stock ?? []);
    change.stockAdded = stock.added;
    summary.productChanges.push(change);
    summary.stock.added += stock.added;
    summary.stock.duplicates += stock.duplicates;
  }

  // Products by code as this import left them (crossChecks made sure each scope's is there).
  const productIds = new Map(
    (await trx.selectFrom('products').select(['id', 'code']).execute()).map((p) => [
      p.code.toLowerCase(),
      p.id,
    ]),
  );
  for (const v of file.vouchers ?? []) {
    const values = {
      code: normalizeVoucherCode(v.code),
      kind: v.kind,
      value: v.value,
      min_purchase: v.minPurchase ?? 0,
      max_uses: v.maxUses ?? null,
      per_user_limit: v.perUserLimit ?? null,
      valid_from: v.validFrom ? new Date(v.validFrom) : null,
      valid_until: v.validUntil ? new Date(v.validUntil) : null,
      active: v.active ?? true,
      // A voucher entry is whole, like its other fields: without product or category it is shop-wide.
      scope: v.product ? ('product' as const) : v.category ? ('category' as const) : ('all' as const),
      product_id: v.product ? (productIds.get(v.product.toLowerCase()) ?? null) : null,
      category_id: v.category ? (categoryIds.get(v.category.toLowerCase()) ?? null) : null,
    };
    // xmax = 0 only on a freshly inserted row: tells created from updated in one statement.
    const row = await trx
      .insertInto('vouchers')
      .values(values)
      .onConflict((oc) => oc.column('code').doUpdateSet(values))
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirstOrThrow();
    if (row.inserted) summary.vouchers.created++;
    else summary.vouchers.updated++;
  }
  return summary;
}

const FIELD_NAMES: Record<string, string> = { category_id: 'category', sort_order: 'sort' };
const fieldName = (column: string) => FIELD_NAMES[column] ?? column;

/** Turns a schema issue into one problem per offending field. */
export function fromIssue(issue: z.core.$ZodIssue, input: unknown): Problem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  const value = valueAt(input, path);
  if (issue.code === 'invalid_type' && value === undefined && path.length > 0)
    return [{ path, message: 'required' }];
  return [{ path, message: `${issue.message}${describe(value)}` }];
}

/**
 * Checks that need the whole file (duplicate codes, category references, voucher
 * ranges and scopes). They read the raw input defensively, so they also run when the schema
 * failed and whoever wrote the file sees every problem at once.
 */
function crossChecks(input: unknown, knownCategories: Set<string>, knownProducts: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const categories = entries(input, 'categories');
  problems.push(...duplicates('categories', categories, (c) => c.toLowerCase()));
  for (const [, item] of categories)
    if (typeof item.code === 'string') knownCategories.add(item.code.trim().toLowerCase());

  const products = entries(input, 'products');
  problems.push(...duplicates('products', products, (c) => c.toLowerCase()));
  const scopeProducts = new Set(knownProducts);
  for (const [, item] of products)
    if (typeof item.code === 'string') scopeProducts.add(item.code.trim().toLowerCase());
  for (const [i, item] of products) {
    const isNew = typeof item.code === 'string' && !knownProducts.has(item.code.trim().toLowerCase());
    for (const field of ['name', 'price'])
      if (isNew && item[field] === undefined)
        problems.push({ path: ['products', i, field], message: 'required' });
    if (typeof item.category === 'string' && !knownCategories.has(item.category.trim().toLowerCase()))
      problems.push({ path: ['products', i, 'category'], message: `unknown category "${item.category}"` });
  }

  const vouchers = entries(input, 'vouchers');
  problems.push(...duplicates('vouchers', vouchers, normalizeVoucherCode));
  for (const [i, item] of vouchers) {
    if (item.kind === 'percent' && typeof item.value === 'number' && item.value > 100)
      problems.push({
        path: ['vouchers', i, 'value'],
        message: `expected 1 to 100 for a percent voucher (got ${item.value})`,
      });
    // Only dates the schema accepts are compared: a malformed one is reported there.
    const from = moment.safeParse(item.validFrom).success ? Date.parse(String(item.validFrom)) : Number.NaN;
    const until = moment.safeParse(item.validUntil).success
      ? Date.parse(String(item.validUntil))
      : Number.NaN;
    if (from >= until)
      problems.push({ path: ['vouchers', i, 'validUntil'], message: 'must be later than validFrom' });
    problems.push(...scopeProblems(i, item, { product: scopeProducts, category: knownCategories }));
  }
  return problems;
}

/** A voucher's scope: one product or one category, known here or in this file. */
function scopeProblems(
  i: number,
  item: Record<string, unknown>,
  known: { product: Set<string>; category: Set<string> },
): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['product', 'category'] as const) {
    const value = item[field];
    if (typeof value === 'string' && value.trim() && !known[field].has(value.trim().toLowerCase()))
      problems.push({ path: ['vouchers', i, field], message: `unknown ${field} "${value}"` });
  }
  if (typeof item.product === 'string' && typeof item.category === 'string')
    problems.push({
      path: ['vouchers', i, 'category'],
      message: 'a voucher is for one product or one category, not both',
    });
  return problems;
}

type Entry = [index: number, item: Record<string, unknown>];

function entries(input: unknown, section: string): Entry[] {
  const list = isRecord(input) ? input[section] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i): Entry[] => (isRecord(item) ? [[i, item]] : []));
}

function duplicates(section: string, list: Entry[], normalize: (code: string) => string): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const [i, item] of list) {
    if (typeof item.code !== 'string' || !item.code.trim()) continue;
    const key = normalize(item.code.trim());
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      problems.push({
        path: [section, i, 'code'],
        message: `duplicate code "${item.code}" (already used by ${section}[${first}])`,
      });
  }
  return problems;
}

const SECTION_ORDER = ['categories', 'products', 'vouchers'];

/** Sorted by where they are in the file, as `products[2].price: message`. */
function render(problems: Problem[]): string[] {
  const rank = (p: Problem) => {
    const section = SECTION_ORDER.indexOf(String(p.path[0]));
    return [section === -1 ? -1 : section, typeof p.path[1] === 'number' ? p.path[1] : -1];
  };
  return [...problems]
    .map((p, order) => ({ p, order, r: rank(p) }))
    .sort((a, b) => a.r[0]! - b.r[0]! || a.r[1]! - b.r[1]! || a.order - b.order)
    .map(({ p }) => `${formatPath(p.path)}: ${p.message}`);
}

export function formatPath(path: Path): string {
  if (path.length === 0) return '(file)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined || value === '') return '';
  if (Array.isArray(value)) return ' (got a list)';
  if (value !== null && typeof value === 'object') return ' (got an object)';
  const shown = JSON.stringify(value);
  return ` (got ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * JSON.parse that names where the file is broken: "line 3, column 5: …". V8 reports a
 * character position (sometimes the line too); the line and column are counted here.
 */
export function parseCatalogJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : null;
    const detail = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    if (offset === null) return { ok: false, problem: detail };
    const before = text.slice(0, offset).split('\n');
    return { ok: false, problem: `line ${before.length}, column ${before.at(-1)!.length + 1}: ${detail}` };
  }
}
