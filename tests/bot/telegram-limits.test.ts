import { describe, expect, it } from 'vitest';
import { fitLines, packLines, visibleLength } from '../../src/bot/views/telegram-limits.ts';

describe('Telegram length limits', () => {
  it('counts what Telegram counts: text after HTML parsing, in UTF-16 units', () => {
    expect(visibleLength('<b>Total</b> &amp; <code>A&lt;B&gt;</code>')).toBe('Total & A<B>'.length);
    expect(visibleLength('&#128512; &#x1F600; &quot;')).toBe('😀 😀 "'.length);
    expect(visibleLength('&unknown;')).toBe('&unknown;'.length);
  });

  it('keeps the most leading lines that fit, with the count left out', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const render = (kept: string[], omitted: number) =>
      ['<b>head</b>', ...kept, ...(omitted > 0 ? [`+${omitted} more`] : [])].join('\n');
    const all = fitLines(lines, 10_000, render);
    expect(all.omitted).toBe(0);
    const capped = fitLines(lines, 200, render);
    expect(visibleLength(capped.text)).toBeLessThanOrEqual(200);
    expect(capped.omitted).toBeGreaterThan(0);
    // One more line would not have fitted.
    const kept = lines.length - capped.omitted;
    expect(visibleLength(render(lines.slice(0, kept + 1), capped.omitted - 1))).toBeGreaterThan(200);
    expect(capped.text).toContain(`+${capped.omitted} more`);
  });

  it('packs lines into messages under the limit, in order, none lost', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `<b>${i}</b> ${'y'.repeat(95)}`);
    const messages = packLines(lines, 1000);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(visibleLength(message)).toBeLessThanOrEqual(1000);
    expect(messages.join('\n')).toBe(lines.join('\n'));
  });
});
