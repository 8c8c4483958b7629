import type { InlineKeyboard } from 'grammy';
import { encodeCallback } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

/** ◀️ [page/pages] ▶️, only when there is more than one page. */
export function addPager(
  keyboard: InlineKeyboard,
  t: Texts,
  page: number,
  pages: number,
  dataFor: (page: number) => string,
) {
  if (pages <= 1) return keyboard;
  if (page > 1) keyboard.text(t.catalog.previous, dataFor(page - 1));
  keyboard.text(`${page}/${pages}`, encodeCallback({ type: 'noop' }));
  if (page < pages) keyboard.text(t.catalog.next, dataFor(page + 1));
  return keyboard.row();
}
