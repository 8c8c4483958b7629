import { isTemplateKey } from '../../messages/registry.ts';
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
 * findings and the checks that need the whole document (duplicates, category references,
 * voucher ranges, templates' placeholders and HTML). Both always run, so whoever fixes
 * the file sees every problem at once.
 */
export function checkConfig(json: unknown): CheckedConfig {
  const parsed = configDocumentSchema.safeParse(json);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => fromIssue(issue, json))),
    ...crossChecks(json),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems: render(problems) };
  return { ok: true, document: withCategorySpelling(parsed.data) };
}

/** A product names its category in any case; stored and compared as the category spells it. */
function withCategorySpelling(document: ConfigDocument): ConfigDocument {
  const spelling = new Map(document.categories.map((c) => [categoryKey(c.code), c.code]));
  const products = document.products.map((p) =>
    p.category === null ? p : { ...p, category: spelling.get(categoryKey(p.category)) ?? p.category },
  );
  return { ...document, products };
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
  }

  const templates = entries(input, 'templates');
  problems.push(
    ...duplicates('templates', templates, (t) =>
      typeof t.key === 'string' && typeof t.locale === 'string' ? templateKey(t.key, t.locale) : null,
    ),
  );
  for (const [i, t] of templates) {
    if (typeof t.key !== 'string' || !isTemplateKey(t.key) || typeof t.body !== 'string') continue;
    for (const line of describeProblems(validateTemplate(t.key, t.body)).split('\n').filter(Boolean))
      problems.push({ path: ['templates', i, 'body'], message: line });
  }
  return problems;
}

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
