import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';
import { pageWindow } from './catalog.ts';
import { randomCode } from './ids.ts';

export type VoucherRefusal =
  | 'unknown'
  | 'expired'
  | 'not_yet_valid'
  | 'used_up'
  | 'below_minimum'
  | 'already_used'
  | 'not_applicable';

/**
 * Where a scoped voucher applies: one product or one category (null: the whole cart).
 * `id` is null once that product or category was deleted: the voucher applies to nothing.
 */
export type VoucherScope = { kind: 'product' | 'category'; id: number | null; name: string } | null;

export interface AppliedVoucher {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  scope: VoucherScope;
}

export type VoucherResult =
  | {
      ok: true;
      voucher: AppliedVoucher;
      discount: number;
      /** What the discount was worked out on: the lines in scope (all of them for an unscoped voucher). */
      eligibleSubtotal: number;
    }
  | {
      ok: false;
      reason: VoucherRefusal;
      minPurchase?: number;
      validFrom?: Date;
      validUntil?: Date;
      /** For not_applicable (and below_minimum of a scoped voucher): what it is for. */
      scope?: VoucherScope;
    };

/** One cart line as a voucher sees it. */
export interface VoucherLine {
  productId: number;
  categoryId: number | null;
  /** unit price × quantity; 0 for a line not on sale. */
  total: number;
}

/** Codes are stored uppercase; buyers may type them in any case. */
export function normalizeVoucherCode(code: string): string {
  return code.trim().toUpperCase();
}

interface VoucherRow {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  active: boolean;
  minPurchase: number;
  maxUses: number | null;
  perUserLimit: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  used: number;
  usedByUser: number;
  scopeKind: 'all' | 'product' | 'category';
  productId: number | null;
  productName: string | null;
  categoryId: number | null;
  categoryName: string | null;
}

function scopeOf(
  v: Pick<VoucherRow, 'scopeKind' | 'productId' | 'productName' | 'categoryId' | 'categoryName'>,
): VoucherScope {
  if (v.scopeKind === 'product') return { kind: 'product', id: v.productId, name: v.productName ?? '' };
  if (v.scopeKind === 'category') return { kind: 'category', id: v.categoryId, name: v.categoryName ?? '' };
  return null;
}

/** The lines a voucher's discount is worked out on. */
export function linesInScope<L extends VoucherLine>(scope: VoucherScope, lines: L[]): L[] {
  if (!scope) return lines;
  return lines.filter((l) => (scope.kind === 'product' ? l.productId : l.categoryId) === scope.id);
}

/**
 * Checks, in a fixed order, whether a buyer may use a code on these lines. A scoped
 * voucher counts only the lines in its scope, for its minimum purchase as for its
 * discount (so "min. Rp 50.000" on a Netflix voucher means Rp 50.000 of Netflix); a cart
 * with no line in scope (on sale) is refused as not_applicable.
 */
export async function evaluateVoucher(
  db: Kysely<Database>,
  input: { code: string; userId: number; lines: VoucherLine[]; now?: Date },
): Promise<VoucherResult> {
  const { rows } = await sql<VoucherRow>`
    SELECT v.id, v.code, v.kind, v.value, v.active, v.min_purchase AS "minPurchase",
           v.max_uses AS "maxUses", v.per_user_limit AS "perUserLimit",
           v.valid_from AS "validFrom", v.valid_until AS "validUntil",
           v.scope AS "scopeKind", v.product_id AS "productId", p.name AS "productName",
           v.category_id AS "categoryId", c.name AS "categoryName",
           (SELECT count(*)::int FROM voucher_redemptions r WHERE r.voucher_id = v.id) AS used,
           (SELECT count(*)::int FROM voucher_redemptions r
             WHERE r.voucher_id = v.id AND r.user_id = ${input.userId}) AS "usedByUser"
    FROM vouchers v
    LEFT JOIN products p ON p.id = v.product_id
    LEFT JOIN categories c ON c.id = v.category_id
    WHERE v.code = ${normalizeVoucherCode(input.code)}`.execute(db);
  const v = rows[0];
  const now = input.now ?? new Date();
  // A scoped voucher whose product or category was deleted is as good as switched off.
  if (!v?.active || (v.scopeKind !== 'all' && (v.productId ?? v.categoryId) === null))
    return { ok: false, reason: 'unknown' };
  if (v.validFrom && now < v.validFrom) return { ok: false, reason: 'not_yet_valid', validFrom: v.validFrom };
  if (v.validUntil && now > v.validUntil) return { ok: false, reason: 'expired', validUntil: v.validUntil };
  if (v.maxUses !== null && v.used >= v.maxUses) return { ok: false, reason: 'used_up' };
  if (v.perUserLimit !== null && v.usedByUser >= v.perUserLimit) return { ok: false, reason: 'already_used' };
  const scope = scopeOf(v);
  const eligible = linesInScope(scope, input.lines).filter((l) => l.total > 0);
  if (scope && eligible.length === 0) return { ok: false, reason: 'not_applicable', scope };
  const eligibleSubtotal = eligible.reduce((sum, l) => sum + l.total, 0);
  if (eligibleSubtotal < v.minPurchase)
    return { ok: false, reason: 'below_minimum', minPurchase: v.minPurchase, ...(scope ? { scope } : {}) };
  return {
    ok: true,
    voucher: { id: v.id, code: v.code, kind: v.kind, value: v.value, scope },
    discount: voucherDiscount(v, eligibleSubtotal),
    eligibleSubtotal,
  };
}

