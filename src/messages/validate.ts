import { fillTemplate, html, placeholdersIn, type TemplateValue } from './fill.ts';
import { CAPTION, specOf, type TemplateKey } from './registry.ts';
import { parseTelegramHtml, TelegramHtmlError } from './telegram-html.ts';

export type TemplateProblem =
  | { kind: 'empty' }
  | { kind: 'unknown_placeholder'; names: string[]; allowed: string[] }
  | { kind: 'missing_placeholder'; names: string[] }
  | { kind: 'html'; detail: string }
  | { kind: 'too_long'; length: number; max: number }
  | { kind: 'no_media' };

/** How long a rendered text may be: the template's limit, or a caption's with a photo. */
export function maxLengthOf(key: TemplateKey, withPhoto: boolean): number {
  const max = specOf(key).maxLength;
  return withPhoto ? Math.min(max, CAPTION) : max;
}

/** The sample values, HTML ones as fragments: what the checks and previews render. */
export function sampleValuesOf(key: TemplateKey): Record<string, TemplateValue> {
  return Object.fromEntries(
    Object.entries(specOf(key).placeholders).map(([name, p]) => [name, p.html ? html(p.sample) : p.sample]),
  );
}

/**
 * What is wrong with a body for this template (nothing: an empty list). Placeholders
 * must be the template's own and include the required ones; the body, filled with the
 * sample values, must parse as Telegram parses HTML and fit where it is sent (a photo's
 * caption with `photo`, which only media templates take).
 */
export function validateTemplate(
  key: TemplateKey,
  body: string,
  options: { photo?: boolean } = {},
): TemplateProblem[] {
  if (body.trim() === '') return [{ kind: 'empty' }];
  const spec = specOf(key);
  if (options.photo && !spec.media) return [{ kind: 'no_media' }];
  const allowed = Object.keys(spec.placeholders);
  const used = placeholdersIn(body);
  const problems: TemplateProblem[] = [];
  const unknown = used.filter((name) => !allowed.includes(name));
  if (unknown.length > 0) problems.push({ kind: 'unknown_placeholder', names: unknown, allowed });
  const missing = allowed.filter((name) => spec.placeholders[name]?.required && !used.includes(name));
  if (missing.length > 0) problems.push({ kind: 'missing_placeholder', names: missing });
  if (unknown.length > 0) return problems;
  problems.push(...renderedProblems(key, fillTemplate(body, sampleValuesOf(key)), options.photo === true));
  return problems;
}

/** A filled-in text Telegram would refuse: broken HTML, or longer than it takes. */
export function renderedProblems(key: TemplateKey, text: string, withPhoto = false): TemplateProblem[] {
  try {
    const parsed = parseTelegramHtml(text);
    const max = maxLengthOf(key, withPhoto);
    return parsed.text.length > max ? [{ kind: 'too_long', length: parsed.text.length, max }] : [];
  } catch (error) {
    if (error instanceof TelegramHtmlError) return [{ kind: 'html', detail: error.detail }];
    throw error;
  }
}

/** One line per problem, for logs (the admin screens say it in the admin's language). */
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
    case 'no_media':
      return 'this template takes text only, no photo';
  }
}
