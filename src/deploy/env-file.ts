import { parseEnv } from 'node:util';

/** The marker left where only the seller can supply a value (a bot token, a gateway key). */
export const PLACEHOLDER = 'CHANGE_ME';

const ASSIGNMENT = /^([A-Z][A-Z0-9_]*)=(.*)$/;

/** The variable names a .env-style text assigns, in order. */
export function envKeys(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const match = ASSIGNMENT.exec(line);
    return match?.[1] ? [match[1]] : [];
  });
}

/**
 * Rewrites `template` (comments and order kept) with `values` in place of its own values;
 * `notes` adds a comment line above a variable. Variables the template lacks are not added.
 */
export function fillEnvTemplate(
  template: string,
  values: Record<string, string>,
  notes: Record<string, string> = {},
): string {
  return template
    .split('\n')
    .map((line) => {
      const key = ASSIGNMENT.exec(line)?.[1];
      if (!key) return line;
      const assigned = key in values ? `${key}=${values[key]}` : line;
      return notes[key] ? `# ${notes[key]}\n${assigned}` : assigned;
    })
    .join('\n');
}

/** Parses a .env-style text the way Node's --env-file does. */
export function readEnv(text: string): Record<string, string> {
  return parseEnv(text) as Record<string, string>;
}

/** Names of the variables whose value is still the placeholder. */
export function placeholders(text: string): string[] {
  return Object.entries(readEnv(text))
    .filter(([, value]) => value === PLACEHOLDER)
    .map(([key]) => key);
}