/** Whole rupiah, rounded down for percentages, and never more than the subtotal. */
export function voucherDiscount(
  voucher: { kind: 'percent' | 'fixed'; value: number },
  subtotal: number,
): number {
  const raw = voucher.kind === 'percent' ? Math.floor((subtotal * voucher.value) / 100) : voucher.value;
  return Math.max(0, Math.min(raw, subtotal));
}

/**
 * Locks the voucher row until the caller's transaction ends, so two orders cannot both
 * pass the max_uses / per-user checks on the last remaining use.
 */
export async function lockVoucher(trx: Kysely<Database>, code: string): Promise<void> {
  await sql`SELECT id FROM vouchers WHERE code = ${normalizeVoucherCode(code)} FOR UPDATE`.execute(trx);
}

/** Books one use for an order, inside the caller's transaction; once per order. */
export async function redeemVoucher(
  trx: Kysely<Database>,
  input: { voucherId: number; userId: number; orderId: string },
): Promise<void> {
  await trx
    .insertInto('voucher_redemptions')
    .values({ voucher_id: input.voucherId, user_id: input.userId, order_id: input.orderId })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
}

/** Gives the use back when the order expires or is cancelled. Returns rows removed (0 or 1). */
export async function releaseRedemption(db: Kysely<Database>, orderId: string): Promise<number> {
  const result = await db
    .deleteFrom('voucher_redemptions')
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What a voucher code looks like everywhere: the buyer's prompt, the admin screens, the catalog file. */
export const VOUCHER_CODE = /^[A-Za-z0-9_-]{3,32}$/;

/** Typed in place of a code, a random one is made. */
const RANDOM_WORDS = new Set(['ACAK', 'RANDOM']);
export interface NewVoucher {
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  maxUses: number | null;
  minPurchase: number;
  perUserLimit: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  /** At most one of the two: the voucher's scope (both null: the whole cart). */
  productId: number | null;
  categoryId: number | null;
}

/** A scope as typed (`produk:KODE`, `kategori:Nama`), before it is looked up. */
export type VoucherScopeRef = { kind: 'product'; code: string } | { kind: 'category'; name: string };

/** Which part of a voucher line is wrong; the bot says what was expected for each. */
export type VoucherLineProblem =
  | 'format'
  | 'code'
  | 'value'
  | 'percent'
  | 'uses'
  | 'option'
  | 'min'
  | 'perUser'
  | 'date'
  | 'window'
  | 'scope';

const WHOLE = /^\d{1,9}$/;
const RUPIAH_AMOUNT = /^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d{1,9})$/i;
const LOCAL_MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/**
 * One voucher per line, as in the seed: `KODE | NOMINAL | BATAS_PAKAI`, e.g. `HEMAT10 | 10% | 100`
 * or `DISKON5K | 5000 | 50`; then optional `min=50000`, `peruser=1`, `mulai=2026-12-01`,
 * `sampai=2026-12-31 23:59` (the shop's time zone; a date alone ends at the end of that day),
 * and at most one scope, `produk:KODE` or `kategori:Nama` (looked up by the caller).
 * KODE `ACAK` makes a random code; BATAS_PAKAI `-` means no limit.
 */
