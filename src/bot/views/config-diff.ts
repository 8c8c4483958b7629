import type { ConfigDiff } from '../../shop/config-document/diff.ts';
import { SECTIONS } from '../../shop/config-document/schema.ts';
import { escapeHtml as e } from '../format.ts';
import type { Texts } from '../i18n.ts';

/** Entries named per list, fewer when a large restore would not fit one message; the rest are counted. */
const SHOWN = [8, 3, 0];
/** Room left in Telegram's 4096 characters for the preview's own lines. */
const BUDGET = 3500;

/** A restore's differences: a count line per kind, then the entries that change. */
export function configDiffText(t: Texts['adminConfig'], diff: ConfigDiff): string {
  let text = '';
  for (const shown of SHOWN) {
    text = render(t, diff, shown);
    if (text.length <= BUDGET) break;
  }
  return text;
}

function render(t: Texts['adminConfig'], diff: ConfigDiff, shown: number): string {
  const list = (lines: string[]) =>
    lines.length > shown
      ? [...lines.slice(0, shown), ...(shown > 0 ? [`  ${t.more(lines.length - shown)}`] : [])]
      : lines;
  return SECTIONS.flatMap((section) => {
    const d = diff[section];
    return [
      t.countLine(t.kinds[section], d.added.length, d.changed.length, d.removed.length, d.unchanged),
      ...list(d.added.map((name) => `  + <code>${e(name)}</code>`)),
      ...list(d.changed.map((c) => `  ~ <code>${e(c.name)}</code>: ${e(c.fields.join(', '))}`)),
      ...list(d.removed.map((r) => `  − <code>${e(r.name)}</code>: ${t.removedHow[r.outcome]}`)),
    ];
  }).join('\n');
}
