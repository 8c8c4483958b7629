import { parseTelegramHtml, TelegramHtmlError } from '../../../messages/telegram-html.ts';
import {
  allCategories,
  type FieldChange,
  findCategory,
  PRODUCT_CODE,
  parseRupiah,
} from '../../../shop/catalog-admin.ts';
import type { BotContext } from '../../context.ts';
import { escapeHtml as e } from '../../format.ts';
import type { Texts } from '../../i18n.ts';

/** A typed value, or what was expected instead (said back to the admin). */
export type Read<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const expected = <T>(what: string): Read<T> => ({ ok: false, expected: what });

/** "-" stands for "nothing" where a field may be empty. */
export const isSkip = (text: string) => text.trim() === '-';

export function readCode(t: Texts, text: string): Read<string> {
  const code = text.trim();
  return PRODUCT_CODE.test(code) ? ok(code) : expected(t.adminCatalog.expected.code);
}

export function readName(t: Texts, text: string, max = 128): Read<string> {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > max)
    return expected(max === 128 ? t.adminCatalog.expected.name : t.adminCatalog.expected.categoryName);
  return ok(name);
}

export function readPrice(t: Texts, text: string): Read<number> {
  const price = parseRupiah(text);
  return price.ok ? ok(price.value) : expected(t.adminCatalog.expected.price[price.problem]);
}

export function readDescription(t: Texts, text: string): Read<string> {
  if (isSkip(text)) return ok('');
  const description = text.trim();
  return description.length <= 3000 ? ok(description) : expected(t.adminCatalog.expected.description);
}

/** SNK is shown as HTML: it must be what Telegram accepts, checked with Telegram's own parser. */
export function readSnk(t: Texts, text: string): Read<string | null> {
  if (isSkip(text)) return ok(null);
  const snk = text.trim();
  if (snk.length > 3000) return expected(t.adminCatalog.expected.description);
  try {
    parseTelegramHtml(snk);
  } catch (error) {
    if (error instanceof TelegramHtmlError) return expected(t.adminCatalog.expected.snk(error.message));
    throw error;
  }
  return ok(snk);
}

export async function readCategory(ctx: BotContext, text: string): Promise<Read<number>> {
  const category = await findCategory(ctx.deps.db, text);
  if (category) return ok(category.id);
  const codes = (await allCategories(ctx.deps.db)).map((c) => c.code).join(', ');
  return expected(ctx.t.adminCatalog.expected.category(codes || '—'));
}

/** "1. 🎬 Streaming (streaming)" lines for the category question. */
export async function categoryChoices(ctx: BotContext): Promise<string | null> {
  const all = await allCategories(ctx.deps.db);
  if (all.length === 0) return null;
  return all
    .map((c, i) => `${i + 1}. ${c.emoji ? `${c.emoji} ` : ''}${e(c.name)} (<code>${e(c.code)}</code>)`)
    .join('\n');
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "harga 45.000 → 40.000, nama A → B" (plain text; the caller escapes). */
export async function describeChanges(ctx: BotContext, changes: FieldChange[]): Promise<string> {
  const categories = new Map((await allCategories(ctx.deps.db)).map((c) => [c.id, c.name]));
  const show = (field: FieldChange['field'], value: unknown): string => {
    if (value === null || value === '') return '—';
    if (field === 'price') return Number(value).toLocaleString('id-ID');
    if (field === 'categoryId') return categories.get(Number(value)) ?? '—';
    if (field === 'active') return value ? '✅' : '🚫';
    return clip(String(value));
  };
  return changes
    .map((c) =>
      ctx.t.adminCatalog.products.conflictChange(
        ctx.t.adminCatalog.fieldName(c.field),
        show(c.field, c.from),
        show(c.field, c.to),
      ),
    )
    .join(', ');
}
