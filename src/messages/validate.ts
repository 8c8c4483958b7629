import { fillTemplate, html, placeholdersIn, type TemplateValue } from './fill.ts';
import { specOf, type TemplateKey } from './registry.ts';
import { parseTelegramHtml, TelegramHtmlError } from './telegram-html.ts';

export type TemplateProblem =
  | { kind: 'empty' }
  | { kind: 'unknown_placeholder'; names: string[]; allowed: string[] }
  | { kind: 'missing_placeholder'; names: string[] }
  | { kind: 'html'; detail: string }
  | { kind: 'too_long'; length: number; max: number };

/** The sample values, HTML ones as fragments: what the checks and previews render. */
export function sampleValuesOf(key: TemplateKey): Record<string, TemplateValue> {
  return Object.fromEntries(
    Object.entries(specOf(key).placeholders).map(([name, p]) => [name, p.html ? html(p.sample) : p.sample]),
  );
}

/**
 * What is wrong with a body for this template (nothing: an empty list). Placeholders
 * must be the template's own and include the required ones; the body, filled with the
 * sample values, must parse as Telegram parses HTML and fit where it is sent.
 */
export function validateTemplate(key: TemplateKey, body: string): TemplateProblem[] {
  if (body.trim() === '') return [{ kind: 'empty' }];
  const spec = specOf(key);
  const allowed = Object.keys(spec.placeholders);
  const used = placeholdersIn(body);
  const problems: TemplateProblem[] = [];
  const unknown = used.filter((name) => !allowed.includes(name));
  if (unknown.length > 0) problems.push({ kind: 'unknown_placeholder', names: unknown, allowed });
  const missing = allowed.filter((name) => spec.placeholders[name]?.required && !used.includes(name));
  if (missing.length > 0) problems.push({ kind: 'missing_placeholder', names: missing });
  if (unknown.length > 0) return problems;
  problems.push(...renderedProblems(key, fillTemplate(body, sampleValuesOf(key))));
  return problems;
}

/** A filled-in text Telegram would refuse: broken HTML, or longer than it takes. */
export function renderedProblems(key: TemplateKey, text: string): TemplateProblem[] {
  try {
    const parsed = parseTelegramHtml(text);
    const max = specOf(key).maxLength;
    return parsed.text.length > max ? [{ kind: 'too_long', length: parsed.text.length, max }] : [];
  } catch (error) {
    if (error instanceof TelegramHtmlError) return [{ kind: 'html', detail: error.detail }];
    throw error;
  }
}

/** One line per problem, for logs and (until admin screens exist) for whoever saves. */
export function describeProblems(problems: TemplateProblem[]): string {
  return problems.map(describeProblem).join('\n');
}

const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');

function describeProblem(p: TemplateProblem): string {
  switch (p.kind) {
    case 'empty':
      return 'the text is empty';
    case 'unknown_placeholder':
      return `unknown placeholder ${braces(p.names)}; allowed: ${braces(p.allowed)}`;
    case 'missing_placeholder':
      return `missing required placeholder ${braces(p.names)}`;
    case 'html':
      return `Telegram cannot parse the HTML: ${p.detail}`;
    case 'too_long':
      return `too long: ${p.length} characters, at most ${p.max}`;
  }
}
