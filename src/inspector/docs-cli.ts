import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineDocs } from './kinds-docs.ts';

/** Writes docs/machines/<kind>.md for every registered kind. */
const dir = process.argv[2] ?? 'docs/machines';
mkdirSync(dir, { recursive: true });
for (const [kind, markdown] of machineDocs()) {
  writeFileSync(join(dir, `${kind}.md`), markdown);
  console.log(`wrote ${join(dir, `${kind}.md`)}`);
}
