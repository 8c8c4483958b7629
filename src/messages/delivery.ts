import { InputFile } from 'grammy';
import type { Texts } from '../bot/i18n.ts';
import type { OrderContent } from '../shop/stock.ts';

/** Above this many items, or past Telegram's text limit, items travel as a .txt file. */
export const MAX_ITEMS_INLINE = 10;
const MAX_TEXT = 4000;

export type DeliveryView =
  | { kind: 'text'; text: string }
  | { kind: 'document'; caption: string; document: InputFile };

/**
 * The message that carries the bought items (also used, with another header, to resend).
 * Header and footer are the owner's templates, rendered by the caller.
 */
export function deliveryView(
  t: Texts,
  frame: { header: string; footer: string },
  orderId: string,
  items: OrderContent[],
): DeliveryView {
  const { header, footer } = frame;
  const numbered = numberPerProduct(items);
  const text = [
    header,
    '',
    ...numbered.map((i) => t.orders.deliveredItem(i.productName, i.n, i.content)),
    '',
    footer,
  ].join('\n');
  if (items.length <= MAX_ITEMS_INLINE && text.length <= MAX_TEXT) return { kind: 'text', text };
  const lines = numbered.map((i) => `${i.productName} #${i.n}\t${i.content}`).join('\n');
  return {
    kind: 'document',
    caption: `${header}\n${t.orders.deliveredAsFile(items.length)}`,
    document: new InputFile(Buffer.from(`${lines}\n`, 'utf8'), `${orderId}.txt`),
  };
}

function numberPerProduct(items: OrderContent[]) {
  const counts = new Map<number, number>();
  return items.map((item) => {
    const n = (counts.get(item.productId) ?? 0) + 1;
    counts.set(item.productId, n);
    return { ...item, n };
  });
}
