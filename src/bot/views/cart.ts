import { getActor } from '../../actors/queries.ts';
import type { CheckoutContext } from '../../machines/checkout.ts';
import { getProduct } from '../../shop/catalog.ts';
import { evaluateVoucher, type VoucherResult } from '../../shop/vouchers.ts';
import type { BotDeps } from '../context.ts';
import { localTime } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { cartKeyboard, emptyCartKeyboard } from '../keyboards/cart.ts';
import type { Screen } from './screen.ts';

export type Cart = Pick<CheckoutContext, 'items' | 'voucher'>;

export interface PricedLine {
  productId: number;
  name: string;
  unitPrice: number;
  quantity: number;
  stock: number;
  /** False when the product is gone or no longer on sale. */
  onSale: boolean;
}

export interface PricedCart {
  lines: PricedLine[];
  subtotal: number;
  voucher: { code: string; result: VoucherResult } | null;
  discount: number;
  total: number;
  /** Every line is on sale with enough stock. */
  ready: boolean;
}

/** The buyer's cart as the checkout actor holds it (empty when the buyer never added anything). */
export async function loadCart(deps: BotDeps, userId: number): Promise<Cart> {
  const row = await getActor(deps.db, 'checkout', String(userId));
  const context = row?.snapshot.context as Partial<CheckoutContext> | undefined;
  return { items: context?.items ?? [], voucher: context?.voucher ?? null };
}

/** Current prices and stock, and the voucher re-checked against today's subtotal. */
export async function priceCart(deps: BotDeps, userId: number, cart: Cart): Promise<PricedCart> {
  const lines: PricedLine[] = [];
  for (const item of cart.items) {
    const product = await getProduct(deps.db, item.productId);
    lines.push({
      productId: item.productId,
      name: product?.name ?? `#${item.productId}`,
      unitPrice: product?.price ?? 0,
      quantity: item.quantity,
      stock: product?.stock ?? 0,
      onSale: product?.active === true,
    });
  }
  const subtotal = lines.filter((l) => l.onSale).reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const voucher = cart.voucher
    ? {
        code: cart.voucher.code,
        result: await evaluateVoucher(deps.db, { code: cart.voucher.code, userId, subtotal }),
      }
    : null;
  const discount = voucher?.result.ok ? voucher.result.discount : 0;
  const ready = lines.length > 0 && lines.every((l) => l.onSale && l.stock >= l.quantity);
  return { lines, subtotal, voucher, discount, total: subtotal - discount, ready };
}

/** Why a voucher does not apply, in the buyer's words and the shop's time zone. */
export function voucherReason(t: Texts, result: VoucherResult, timeZone: string, lang: Lang): string {
  if (result.ok) return '';
  const reasons = t.cart.voucherReasons;
  switch (result.reason) {
    case 'unknown':
      return reasons.unknown;
    case 'expired':
      return reasons.expired(result.validUntil ? localTime(result.validUntil, timeZone, lang) : '-');
    case 'not_yet_valid':
      return reasons.not_yet_valid(result.validFrom ? localTime(result.validFrom, timeZone, lang) : '-');
    case 'used_up':
      return reasons.used_up;
    case 'below_minimum':
      return reasons.below_minimum(result.minPurchase ?? 0);
    case 'already_used':
      return reasons.already_used;
  }
}

export function cartScreen(t: Texts, lang: Lang, timeZone: string, cart: PricedCart): Screen {
  if (cart.lines.length === 0) return { text: t.cart.empty, keyboard: emptyCartKeyboard(t) };
  const lines = cart.lines.map((line, index) => {
    if (!line.onSale) return t.cart.lineGone(line.name);
    const text = t.cart.line({ index: index + 1, ...line });
    return line.stock < line.quantity ? `${text}\n${t.cart.lineShort(line.stock)}` : text;
  });
  const voucher = cart.voucher;
  const voucherLine = !voucher
    ? []
    : voucher.result.ok
      ? [t.cart.voucherApplied(voucher.code, cart.discount)]
      : [t.cart.voucherNotValid(voucher.code, voucherReason(t, voucher.result, timeZone, lang))];
  const text = [
    t.cart.title,
    '',
    lines.join('\n\n'),
    '',
    t.cart.subtotal(cart.subtotal),
    ...voucherLine,
    t.cart.total(cart.total),
    ...(cart.ready ? [] : ['', t.cart.fixFirst]),
  ].join('\n');
  return { text, keyboard: cartKeyboard(t, { lines: cart.lines, voucherCode: voucher?.code ?? null }) };
}
