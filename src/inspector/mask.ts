/**
 * Hides what must never leave the server in an inspector response: stock contents,
 * payment proofs, tokens, keys. A field is masked when its name is on the deny-list, or
 * its dotted path (array indices dropped) is one the kind marks sensitive.
 */

export const MASK = '[hidden]';

const DENIED_NAMES =
  /^(content|contents|proof|proofs|token|secret|key|password|api_?key|.*(token|secret|password|apikey|api_key|privatekey|private_key))$/i;

export function isDeniedName(name: string): boolean {
  return DENIED_NAMES.test(name);
}

/** A copy of `value` with sensitive fields replaced by "[hidden]". */
export function mask(value: unknown, sensitive: readonly string[] = [], path = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => mask(item, sensitive, path));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${name}` : name;
    out[name] =
      isDeniedName(name) || sensitive.includes(childPath) ? MASK : mask(child, sensitive, childPath);
  }
  return out;
}
