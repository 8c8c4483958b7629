import {
  createProduct,
  diffFields,
  findProductByCode,
  getAdminProduct,
  type ProductFields,
  updateProduct,
} from '../../../shop/catalog-admin.ts';
import type { BotContext } from '../../context.ts';
import { actorOf } from './actor.ts';
import {
  describeChanges,
  type Read,
  readCategory,
  readCode,
  readDescription,
  readName,
  readPrice,
} from './product-input.ts';

/** `kategori|kode|nama|harga|deskripsi` or `kode|field=value,...`: a line with a "|". */
export const isProductLine = (text: string) => text.includes('|') && !text.startsWith('/');

const EDIT_FIELDS = ['name', 'price', 'description', 'category', 'active'] as const;
// Splits "price=45000,description=a, b" only before a known field, so values may hold commas.
const FIELD_SPLIT = new RegExp(`,(?=\\s*(?:${EDIT_FIELDS.join('|')})\\s*=)`, 'i');
const YES = new Set(['ya', 'yes', 'true', '1', 'aktif', 'on']);
const NO = new Set(['tidak', 'no', 'false', '0', 'nonaktif', 'off']);

/** Applies one typed line; the answer (HTML) says what was saved or what was expected. */
export async function applyProductLine(ctx: BotContext, line: string): Promise<string> {
  const parts = line.split('|').map((p) => p.trim());
  const l = ctx.t.adminCatalog.lines;
  if (parts.length === 2 && parts[1]!.includes('=')) return editLine(ctx, parts[0]!, parts[1]!);
  if (parts.length === 4 || parts.length === 5) return createLine(ctx, parts);
  return l.problem(`${l.createShape} / ${l.editShape}`);
}

async function createLine(
  ctx: BotContext,
  [category, code, name, price, description = '-']: string[],
): Promise<string> {
  const l = ctx.t.adminCatalog.lines;
  const reads: Read<unknown>[] = [];
  const categoryId = await readCategory(ctx, category ?? '');
  const productCode = readCode(ctx.t, code ?? '');
  const productName = readName(ctx.t, name ?? '');
  const productPrice = readPrice(ctx.t, price ?? '');
  const productDescription = readDescription(ctx.t, description || '-');
  reads.push(categoryId, productCode, productName, productPrice, productDescription);
  const problems = reads.flatMap((r) => (r.ok ? [] : [r.expected]));
  if (!categoryId.ok || !productCode.ok || !productName.ok || !productPrice.ok || !productDescription.ok)
    return l.problem(problems.join('; '));
  const created = await createProduct(ctx.deps.db, actorOf(ctx), {
    categoryId: categoryId.value,
    code: productCode.value,
    name: productName.value,
    price: productPrice.value,
    description: productDescription.value,
  });
  if (!created.ok) return l.problem(ctx.t.adminCatalog.expected.codeTaken(productCode.value));
  return l.created(productName.value, productCode.value);
}

async function editLine(ctx: BotContext, code: string, assignments: string): Promise<string> {
  const l = ctx.t.adminCatalog.lines;
  const found = await findProductByCode(ctx.deps.db, code);
  const product = found && (await getAdminProduct(ctx.deps.db, found.id));
  if (!product) return l.problem(l.unknownProduct(code));
  const changes: Partial<ProductFields> = {};
  const problems: string[] = [];
  for (const assignment of assignments.split(FIELD_SPLIT)) {
    const at = assignment.indexOf('=');
    const field = assignment.slice(0, at).trim().toLowerCase();
    const value = assignment.slice(at + 1).trim();
    const read = await readEditField(ctx, field, value);
    if (!read.ok) problems.push(read.expected);
    else Object.assign(changes, read.value);
  }
  if (problems.length > 0) return l.problem(problems.join('; '));
  const seen = {
    name: product.name,
    price: product.price,
    description: product.description,
    categoryId: product.categoryId,
    active: product.active,
    snk: product.snk,
  };
  const result = await updateProduct(ctx.deps.db, actorOf(ctx), {
    productId: product.id,
    expectedVersion: product.version,
    seen,
    changes,
  });
  if (!result.ok) return l.problem(l.unknownProduct(code));
  const changed = diffFields(seen, { ...seen, ...changes });
  return changed.length === 0
    ? l.unchanged(product.code)
    : l.updated(product.code, await describeChanges(ctx, changed));
}

async function readEditField(
  ctx: BotContext,
  field: string,
  value: string,
): Promise<Read<Partial<ProductFields>>> {
  const wrap = <T>(read: Read<T>, key: keyof ProductFields): Read<Partial<ProductFields>> =>
    read.ok ? { ok: true, value: { [key]: read.value } } : read;
  switch (field) {
    case 'name':
      return wrap(readName(ctx.t, value), 'name');
    case 'price':
      return wrap(readPrice(ctx.t, value), 'price');
    case 'description':
      return wrap(readDescription(ctx.t, value), 'description');
    case 'category':
      return wrap(await readCategory(ctx, value), 'categoryId');
    case 'active': {
      const v = value.toLowerCase();
      if (YES.has(v)) return { ok: true, value: { active: true } };
      if (NO.has(v)) return { ok: true, value: { active: false } };
      return { ok: false, expected: ctx.t.adminCatalog.lines.active };
    }
    default:
      return { ok: false, expected: ctx.t.adminCatalog.lines.unknownField(field) };
  }
}
