import type { MessageEntity } from 'grammy/types';

/**
 * A message's formatted text as a tree the browser turns into DOM nodes with createElement and
 * createTextNode: bot text never becomes markup, so it cannot inject any.
 */
export type RichNode = { text: string } | RichElement;

export interface RichElement {
  tag: RichTag;
  /** Links only, and only http(s) and tg: addresses. */
  href?: string;
  /** `pre` only: the code block's language. */
  language?: string;
  children: RichNode[];
}

/** The elements the page builds; `spoiler` is a span the page hides until clicked. */
export type RichTag = 'b' | 'i' | 'u' | 's' | 'code' | 'pre' | 'blockquote' | 'a' | 'spoiler';

interface Span {
  start: number;
  end: number;
  element: Omit<RichElement, 'children'>;
}

const TAG_OF: Partial<Record<MessageEntity['type'], RichTag>> = {
  bold: 'b',
  italic: 'i',
  underline: 'u',
  strikethrough: 's',
  spoiler: 'spoiler',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  expandable_blockquote: 'blockquote',
};

const SAFE_LINK = /^(https?:\/\/|tg:\/\/)/i;

/** Safe to put in an href: no javascript:, data: or relative addresses. */
export function safeHref(url: string): string | undefined {
  return SAFE_LINK.test(url.trim()) ? url.trim() : undefined;
}

/**
 * Nests the entities over the text (UTF-16 offsets, as Telegram and JavaScript count). Entities
 * that overlap without nesting are split at the outer one's end, so every node has one parent.
 * Entity types without a look (mentions, hashtags, custom emoji) leave their text plain.
 */
export function richNodes(text: string, entities: readonly MessageEntity[]): RichNode[] {
  const spans = entities
    .map((entity) => spanOf(text, entity))
    .filter((span): span is Span => span !== undefined)
    .sort(bySpanOrder);
  return build(text, 0, text.length, spans);
}

function spanOf(text: string, entity: MessageEntity): Span | undefined {
  const start = Math.max(0, entity.offset);
  const end = Math.min(text.length, entity.offset + entity.length);
  if (end <= start) return undefined;
  const element = elementOf(entity, text.slice(start, end));
  return element ? { start, end, element } : undefined;
}

function elementOf(entity: MessageEntity, covered: string): Span['element'] | undefined {
  if (entity.type === 'text_link' || entity.type === 'url') {
    const href = safeHref(entity.type === 'text_link' ? entity.url : covered);
    return href ? { tag: 'a', href } : undefined;
  }
  const tag = TAG_OF[entity.type];
  if (!tag) return undefined;
  return entity.type === 'pre' && entity.language ? { tag, language: entity.language } : { tag };
}

/** Outer first: earlier start, then longer. */
function bySpanOrder(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end;
}

function build(text: string, start: number, end: number, spans: Span[]): RichNode[] {
  const nodes: RichNode[] = [];
  let position = start;
  let queue = spans;
  while (queue.length > 0) {
    const [span, ...others] = queue as [Span, ...Span[]];
    if (span.start > position) nodes.push({ text: text.slice(position, span.start) });
    const inside: Span[] = [];
    const after: Span[] = [];
    for (const other of others) {
      if (other.start >= span.end) after.push(other);
      else if (other.end <= span.end) inside.push(other);
      else {
        inside.push({ ...other, end: span.end });
        after.push({ ...other, start: span.end });
      }
    }
    nodes.push({ ...span.element, children: build(text, span.start, span.end, inside) });
    position = span.end;
    queue = after.sort(bySpanOrder);
  }
  if (position < end) nodes.push({ text: text.slice(position, end) });
  return nodes;
}
