import { z } from 'zod';
import { TEMPLATE_KEYS } from '../../messages/registry.ts';
import { code, MAX_PRICE, RUPIAH, text } from '../catalog-fields.ts';
import { VOUCHER_CODE } from '../vouchers.ts';

/**
 * The configuration document: what "💾 Backup konfigurasi" and `npm run config:export`
 * write and what a restore reads. It holds how the shop is set up (categories, products,
 * vouchers, live template overrides), never stock contents, orders, users or the ledger.
 *
 * Each kind's fields are listed once below, with their column: the schema, the export
 * and the restore are all made from these lists, so a new column is one line here
 * (give it a `.default(...)` so that older documents still restore).
 */
export const CONFIG_FORMAT = 'bot-auto-order/config';
export const CONFIG_VERSION = 1;

/** One field of a kind: the column it lives in and how the document writes it. */
export interface FieldSpec<T> {
  column: string;
  schema: z.ZodType<T>;
  /** Column value → document value (default: as stored). */
  read?(value: unknown): T;
  /** Document value → column value (default: as written). */
  write?(value: T): unknown;
}

const field = <T>(
  column: string,
  schema: z.ZodType<T>,
  codec: Omit<FieldSpec<T>, 'column' | 'schema'> = {},
) => ({
  column,
  schema,
  ...codec,
});

const VOUCHER_SCOPES = ['all', 'product', 'category'] as const;

const longText = (max: number) =>
  z.string({ error: 'expected text' }).max(max, `expected at most ${max} characters`);
const whole = z.number({ error: 'expected a whole number' }).int('expected a whole number');
const flag = z.boolean({ error: 'expected true or false' });
const positive = z
  .number({ error: 'expected a positive whole number' })
  .int('expected a positive whole number')
  .positive('expected a positive whole number');
const price = z
  .number({ error: RUPIAH })
  .int(RUPIAH)
  .positive(RUPIAH)
  .max(MAX_PRICE, `expected at most ${MAX_PRICE} rupiah`);
/** Written as UTC ISO; any offset is read and compared as the same instant. */
const moment = z.iso
  .datetime({
    offset: true,
    error: 'expected an ISO date-time with a time zone, e.g. 2026-01-01T00:00:00+07:00',
  })
  .transform((value) => new Date(value).toISOString());
const dateCodec = {
  read: (value: unknown) => (value instanceof Date ? value.toISOString() : null),
  write: (value: string | null) => (value === null ? null : new Date(value)),
};

export const CATEGORY_FIELDS = {
  name: field('name', text(64)),
  emoji: field('emoji', longText(16).nullable()),
  sort: field('sort_order', whole),
  active: field('active', flag),
};

export const PRODUCT_FIELDS = {
  /** A category code from the same document; stored as the category's id. */
  category: field('category_code', code.nullable()),
  name: field('name', text(128)),
  description: field('description', longText(3000)),
  price: field('price', price),
  active: field('active', flag),
  sort: field('sort_order', whole),
  /** The terms (SNK) a buyer must fulfil after purchase; null: none. */
  snk: field('snk', longText(3000).nullable()),
  lowStockThreshold: field('low_stock_threshold', whole.min(0, 'expected 0 or more')),
};

export const VOUCHER_FIELDS = {
  kind: field('kind', z.enum(['percent', 'fixed'], { error: 'expected "percent" or "fixed"' })),
  value: field('value', positive),
  minPurchase: field(
    'min_purchase',
    whole.min(0, 'expected 0 or more rupiah').max(MAX_PRICE, `expected at most ${MAX_PRICE} rupiah`),
  ),
  maxUses: field('max_uses', positive.nullable()),
  perUserLimit: field('per_user_limit', positive.nullable()),
  validFrom: field('valid_from', moment.nullable(), dateCodec),
  validUntil: field('valid_until', moment.nullable(), dateCodec),
  active: field('active', flag),
  /**
   * Where the discount applies: "all" (the whole cart), "product" or "category". Older
   * documents have no scope: their vouchers are shop-wide, as they were then.
   */
  scope: field(
    'scope',
    z.enum(VOUCHER_SCOPES, { error: 'expected "all", "product" or "category"' }).default('all'),
  ),
  /**
   * With scope "product": a product code from the same document, stored as its id; null
   * when that product was deleted, so the voucher applies to nothing (never shop-wide).
   */
  product: field('scope_product_code', code.nullable().default(null)),
  /** With scope "category": a category code from the same document; null as for `product`. */
  category: field('scope_category_code', code.nullable().default(null)),
};

