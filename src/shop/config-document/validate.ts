import { isTemplateKey, specOf, TEMPLATE_KEYS } from '../../messages/registry.ts';
import { describeProblems, validateTemplate } from '../../messages/validate.ts';
import { formatPath, fromIssue, type Problem, parseCatalogJson } from '../catalog-import.ts';
import { categoryKey, productKey, templateKey, voucherKey } from './keys.ts';
import { type ConfigDocument, configDocumentSchema, SECTIONS } from './schema.ts';

export type CheckedConfig = { ok: true; document: ConfigDocument } | { ok: false; problems: string[] };

/** The bytes of a sent or given file: JSON first (with line and column), then every check. */
export function checkConfigText(text: string): CheckedConfig {
  const parsed = parseCatalogJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return { ok: false, problems: [`(file): not valid JSON: ${parsed.problem}`] };
  return checkConfig(parsed.value);
}

/**
 * Everything wrong with a document, each as `path: message` in file order: the schema's
 * findings and the checks that need the whole document (duplicates, category and voucher
 * scope references, voucher ranges, templates' placeholders, HTML and photos). Both
 * always run, so whoever fixes the file sees every problem at once.
 */
export function checkConfig(json: unknown): CheckedConfig {
  const parsed = configDocumentSchema.safeParse(json);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => fromIssue(issue, json))),
    ...crossChecks(json),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems: render(problems) };
  return { ok: true, document: withReferenceSpelling(parsed.data) };
}

/**
 * A product names its category, a scoped voucher its product or category, in any case;
 * stored and compared as the document spells the entry it names.
 */
function withReferenceSpelling(document: ConfigDocument): ConfigDocument {
  const categories = new Map(document.categories.map((c) => [categoryKey(c.code), c.code]));
  const products = new Map(document.products.map((p) => [productKey(p.code), p.code]));
  const spell = (spelling: Map<string, string>, key: (code: string) => string, code: string | null) =>
    code === null ? null : (spelling.get(key(code)) ?? code);
  return {
    ...document,
    products: document.products.map((p) => ({ ...p, category: spell(categories, categoryKey, p.category) })),
    vouchers: document.vouchers.map((v) => ({
      ...v,
      product: spell(products, productKey, v.product),
      category: spell(categories, categoryKey, v.category),
    })),
  };
}

type Entry = [index: number, item: Record<string, unknown>];

function crossChecks(input: unknown): Problem[] {
  const problems: Problem[] = [];
  const categories = entries(input, 'categories');
  problems.push(
    ...duplicates('categories', categories, (c) => (typeof c.code === 'string' ? categoryKey(c.code) : null)),
  );
  const known = new Set(
    categories.flatMap(([, c]) => (typeof c.code === 'string' ? [categoryKey(c.code)] : [])),
  );

  const products = entries(input, 'products');
  problems.push(
    ...duplicates('products', products, (p) => (typeof p.code === 'string' ? productKey(p.code) : null)),
  );
  for (const [i, p] of products)
    if (typeof p.category === 'string' && !known.has(categoryKey(p.category)))
      problems.push({
        path: ['products', i, 'category'],
        message: `unknown category "${p.category}" (not in "categories" of this document)`,
      });

  const knownProducts = new Set(
    products.flatMap(([, p]) => (typeof p.code === 'string' ? [productKey(p.code)] : [])),
  );

  const vouchers = entries(input, 'vouchers');
  problems.push(
    ...duplicates('vouchers', vouchers, (v) => (typeof v.code === 'string' ? voucherKey(v.code) : null)),
  );
  for (const [i, v] of vouchers) {
    if (v.kind === 'percent' && typeof v.value === 'number' && v.value > 100)
      problems.push({
        path: ['vouchers', i, 'value'],
        message: `expected 1 to 100 for a percent voucher (got ${v.value})`,
      });
    const from = typeof v.validFrom === 'string' ? Date.parse(v.validFrom) : Number.NaN;
    const until = typeof v.validUntil === 'string' ? Date.parse(v.validUntil) : Number.NaN;
    if (from >= until)
      problems.push({ path: ['vouchers', i, 'validUntil'], message: 'must be later than validFrom' });
    problems.push(...scopeProblems(i, v, { product: knownProducts, category: known }));
  }

  const templates = entries(input, 'templates');
  problems.push(
    ...duplicates('templates', templates, (t) =>
      typeof t.key === 'string' && typeof t.locale === 'string' ? templateKey(t.key, t.locale) : null,
    ),
  );
  for (const [i, t] of templates) problems.push(...templateProblems(i, t));
  return problems;
}

