/** A fragment the shop built itself (a list of items), inserted without escaping. */
export interface Html {
  readonly html: string;
}

export const html = (fragment: string): Html => ({ html: fragment });

export type TemplateValue = string | number | Html;

/** `{name}`: letters, digits and underscores, starting with a letter or underscore. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Placeholder names in a body, each once, in order of appearance. */
export function placeholdersIn(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(PLACEHOLDER), (m) => m[1] ?? ''))];
}

export class FillError extends Error {
  readonly placeholder: string;
  constructor(placeholder: string) {
    super(`no value for placeholder {${placeholder}}`);
    this.placeholder = placeholder;
    this.name = 'FillError';
  }
}

/** Escapes a value for Telegram HTML, quotes too (a value may sit inside an href). */
function escapeValue(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Puts the values in: text escaped, Html as it is; a placeholder without a value throws. */
export function fillTemplate(body: string, values: Readonly<Record<string, TemplateValue>>): string {
  return body.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new FillError(name);
    const value = values[name];
    if (value === undefined) throw new FillError(name);
    return typeof value === 'object' ? value.html : escapeValue(String(value));
  });
}
