import type { ConfigDiff } from '../../shop/config-document/diff.ts';
import { SECTIONS } from '../../shop/config-document/schema.ts';
import { escapeHtml as e } from '../format.ts';
import type { Texts } from '../i18n.ts';

/** Entries named per list: the rest is counted, so a large restore still fits one message. */
const SHOWN = 8;

/** A restore's differences: a count line per kind, then the entries that change. */
export function configDiffText(t: Texts['adminConfig'], diff: ConfigDiff): string {
  return SECTIONS.flatMap((section) => {
    const d = diff[section];
    const lines = [
      t.countLine(t.kinds[section], d.added.length, d.changed.length, d.removed.length, d.unchanged),
      ...shown(
        t,
        d.added.map((name) => `  + <code>${e(name)}</code>`),
      ),
      ...shown(
        t,
        d.changed.map((c) => `  ~ <code>${e(c.name)}</code>: ${e(c.fields.join(', '))}`),
      ),
      ...shown(
        t,
        d.removed.map((r) => `  − <code>${e(r.name)}</code>: ${t.removedHow[r.outcome]}`),
      ),
    ];
    return lines;
  }).join('\n');
}

function shown(t: Texts['adminConfig'], lines: string[]): string[] {
  return lines.length > SHOWN ? [...lines.slice(0, SHOWN), `  ${t.more(lines.length - SHOWN)}`] : lines;
}
