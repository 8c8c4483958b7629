import { describe, expect, it } from 'vitest';
import { ApiError, parseHtml } from '../../../src/sandbox/telegram/index.ts';

function parseError(html: string): string {
  try {
    parseHtml(html);
  } catch (error) {
    if (error instanceof ApiError) return error.description;
    throw error;
  }
  throw new Error(`expected ${html} to fail`);
}

describe('HTML parse mode', () => {
  it('strips tags, decodes entities and measures offsets in UTF-16 units', () => {
    expect(parseHtml('🎉 <b>Rp&#49;0.000</b> &lt;ok&gt; &amp; &quot;x&quot; &#x41;')).toEqual({
      text: '🎉 Rp10.000 <ok> & "x" A',
      entities: [{ type: 'bold', offset: 3, length: 8 }],
    });
  });

  it('maps every supported tag to its entity', () => {
    const html =
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>' +
      '<tg-spoiler>p</tg-spoiler><span class="tg-spoiler">q</span><a href="https://t.me/x?a=1&amp;b=2">l</a>' +
      '<code>c</code><pre><code class="language-ts">let x</code></pre><blockquote>q</blockquote>' +
      '<blockquote expandable>e</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>';
    const { text, entities } = parseHtml(html);
    expect(text).toBe('bsieunskdpqlclet xqe👍');
    expect(entities.map((entity) => entity.type)).toEqual([
      'bold',
      'bold',
      'italic',
      'italic',
      'underline',
      'underline',
      'strikethrough',
      'strikethrough',
      'strikethrough',
      'spoiler',
      'spoiler',
      'text_link',
      'code',
      'pre',
      'blockquote',
      'expandable_blockquote',
      'custom_emoji',
    ]);
    expect(entities.find((entity) => entity.type === 'text_link')).toMatchObject({
      url: 'https://t.me/x?a=1&b=2',
    });
    expect(entities.find((entity) => entity.type === 'pre')).toMatchObject({
      offset: 13,
      length: 5,
      language: 'ts',
    });
  });

  it('nests entities and sorts them by offset', () => {
    expect(parseHtml('<b>a <i>b</i></b> c').entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'italic', offset: 2, length: 1 },
    ]);
  });

  it('reports errors like Telegram, with UTF-8 byte offsets', () => {
    expect(parseError('é <x>')).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 3',
    );
    expect(parseError('<b>a</b></b>')).toBe(
      "Bad Request: can't parse entities: Unexpected end tag at byte offset 8",
    );
    expect(parseError('<a href="x"')).toBe(
      "Bad Request: can't parse entities: Unclosed start tag at byte offset 0",
    );
    expect(parseError('<b foo>x</b>')).toBe(
      'Bad Request: can\'t parse entities: Expected equal sign in declaration of an attribute of the tag "b" at byte offset 0',
    );
    expect(parseError('&nbsp;')).toBe('Bad Request: can\'t parse entities: Unescaped "&" at byte offset 0');
  });
});
