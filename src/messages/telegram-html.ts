import type { MessageEntity } from 'grammy/types';

/**
 * Telegram's HTML parse mode, shared by the app (templates are checked with it before
 * they are saved) and the Bot API emulator (which answers the real server's errors).
 */

/** Text with its formatting, as Telegram stores a message after parsing. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

interface OpenTag {
  name: string;
  argument: string;
  expandable: boolean;
  offset: number;
  language?: string;
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const isSpace = (char: string | undefined): boolean =>
  char === ' ' || char === '\n' || char === '\t' || char === '\r';

/**
 * Parses Telegram's HTML parse mode into plain text and entities, with the error messages of the
 * real server (tdlib's parser). Entity offsets are UTF-16 code units, error offsets UTF-8 bytes.
 * One deliberate difference: a bare `&` that starts no known entity is rejected, because the Bot
 * API documentation requires escaping it and the real server's leniency hides bugs.
 */
export function parseTelegramHtml(source: string): ParsedText {
  return new HtmlParser(source).parse();
}

/** What Telegram would answer as `can't parse entities: <detail>`. */
export class TelegramHtmlError extends Error {
  readonly detail: string;
  constructor(detail: string) {
    super(detail);
    this.name = 'TelegramHtmlError';
    this.detail = detail;
  }
}

class HtmlParser {
  private readonly source: string;
  private pos = 0;
  private out = '';
  private readonly stack: OpenTag[] = [];
  private readonly entities: MessageEntity[] = [];

  constructor(source: string) {
    this.source = source;
  }

  parse(): ParsedText {
    while (this.pos < this.source.length) {
      const char = this.source[this.pos];
      if (char === '&') this.readEntity();
      else if (char === '<') this.readTag();
      else {
        this.out += char;
        this.pos++;
      }
    }
    const unclosed = this.stack.at(-1);
    if (unclosed) this.fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
    this.entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
    return { text: this.out, entities: this.entities };
  }

  private fail(detail: string): never {
    throw new TelegramHtmlError(detail);
  }

  private byteOffset(index: number): number {
    return Buffer.byteLength(this.source.slice(0, index), 'utf8');
  }

  private readEntity(): void {
    const start = this.pos;
    const decoded = this.decodeEntityAt(start);
    if (decoded === undefined) this.fail(`Unescaped "&" at byte offset ${this.byteOffset(start)}`);
    this.out += decoded.text;
    this.pos = decoded.end;
  }