const REFERENCES = { product: 'products', category: 'categories' } as const;

/**
 * A scope names the one reference it uses, from this document: `product` with scope
 * "product", `category` with "category", neither with "all". The reference must be
 * written out (null: it was deleted, the voucher applies to nothing), so a hand-written
 * scope without one is not silently taken as "applies to nothing".
 */
function scopeProblems(
  i: number,
  v: Record<string, unknown>,
  known: Record<keyof typeof REFERENCES, Set<string>>,
): Problem[] {
  const scope = v.scope ?? 'all';
  if (scope !== 'all' && scope !== 'product' && scope !== 'category') return [];
  const problems: Problem[] = [];
  for (const field of ['product', 'category'] as const) {
    const value = v[field];
    const path = ['vouchers', i, field];
    const section = REFERENCES[field];
    if (scope !== field) {
      if (value !== undefined && value !== null)
        problems.push({ path, message: `only with scope "${field}" (this voucher's scope is "${scope}")` });
    } else if (value === undefined)
      problems.push({
        path,
        message: `required with scope "${field}": a code from "${section}" (null: the ${field} was deleted and the voucher applies to nothing)`,
      });
    else if (
      typeof value === 'string' &&
      !known[field].has(field === 'product' ? productKey(value) : categoryKey(value))
    )
      problems.push({ path, message: `unknown ${field} "${value}" (not in "${section}" of this document)` });
  }
  return problems;
}

/**
 * A template's body checked as the owner's editor checks it: placeholders, HTML, and
 * the length of a caption when it has a photo, which only some templates take.
 */
function templateProblems(i: number, t: Record<string, unknown>): Problem[] {
  if (typeof t.key !== 'string' || !isTemplateKey(t.key) || typeof t.body !== 'string') return [];
  const problems: Problem[] = [];
  const photo = typeof t.photo === 'string' && t.photo.trim() !== '';
  const media = specOf(t.key).media === true;
  if (photo && !media)
    problems.push({
      path: ['templates', i, 'photo'],
      message: `this template takes text only, no photo (only ${MEDIA_KEYS.join(', ')} take one)`,
    });
  for (const problem of validateTemplate(t.key, t.body, { photo: photo && media }))
    problems.push({
      path: ['templates', i, 'body'],
      message:
        describeProblems([problem]) + (problem.kind === 'too_long' && photo ? ' (a photo caption)' : ''),
    });
  return problems;
}

const MEDIA_KEYS = TEMPLATE_KEYS.filter((key) => specOf(key).media === true);

function entries(input: unknown, section: string): Entry[] {
  const list = isRecord(input) ? input[section] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i): Entry[] => (isRecord(item) ? [[i, item]] : []));
}

function duplicates(
  section: string,
  list: Entry[],
  keyOf: (item: Record<string, unknown>) => string | null,
): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  for (const [i, item] of list) {
    const key = keyOf(item);
    if (key === null || key === '') continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else problems.push({ path: [section, i], message: `duplicate of ${section}[${first}] ("${key}")` });
  }
  return problems;
}

const ROOT_FIELDS = ['format', 'version', 'exportedAt'];

/** In file order: the header fields, then each section by entry, a problem's own order kept. */
function render(problems: Problem[]): string[] {
  const rank = (p: Problem): [number, number] => {
    const head = String(p.path[0] ?? '');
    const root = ROOT_FIELDS.indexOf(head);
    const section = SECTIONS.indexOf(head as (typeof SECTIONS)[number]);
    // The whole file and fields it should not have come first, then the header, then the sections.
    const major = root !== -1 ? root : section !== -1 ? ROOT_FIELDS.length + section : -1;
    return [major, typeof p.path[1] === 'number' ? p.path[1] : -1];
  };
  const seen = new Set<string>();
  return problems
    .map((p, order) => ({ p, order, r: rank(p) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.order - b.order)
    .map(({ p }) => `${formatPath(p.path)}: ${p.message}`)
    .filter((line) => !seen.has(line) && seen.add(line));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
