/**
 * Telegram's length limits, counted as Telegram counts them: UTF-16 code units of the
 * text left once the HTML is parsed (tags gone, entities decoded).
 */
export const CAPTION_LIMIT = 1024;
export const TEXT_LIMIT = 4096;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? entity;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return String.fromCodePoint(code);
  }).length;
}

/**
 * The most leading lines that fit: `render` gets the lines kept and how many were left
 * out, and its result must stay within `limit`. Keeps all lines when they fit.
 */
export function fitLines(
  lines: string[],
  limit: number,
  render: (kept: string[], omitted: number) => string,
): { text: string; omitted: number } {
  for (let kept = lines.length; kept > 0; kept--) {
    const text = render(lines.slice(0, kept), lines.length - kept);
    if (visibleLength(text) <= limit) return { text, omitted: lines.length - kept };
  }
  return { text: render([], lines.length), omitted: lines.length };
}

/** Packs lines, in order, into as few messages as fit within `limit` each; lines are never split. */
export function packLines(lines: string[], limit = TEXT_LIMIT): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    const size = visibleLength(line);
    if (current.length > 0 && length + 1 + size > limit) {
      messages.push(current.join('\n'));
      current = [];
      length = 0;
    }
    current.push(line);
    length += (current.length > 1 ? 1 : 0) + size;
  }
  if (current.length > 0) messages.push(current.join('\n'));
  return messages;
}