  /** tdlib's rules: &lt; &gt; &amp; &quot; and numeric references; the closing `;` is optional. */
  private decodeEntityAt(start: number): { text: string; end: number } | undefined {
    const rest = this.source.slice(start + 1);
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))/.exec(rest);
    let text: string | undefined;
    let length: number;
    if (numeric) {
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      text = String.fromCodePoint(code);
      length = numeric[0].length;
    } else {
      const name = /^[a-zA-Z]*/.exec(rest)?.[0] ?? '';
      text = NAMED_ENTITIES[name];
      length = name.length;
    }
    if (text === undefined) return undefined;
    let end = start + 1 + length;
    if (this.source[end] === ';') end++;
    return { text, end };
  }

  private readTag(): void {
    if (this.source[this.pos + 1] === '/') this.readEndTag();
    else this.readStartTag();
  }

  private readStartTag(): void {
    const begin = this.pos;
    this.pos++;
    const nameStart = this.pos;
    while (
      this.pos < this.source.length &&
      !isSpace(this.source[this.pos]) &&
      this.source[this.pos] !== '>'
    ) {
      this.pos++;
    }
    if (this.pos >= this.source.length)
      this.fail(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
    const name = this.source.slice(nameStart, this.pos).toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) {
      this.fail(`Unsupported start tag "${name}" at byte offset ${this.byteOffset(begin)}`);
    }
    const tag: OpenTag = { name, argument: '', expandable: false, offset: this.out.length };
    this.readAttributes(tag, begin);
    this.pos++;
    if (name === 'span' && tag.argument !== 'spoiler') {
      this.fail(`Tag "span" must have class "tg-spoiler" at byte offset ${this.byteOffset(begin)}`);
    }
    this.stack.push(tag);
  }

  private readAttributes(tag: OpenTag, begin: number): void {
    for (;;) {
      this.skipSpaces();
      if (this.source[this.pos] === '>') return;
      if (this.pos >= this.source.length)
        this.fail(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
      const attributeStart = this.pos;
      while (
        this.pos < this.source.length &&
        !isSpace(this.source[this.pos]) &&
        this.source[this.pos] !== '=' &&
        this.source[this.pos] !== '>'
      ) {
        this.pos++;
      }
      const attribute = this.source.slice(attributeStart, this.pos);
      if (attribute === '') {
        this.fail(`Empty attribute name in the tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`);
      }
      this.skipSpaces();
      if (this.source[this.pos] !== '=') {
        if (tag.name === 'blockquote' && attribute === 'expandable') {
          tag.expandable = true;
          continue;
        }
        this.fail(
          `Expected equal sign in declaration of an attribute of the tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`,
        );
      }
      this.pos++;
      this.skipSpaces();
      if (this.pos >= this.source.length) {
        this.fail(`Unclosed start tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`);
      }
      const value = this.readAttributeValue();
      if (this.pos >= this.source.length)
        this.fail(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
      applyAttribute(tag, attribute, value);
    }
  }

  private readAttributeValue(): string {
    const quote = this.source[this.pos];
    if (quote !== '"' && quote !== "'") {
      const tokenStart = this.pos;
      while (/[a-zA-Z0-9.-]/.test(this.source[this.pos] ?? '')) this.pos++;
      const next = this.source[this.pos];
      if (!isSpace(next) && next !== '>') {
        this.fail(`Unexpected end of name token at byte offset ${this.byteOffset(tokenStart)}`);
      }
      return this.source.slice(tokenStart, this.pos).toLowerCase();
    }
    this.pos++;
    let value = '';
    while (this.pos < this.source.length && this.source[this.pos] !== quote) {
      const decoded = this.source[this.pos] === '&' ? this.decodeEntityAt(this.pos) : undefined;
      if (decoded) {
        value += decoded.text;
        this.pos = decoded.end;
      } else {
        value += this.source[this.pos];
        this.pos++;
      }
    }
    if (this.source[this.pos] === quote) this.pos++;
    return value;
  }

  private skipSpaces(): void {
    while (isSpace(this.source[this.pos])) this.pos++;
  }

  private readEndTag(): void {
    const begin = this.pos;
    const open = this.stack.pop();
    if (!open) this.fail(`Unexpected end tag at byte offset ${this.byteOffset(begin)}`);
    this.pos += 2;
    const nameStart = this.pos;
    while (
      this.pos < this.source.length &&
      !isSpace(this.source[this.pos]) &&
      this.source[this.pos] !== '>'
    ) {
      this.pos++;
    }
    const name = this.source.slice(nameStart, this.pos).toLowerCase();
    this.skipSpaces();
    if (this.source[this.pos] !== '>') this.fail(`Unclosed end tag at byte offset ${this.byteOffset(begin)}`);
    this.pos++;
    if (name !== '' && name !== open.name) {
      this.fail(
        `Unmatched end tag at byte offset ${this.byteOffset(begin)}, expected "</${open.name}>", found "</${name}>"`,
      );
    }
    this.closeTag(open);
  }

  private closeTag(tag: OpenTag): void {
    const length = this.out.length - tag.offset;
    const parent = this.stack.at(-1);
    // <pre><code class="language-x"> is one pre entity carrying the language.
    if (tag.name === 'code' && parent?.name === 'pre') {
      if (tag.argument !== '') parent.language = tag.argument;
      return;
    }
    if (length === 0) return;
    const entity = toEntity(tag, length);
    if (entity) this.entities.push(entity);
  }
}

function applyAttribute(tag: OpenTag, attribute: string, value: string): void {
  if (tag.name === 'a' && attribute === 'href') tag.argument = value;
  else if (tag.name === 'code' && attribute === 'class' && value.startsWith('language-')) {
    tag.argument = value.slice('language-'.length);
  } else if (tag.name === 'span' && attribute === 'class' && value.startsWith('tg-')) {
    tag.argument = value.slice('tg-'.length);
  } else if (tag.name === 'tg-emoji' && attribute === 'emoji-id') tag.argument = value;
  else if (tag.name === 'blockquote' && attribute === 'expandable') tag.expandable = true;
}

function toEntity(tag: OpenTag, length: number): MessageEntity | undefined {
  const offset = tag.offset;
  switch (tag.name) {
    case 'b':
    case 'strong':
      return { type: 'bold', offset, length };
    case 'i':
    case 'em':
      return { type: 'italic', offset, length };
    case 'u':
    case 'ins':
      return { type: 'underline', offset, length };
    case 's':
    case 'strike':
    case 'del':
      return { type: 'strikethrough', offset, length };
    case 'tg-spoiler':
    case 'span':
      return { type: 'spoiler', offset, length };
    case 'code':
      return { type: 'code', offset, length };
    case 'pre':
      return tag.language
        ? { type: 'pre', offset, length, language: tag.language }
        : { type: 'pre', offset, length };
    case 'blockquote':
      return { type: tag.expandable ? 'expandable_blockquote' : 'blockquote', offset, length };
    case 'a':
      return tag.argument === '' ? undefined : { type: 'text_link', offset, length, url: tag.argument };
    case 'tg-emoji':
      return tag.argument === ''
        ? undefined
        : { type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument };
    default:
      return undefined;
  }
}

/** Escapes plain text so it renders verbatim in HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