export function parseVoucherLine(
  line: string,
  timeZone: string,
):
  | { ok: true; voucher: NewVoucher; scope: VoucherScopeRef | null }
  | { ok: false; problem: VoucherLineProblem; part?: string } {
  const parts = line.split('|').map((part) => part.trim());
  const [rawCode = '', rawValue = '', rawUses = '', ...options] = parts;
  if (parts.length < 3) return { ok: false, problem: 'format' };
  const upper = rawCode.toUpperCase();
  const code = RANDOM_WORDS.has(upper) ? randomCode(8) : upper;
  if (!VOUCHER_CODE.test(code)) return { ok: false, problem: 'code', part: rawCode };
  const value = parseVoucherValue(rawValue);
  if (!value) return { ok: false, problem: 'value', part: rawValue };
  if (value.kind === 'percent' && (value.value < 1 || value.value > 100))
    return { ok: false, problem: 'percent', part: rawValue };
  const maxUses = rawUses === '-' ? null : WHOLE.test(rawUses) ? Number(rawUses) : 0;
  if (maxUses === 0) return { ok: false, problem: 'uses', part: rawUses };
  const voucher: NewVoucher = {
    code,
    ...value,
    maxUses,
    minPurchase: 0,
    perUserLimit: null,
    validFrom: null,
    validUntil: null,
    productId: null,
    categoryId: null,
  };
  let scope: VoucherScopeRef | null = null;
  for (const option of options) {
    const scoped = SCOPE_OPTION.exec(option);
    if (scoped) {
      const target = (scoped[2] ?? '').trim();
      if (scope || target === '') return { ok: false, problem: 'scope', part: option };
      const kind = scoped[1]?.toLowerCase() ?? '';
      scope = PRODUCT_WORDS.has(kind)
        ? { kind: 'product', code: target }
        : { kind: 'category', name: target };
      continue;
    }
    const [key = '', raw = ''] = option.split('=').map((piece) => piece.trim());
    const name = key.toLowerCase();
    if (name === 'min') {
      const amount = RUPIAH_AMOUNT.exec(raw);
      if (!amount?.[1]) return { ok: false, problem: 'min', part: option };
      voucher.minPurchase = Number(amount[1].replaceAll('.', ''));
    } else if (name === 'peruser') {
      if (!WHOLE.test(raw) || Number(raw) === 0) return { ok: false, problem: 'perUser', part: option };
      voucher.perUserLimit = Number(raw);
    } else if (name === 'mulai' || name === 'sampai' || name === 'from' || name === 'until') {
      const ends = name === 'sampai' || name === 'until';
      const moment = parseLocalMoment(raw, timeZone, ends);
      if (!moment) return { ok: false, problem: 'date', part: option };
      if (ends) voucher.validUntil = moment;
      else voucher.validFrom = moment;
    } else {
      return { ok: false, problem: 'option', part: option };
    }
  }
  if (voucher.validFrom && voucher.validUntil && voucher.validUntil <= voucher.validFrom)
    return { ok: false, problem: 'window' };
  return { ok: true, voucher, scope };
}

const PRODUCT_WORDS = new Set(['produk', 'product']);
/** `produk:KODE`, `kategori:Nama` (also `=`, and the English words). */
const SCOPE_OPTION = /^(produk|product|kategori|category)\s*[:=](.*)$/i;

/**
 * Finds a typed scope: a product by code (any case) or id, a category by name or code (any
 * case) or id. Null when there is no such product or category.
 */
export async function resolveVoucherScope(
  db: Kysely<Database>,
  ref: VoucherScopeRef,
): Promise<NonNullable<VoucherScope> | null> {
  const asId = (text: string) => (/^[1-9]\d{0,9}$/.test(text) ? Number(text) : -1);
  if (ref.kind === 'product') {
    const row = await db
      .selectFrom('products')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('code', '=', ref.code.toUpperCase()), eb('id', '=', asId(ref.code))]))
      .executeTakeFirst();
    return row ? { kind: 'product', id: row.id, name: row.name } : null;
  }
  const { rows } = await sql<{ id: number; name: string }>`
    SELECT id, name FROM categories
    WHERE lower(name) = lower(${ref.name}) OR lower(code) = lower(${ref.name}) OR id = ${asId(ref.name)}
    ORDER BY id LIMIT 1`.execute(db);
  const row = rows[0];
  return row ? { kind: 'category', id: row.id, name: row.name } : null;
}

