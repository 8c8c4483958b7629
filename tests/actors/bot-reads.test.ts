import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the bot reads actors only through the typed read API', () => {
  const files = sources('src/bot').map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('never reads actor rows directly', () => {
    const direct = files.filter((f) => /actors\/(queries|store)\.ts/.test(f.text)).map((f) => f.path);
    expect(direct).toEqual([]);
  });

  it('never casts a snapshot or its context', () => {
    const casts = files.flatMap((f) =>
      f.text
        .split('\n')
        .filter(
          (line) => /snapshot[\w?.]*\)?\s+as\s/.test(line) || /context\)?\s+as\s+\w*Context\b/.test(line),
        )
        .map((line) => `${f.path}: ${line.trim()}`),
    );
    expect(casts).toEqual([]);
  });
});
