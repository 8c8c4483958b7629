import { describe, expect, it } from 'vitest';
import { parseTelegramHtml } from '../../../src/messages/telegram-html.ts';
import { webMessage } from '../../../src/sandbox/web/chat-message.ts';
import { type RichNode, richNodes, safeHref } from '../../../src/sandbox/web/rich-text.ts';

/** Parses Telegram HTML as the emulator stores it, then builds the node tree the page renders. */
const nodesOf = (html: string): RichNode[] => {
  const parsed = parseTelegramHtml(html);
  return richNodes(parsed.text, parsed.entities);
};

describe('rich text for the web chat', () => {
  it('keeps plain text as one text node', () => {
    expect(nodesOf('Halo &lt;semua&gt; &amp; selamat datang')).toEqual([
      { text: 'Halo <semua> & selamat datang' },
    ]);
    expect(richNodes('', [])).toEqual([]);
  });

  it('nests the formatting tags as elements', () => {
    expect(nodesOf('<b>Toko <i>Demo</i></b> siap')).toEqual([
      { tag: 'b', children: [{ text: 'Toko ' }, { tag: 'i', children: [{ text: 'Demo' }] }] },
      { text: ' siap' },
    ]);
    expect(
      nodesOf('<u>a</u><s>b</s><code>c</code><tg-spoiler>d</tg-spoiler><blockquote>e</blockquote>'),
    ).toEqual([
      { tag: 'u', children: [{ text: 'a' }] },
      { tag: 's', children: [{ text: 'b' }] },
      { tag: 'code', children: [{ text: 'c' }] },
      { tag: 'spoiler', children: [{ text: 'd' }] },
      { tag: 'blockquote', children: [{ text: 'e' }] },
    ]);
  });

  it('keeps a code block language and counts offsets in UTF-16 like Telegram', () => {
    expect(nodesOf('🎉 <pre><code class="language-json">{"a":1}</code></pre>')).toEqual([
      { text: '🎉 ' },
      { tag: 'pre', language: 'json', children: [{ text: '{"a":1}' }] },
    ]);
  });

  it('links only http(s) and tg addresses; other links stay plain text', () => {
    expect(nodesOf('<a href="https://example.com/x?a=1&amp;b=2">situs</a>')).toEqual([
      { tag: 'a', href: 'https://example.com/x?a=1&b=2', children: [{ text: 'situs' }] },
    ]);
    expect(nodesOf('<a href="javascript:alert(1)">klik</a> <a href="data:text/html,x">x</a>')).toEqual([
      { text: 'klik x' },
    ]);
    expect(richNodes('lihat https://example.com', [{ type: 'url', offset: 6, length: 19 }])).toEqual([
      { text: 'lihat ' },
      { tag: 'a', href: 'https://example.com', children: [{ text: 'https://example.com' }] },
    ]);
    expect(safeHref(' tg://user?id=1 ')).toBe('tg://user?id=1');
    expect(safeHref('/relative')).toBeUndefined();
  });

  it('leaves markup in the text as text: tags the parser rejects never reach the page as elements', () => {
    expect(nodesOf('&lt;img src=x onerror=alert(1)&gt;')).toEqual([{ text: '<img src=x onerror=alert(1)>' }]);
    expect(() => parseTelegramHtml('<img src=x>')).toThrow(/Unsupported start tag "img"/);
  });

  it('splits entities that overlap without nesting, and ignores ones without a look', () => {
    const nodes = richNodes('abcdef', [
      { type: 'bold', offset: 0, length: 4 },
      { type: 'italic', offset: 2, length: 4 },
      { type: 'mention', offset: 0, length: 2 },
      { type: 'underline', offset: 5, length: 10 },
      { type: 'code', offset: 3, length: 0 },
    ]);
    expect(nodes).toEqual([
      { tag: 'b', children: [{ text: 'ab' }, { tag: 'i', children: [{ text: 'cd' }] }] },
      { tag: 'i', children: [{ text: 'e' }, { tag: 'u', children: [{ text: 'f' }] }] },
    ]);
  });
});

describe('web chat message', () => {
  it('numbers inline buttons in reading order and drops unsafe button links', () => {
    const parsed = parseTelegramHtml('<b>Pilih</b>');
    const message = webMessage({
      messageId: 7,
      from: 'bot',
      text: parsed.text,
      html: '<b>Pilih</b>',
      entities: parsed.entities,
      buttons: [],
      replyMarkup: {
        inline_keyboard: [
          [
            { text: 'A', callback_data: 'a' },
            { text: 'B', url: 'https://example.com' },
          ],
          [{ text: 'C', url: 'javascript:alert(1)' }],
        ],
      },
      replyKeyboard: undefined,
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
        { file_id: 'big/one', file_unique_id: 'b', width: 400, height: 400 },
      ],
      document: undefined,
      sticker: undefined,
      edited: true,
      deleted: false,
      raw: { message_id: 7, date: 0, chat: { id: 1, type: 'private', first_name: 'x' } },
    });
    expect(message).toEqual({
      id: 7,
      from: 'bot',
      nodes: [{ tag: 'b', children: [{ text: 'Pilih' }] }],
      edited: true,
      photo: '/chat/files/big%2Fone',
      buttons: [
        [
          { kind: 'callback', text: 'A', index: 0 },
          { kind: 'url', text: 'B', index: 1, href: 'https://example.com' },
        ],
        [{ kind: 'other', text: 'C', index: 2 }],
      ],
    });
  });
});