function parseVoucherValue(raw: string): { kind: 'percent' | 'fixed'; value: number } | null {
  const percent = /^(\d{1,3})\s*%$/.exec(raw);
  if (percent?.[1]) return { kind: 'percent', value: Number(percent[1]) };
  const amount = RUPIAH_AMOUNT.exec(raw);
  const value = amount?.[1] ? Number(amount[1].replaceAll('.', '')) : 0;
  return value > 0 ? { kind: 'fixed', value } : null;
}

/** "2026-12-31" or "2026-12-31 18:00" on the shop's clock, as an instant. */
export function parseLocalMoment(raw: string, timeZone: string, endOfDay = false): Date | null {
  const m = LOCAL_MOMENT.exec(raw);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const timed = m[4] !== undefined;
  const [hour, minute] = timed ? [Number(m[4]), Number(m[5])] : endOfDay ? [23, 59] : [0, 0];
  const wall = Date.UTC(year, month - 1, day, hour, minute, endOfDay && !timed ? 59 : 0);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59)
    return null;
  // The zone's offset at that moment (twice: the first guess may sit across a DST change).
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** Inserts a new voucher; a code already in use (active or not) is refused. */
export async function createVoucher(
  db: Kysely<Database>,
  v: NewVoucher,
): Promise<{ ok: true; id: number } | { ok: false; reason: 'exists' }> {
  const row = await db
    .insertInto('vouchers')
    .values({
      code: v.code,
      kind: v.kind,
      value: v.value,
      min_purchase: v.minPurchase,
      max_uses: v.maxUses,
      per_user_limit: v.perUserLimit,
      valid_from: v.validFrom,
      valid_until: v.validUntil,
      scope: v.productId !== null ? 'product' : v.categoryId !== null ? 'category' : 'all',
      product_id: v.productId,
      category_id: v.categoryId,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? { ok: true, id: row.id } : { ok: false, reason: 'exists' };
}

export interface VoucherSummary {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  active: boolean;
  maxUses: number | null;
  used: number;
  minPurchase: number;
  perUserLimit: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  scope: VoucherScope;
}

/** Vouchers newest first, with how often each was used, one page at a time. */
export async function listVouchers(
  db: Kysely<Database>,
  options: { page: number; pageSize: number },
): Promise<{ items: VoucherSummary[]; page: number; pages: number; total: number }> {
  const { rows: counted } = await sql<{ total: number }>`SELECT count(*)::int AS total FROM vouchers`.execute(
    db,
  );
  const total = counted[0]?.total ?? 0;
  const { page, pages, limit, offset } = pageWindow(total, options.page, options.pageSize);
  const { rows } = await sql<Omit<VoucherSummary, 'scope'> & Parameters<typeof scopeOf>[0]>`
    SELECT v.id, v.code, v.kind, v.value, v.active, v.max_uses AS "maxUses",
           v.min_purchase AS "minPurchase", v.per_user_limit AS "perUserLimit",
           v.valid_from AS "validFrom", v.valid_until AS "validUntil",
           v.scope AS "scopeKind", v.product_id AS "productId", p.name AS "productName",
           v.category_id AS "categoryId", c.name AS "categoryName",
           (SELECT count(*)::int FROM voucher_redemptions r WHERE r.voucher_id = v.id) AS used
    FROM vouchers v
    LEFT JOIN products p ON p.id = v.product_id
    LEFT JOIN categories c ON c.id = v.category_id
    ORDER BY v.active DESC, v.created_at DESC, v.id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const items = rows.map(({ scopeKind, productId, productName, categoryId, categoryName, ...v }) => ({
    ...v,
    scope: scopeOf({ scopeKind, productId, productName, categoryId, categoryName }),
  }));
  return { items, page, pages, total };
}

/** Turns a voucher off; returns its code, or null when there is no such active voucher. */
export async function deactivateVoucher(db: Kysely<Database>, id: number): Promise<string | null> {
  const row = await db
    .updateTable('vouchers')
    .set({ active: false })
    .where('id', '=', id)
    .where('active', '=', true)
    .returning('code')
    .executeTakeFirst();
  return row?.code ?? null;
}
