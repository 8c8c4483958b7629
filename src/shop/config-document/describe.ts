import type { ConfigDiff, SectionDiff } from './diff.ts';
import { SECTIONS } from './schema.ts';

const OUTCOME: Record<SectionDiff['removed'][number]['outcome'], string> = {
  deleted: 'deleted',
  deactivated: 'deactivated (has stock, orders or redemptions: kept for history)',
  default: 'back to the default text',
};

/** The diff for the terminal: a count line per kind, then each entry that changes. */
export function diffLines(diff: ConfigDiff): string[] {
  return SECTIONS.flatMap((section) => {
    const d = diff[section];
    return [
      `  ${`${section}:`.padEnd(12)}${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed, ${d.unchanged} unchanged`,
      ...d.added.map((name) => `    + ${name}`),
      ...d.changed.map((c) => `    ~ ${c.name}: ${c.fields.join(', ')}`),
      ...d.removed.map((r) => `    - ${r.name}: ${OUTCOME[r.outcome]}`),
    ];
  });
}
