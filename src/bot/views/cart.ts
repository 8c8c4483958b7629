import type { CheckoutContext } from '../../machines/checkout.ts';
import { type Quote, quoteOrder } from '../../shop/pricing.ts';
import { namesWithTerms } from '../../shop/snk.ts';
import type { VoucherResult, VoucherScope } from '../../shop/vouchers.ts';
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
  /** Counted in the subtotal: unit price × quantity. */
  lineTotal: number;
  stock: number;
  /** False when the product is gone or no longer on sale. */
  onSale: boolean;
}

/** The cart as shown: the order's own quote (src/shop/pricing.ts) with display names. */
export interface PricedCart extends Omit<Quote, 'lines'> {
  lines: PricedLine[];
  /** Every line is on sale with enough stock. */
  ready: boolean;
  /** Products in the cart whose terms (SNK) apply after delivery. */
  withTerms: string[];
}

/** The buyer's cart as the checkout actor holds it (empty when the buyer never added anything). */
export async function loadCart(deps: BotDeps, userId: number): Promise<Cart> {
  const context = (await deps.runtime.read('checkout', String(userId)))?.snapshot.context;
  return { items: context?.items ?? [], voucher: context?.voucher ?? null };
}

/** Current prices and stock, and the voucher re-checked against today's subtotal. */
export async function priceCart(deps: BotDeps, userId: number, cart: Cart): Promise<PricedCart> {
  const quote = await quoteOrder(deps.db, {
    userId,
    lines: cart.items,
    voucherCode: cart.voucher?.code ?? null,
  });
  const lines = quote.lines.map((line) => ({
    productId: line.productId,
    name: line.product?.name ?? `#${line.productId}`,
    unitPrice: line.product?.price ?? 0,
    quantity: line.quantity,
    lineTotal: line.lineTotal,
    stock: line.product?.stock ?? 0,
    onSale: line.onSale,
  }));
  const ready = lines.length > 0 && lines.every((l) => l.onSale && l.stock >= l.quantity);
  const withTerms = await namesWithTerms(
    deps.db,
    lines.map((l) => l.productId),
  );
  return { ...quote, lines, ready, withTerms };
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
      return reasons.below_minimum(result.minPurchase ?? 0, scopeText(t, result.scope ?? null));
    case 'already_used':
      return reasons.already_used;
    case 'not_applicable':
      return reasons.not_applicable(scopeText(t, result.scope ?? null) ?? '');
  }
}

/** "khusus produk Netflix" for a scoped voucher; undefined for a shop-wide one. */
export function scopeText(t: Texts, scope: VoucherScope): string | undefined {
  return scope ? t.cart.voucherScope[scope.kind](scope.name) : undefined;
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
      ? [t.cart.voucherApplied(voucher.code, cart.discount, scopeText(t, voucher.result.voucher.scope))]
      : [t.cart.voucherNotValid(voucher.code, voucherReason(t, voucher.result, timeZone, lang))];
  const text = [
    t.cart.title,
    '',
    lines.join('\n\n'),
    '',
    t.cart.subtotal(cart.subtotal),
    ...voucherLine,
    t.cart.total(cart.total),
    ...(cart.qris ? [t.cart.qrisTotal(cart.qris.fee, cart.qris.totalPayment)] : []),
    ...(cart.withTerms.length > 0 ? [t.snk.cartLine(cart.withTerms)] : []),
    ...(cart.ready ? [] : ['', t.cart.fixFirst]),
  ].join('\n');
  return { text, keyboard: cartKeyboard(t, { lines: cart.lines, voucherCode: voucher?.code ?? null }) };
}