/**
 * A Telegram file_id. It names a photo only for the bot that received it: a document
 * restored into another bot's shop needs its photos sent again.
 */
const fileId = z
  .string({ error: 'expected a Telegram file_id (text) or null' })
  .trim()
  .min(1, 'must not be empty')
  .max(512, 'expected at most 512 characters')
  .regex(/^[\w-]+$/, 'expected a Telegram file_id: only letters, digits, "-" and "_"');

/** A template's live override; templates without one are at their default and not listed. */
export const TEMPLATE_FIELDS = {
  body: field('body', z.string({ error: 'expected text' })),
  /** The photo sent with the body as its caption (templates that take one); null: text only. */
  photo: field('photo_file_id', fileId.nullable().default(null)),
};

type Fields = Record<string, FieldSpec<unknown>>;
type ShapeOf<F extends Fields> = { [K in keyof F]: F[K]['schema'] };

function shapeOf<F extends Fields>(fields: F): ShapeOf<F> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.schema])) as ShapeOf<F>;
}

const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'expected a list' });

export const configDocumentSchema = z.strictObject(
  {
    format: z.literal(CONFIG_FORMAT, {
      error: `expected "${CONFIG_FORMAT}" (a file from 💾 Backup konfigurasi or npm run config:export)`,
    }),
    version: z.literal(CONFIG_VERSION, { error: `expected ${CONFIG_VERSION}, the version this shop reads` }),
    exportedAt: z.iso.datetime({ offset: true, error: 'expected an ISO date-time' }).optional(),
    categories: list(z.strictObject({ code, ...shapeOf(CATEGORY_FIELDS) })),
    products: list(z.strictObject({ code, ...shapeOf(PRODUCT_FIELDS) })),
    vouchers: list(
      z.strictObject({
        code: code.regex(VOUCHER_CODE, 'expected 3 to 32 letters, digits, "-" or "_"'),
        ...shapeOf(VOUCHER_FIELDS),
      }),
    ),
    templates: list(
      z.strictObject({
        key: z.enum(TEMPLATE_KEYS, { error: `expected one of: ${TEMPLATE_KEYS.join(', ')}` }),
        locale: z.enum(['id', 'en'], { error: 'expected "id" or "en"' }),
        ...shapeOf(TEMPLATE_FIELDS),
      }),
    ),
  },
  { error: 'expected an object (a configuration document)' },
);

export type ConfigDocument = z.output<typeof configDocumentSchema>;
export type CategoryEntry = ConfigDocument['categories'][number];
export type ProductEntry = ConfigDocument['products'][number];
export type VoucherEntry = ConfigDocument['vouchers'][number];
export type TemplateEntry = ConfigDocument['templates'][number];

/** The sections in the order they are listed, checked and applied. */
export const SECTIONS = ['categories', 'products', 'vouchers', 'templates'] as const;
export type Section = (typeof SECTIONS)[number];

export const FIELDS_OF: Record<Section, Record<string, FieldSpec<unknown>>> = {
  categories: CATEGORY_FIELDS,
  products: PRODUCT_FIELDS,
  vouchers: VOUCHER_FIELDS,
  templates: TEMPLATE_FIELDS,
};

/** A document field's value from a row of its table. */
export function readField(spec: FieldSpec<unknown>, row: Record<string, unknown>): unknown {
  const value = row[spec.column];
  return spec.read ? spec.read(value) : value;
}

/** A row's column value from a document field. */
export function writeField(spec: FieldSpec<unknown>, value: unknown): unknown {
  return spec.write ? spec.write(value) : value;
}
