import type { Composer, Filter } from 'grammy';
import { SNK_STATUSES, type SnkStatus } from '../machines/snk.ts';
import type { BotContext } from './context.ts';

/**
 * Every inline button's callback data, typed and validated both ways. Telegram hands
 * the data back verbatim, so a client can send anything: decoding is strict (known
 * prefix, digits only where numbers go, bounded lengths) and yields null otherwise.
 *
 *   cats                        categories
 *   cat:<categoryId|all>:<page> product list
 *   prod:<productId>            product page (quantity 1)
 *   qty:<productId>:<n>         product page with quantity n
 *   qtyask:<productId>          asks for a typed quantity
 *   noop                        a label-only button
 *   cart:show | cart:clear | cart:voucher | cart:unvoucher
 *   cart:add:<productId>:<qty>
 *   cart:inc:<pid> | cart:dec:<pid> | cart:rm:<pid>
 *   cart:checkout:qris | cart:checkout:balance | cart:checkout:balance:yes (confirmed)
 *   order:cancel:<orderId> | order:cancelyes:<orderId> | order:keep:<orderId>
 *   order:resend:<orderId>
 *   conv:cancel                 ends the open prompt
 *   orders:page:<n>
 *   bal:show | topup:menu | topup:<amount>
 *   admin:panel
 *   snk:terms:<productId>       a product's terms before buying
 *   snk:go:<orderId>:<pid> | snk:done:<orderId>:<pid>   start / submit the proof
 *   admin:snk:accept|reject|open:<orderId>:<pid> | admin:snk:list:<status>:<page> | admin:snk:home
 */
export type CallbackAction =
  | { type: 'categories' }
  | { type: 'category'; categoryId: number | 'all'; page: number }
  | { type: 'product'; productId: number }
  | { type: 'quantity'; productId: number; quantity: number }
  | { type: 'quantityAsk'; productId: number }
  | { type: 'noop' }
  | { type: 'cartShow' }
  | { type: 'cartClear' }
  | { type: 'cartVoucher' }
  | { type: 'cartVoucherRemove' }
  | { type: 'cartAdd'; productId: number; quantity: number }
  | { type: 'cartInc'; productId: number }
  | { type: 'cartDec'; productId: number }
  | { type: 'cartRemove'; productId: number }
  | { type: 'checkout'; method: 'qris' | 'balance' }
  | { type: 'checkoutBalanceConfirmed' }
  | { type: 'orderCancel'; orderId: string }
  | { type: 'orderCancelConfirmed'; orderId: string }
  | { type: 'orderKeep'; orderId: string }
  | { type: 'conversationCancel' }
  | { type: 'orderResend'; orderId: string }
  | { type: 'ordersPage'; page: number }
  | { type: 'balance' }
  | { type: 'topupMenu' }
  | { type: 'topup'; amount: number }
  | { type: 'adminPanel' }
  | { type: 'snkTerms'; productId: number }
  | { type: 'snkStart'; orderId: string; productId: number }
  | { type: 'snkDone'; orderId: string; productId: number }
  | { type: 'adminSnkAccept'; orderId: string; productId: number }
  | { type: 'adminSnkReject'; orderId: string; productId: number }
  | { type: 'adminSnkOpen'; orderId: string; productId: number }
  | { type: 'adminSnkList'; status: SnkStatus; page: number }
  | { type: 'adminSnkHome' };

export type CallbackType = CallbackAction['type'];
export type ActionOf<T extends CallbackType> = Extract<CallbackAction, { type: T }>;

/**
 * One example of every action, typed so a new action cannot be added without one:
 * tests press each of them (the admin gate's test presses every admin one).
 */
export const CALLBACK_SAMPLES: { [T in CallbackType]: ActionOf<T> } = {
  categories: { type: 'categories' },
  category: { type: 'category', categoryId: 1, page: 1 },
  product: { type: 'product', productId: 1 },
  quantity: { type: 'quantity', productId: 1, quantity: 2 },
  quantityAsk: { type: 'quantityAsk', productId: 1 },
  noop: { type: 'noop' },
  cartShow: { type: 'cartShow' },
  cartClear: { type: 'cartClear' },
  cartVoucher: { type: 'cartVoucher' },
  cartVoucherRemove: { type: 'cartVoucherRemove' },
  cartAdd: { type: 'cartAdd', productId: 1, quantity: 1 },
  cartInc: { type: 'cartInc', productId: 1 },
  cartDec: { type: 'cartDec', productId: 1 },
  cartRemove: { type: 'cartRemove', productId: 1 },
  checkout: { type: 'checkout', method: 'qris' },
  checkoutBalanceConfirmed: { type: 'checkoutBalanceConfirmed' },
  orderCancel: { type: 'orderCancel', orderId: 'INV000000SAMPLE' },
  orderCancelConfirmed: { type: 'orderCancelConfirmed', orderId: 'INV000000SAMPLE' },
  orderKeep: { type: 'orderKeep', orderId: 'INV000000SAMPLE' },
  conversationCancel: { type: 'conversationCancel' },
  orderResend: { type: 'orderResend', orderId: 'INV000000SAMPLE' },
  ordersPage: { type: 'ordersPage', page: 1 },
  balance: { type: 'balance' },
  topupMenu: { type: 'topupMenu' },
  topup: { type: 'topup', amount: 25_000 },
  adminPanel: { type: 'adminPanel' },
  snkTerms: { type: 'snkTerms', productId: 1 },
  snkStart: { type: 'snkStart', orderId: 'INV000000SAMPLE', productId: 1 },
  snkDone: { type: 'snkDone', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkAccept: { type: 'adminSnkAccept', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkReject: { type: 'adminSnkReject', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkOpen: { type: 'adminSnkOpen', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkList: { type: 'adminSnkList', status: 'submitted', page: 1 },
  adminSnkHome: { type: 'adminSnkHome' },
};

/** Admin buttons all start so; only the admin composer handles them. */
export const ADMIN_CALLBACK_PREFIX = 'admin:';

export const isAdminCallback = (data: string): boolean => data.startsWith(ADMIN_CALLBACK_PREFIX);

/** Telegram's limit for callback_data. */
export const MAX_CALLBACK_BYTES = 64;

const ID = /^[1-9]\d{0,9}$/;
const COUNT = /^\d{1,7}$/;
const PAGE = /^[1-9]\d{0,5}$/;
const REF = /^[A-Z0-9]{1,40}$/;

const id = (text: string | undefined) => (text !== undefined && ID.test(text) ? Number(text) : null);
const count = (text: string | undefined) => (text !== undefined && COUNT.test(text) ? Number(text) : null);
const page = (text: string | undefined) => (text !== undefined && PAGE.test(text) ? Number(text) : null);
const ref = (text: string | undefined) => (text !== undefined && REF.test(text) ? text : null);

const FIXED: Record<string, CallbackAction> = {
  cats: { type: 'categories' },
  noop: { type: 'noop' },
  'cart:show': { type: 'cartShow' },
  'cart:clear': { type: 'cartClear' },
  'cart:voucher': { type: 'cartVoucher' },
  'cart:unvoucher': { type: 'cartVoucherRemove' },
  'cart:checkout:qris': { type: 'checkout', method: 'qris' },
  'cart:checkout:balance': { type: 'checkout', method: 'balance' },
  'cart:checkout:balance:yes': { type: 'checkoutBalanceConfirmed' },
  'conv:cancel': { type: 'conversationCancel' },
  'bal:show': { type: 'balance' },
  'topup:menu': { type: 'topupMenu' },
  'admin:panel': { type: 'adminPanel' },
  'admin:snk:home': { type: 'adminSnkHome' },
};

export function encodeCallback(action: CallbackAction): string {
  const data = format(action);
  const decoded = decodeCallback(data);
  // A button we cannot read back would be dead on arrival: fail loudly where it is built.
  if (!decoded || format(decoded) !== data)
    throw new Error(`invalid callback action ${JSON.stringify(action)}`);
  return data;
}

function format(action: CallbackAction): string {
  switch (action.type) {
    case 'categories':
      return 'cats';
    case 'category':
      return `cat:${action.categoryId}:${action.page}`;
    case 'product':
      return `prod:${action.productId}`;
    case 'quantity':
      return `qty:${action.productId}:${action.quantity}`;
    case 'quantityAsk':
      return `qtyask:${action.productId}`;
    case 'noop':
      return 'noop';
    case 'cartShow':
      return 'cart:show';
    case 'cartClear':
      return 'cart:clear';
    case 'cartVoucher':
      return 'cart:voucher';
    case 'cartVoucherRemove':
      return 'cart:unvoucher';
    case 'cartAdd':
      return `cart:add:${action.productId}:${action.quantity}`;
    case 'cartInc':
      return `cart:inc:${action.productId}`;
    case 'cartDec':
      return `cart:dec:${action.productId}`;
    case 'cartRemove':
      return `cart:rm:${action.productId}`;
    case 'checkout':
      return `cart:checkout:${action.method}`;
    case 'checkoutBalanceConfirmed':
      return 'cart:checkout:balance:yes';
    case 'orderCancel':
      return `order:cancel:${action.orderId}`;
    case 'orderCancelConfirmed':
      return `order:cancelyes:${action.orderId}`;
    case 'orderKeep':
      return `order:keep:${action.orderId}`;
    case 'conversationCancel':
      return 'conv:cancel';
    case 'orderResend':
      return `order:resend:${action.orderId}`;
    case 'ordersPage':
      return `orders:page:${action.page}`;
    case 'balance':
      return 'bal:show';
    case 'topupMenu':
      return 'topup:menu';
    case 'topup':
      return `topup:${action.amount}`;
    case 'adminPanel':
      return 'admin:panel';
    case 'snkTerms':
      return `snk:terms:${action.productId}`;
    case 'snkStart':
      return `snk:go:${action.orderId}:${action.productId}`;
    case 'snkDone':
      return `snk:done:${action.orderId}:${action.productId}`;
    case 'adminSnkAccept':
      return `admin:snk:accept:${action.orderId}:${action.productId}`;
    case 'adminSnkReject':
      return `admin:snk:reject:${action.orderId}:${action.productId}`;
    case 'adminSnkOpen':
      return `admin:snk:open:${action.orderId}:${action.productId}`;
    case 'adminSnkList':
      return `admin:snk:list:${action.status}:${action.page}`;
    case 'adminSnkHome':
      return 'admin:snk:home';
  }
}

/** The action a button's data stands for, or null for anything we did not issue. */
export function decodeCallback(data: string): CallbackAction | null {
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) return null;
  // hasOwn: data such as "__proto__" must not reach Object.prototype.
  const fixed = Object.hasOwn(FIXED, data) ? FIXED[data] : undefined;
  if (fixed) return { ...fixed };
  const [head = '', ...args] = data.split(':');
  return Object.hasOwn(PARSERS, head) ? (PARSERS[head]?.(args) ?? null) : null;
}

type Parser = (args: string[]) => CallbackAction | null;

const PARSERS: Record<string, Parser> = {
  cat: (args) => {
    const [rawCategory, rawPage, ...extra] = args;
    const categoryId = rawCategory === 'all' ? 'all' : id(rawCategory);
    const p = page(rawPage);
    return categoryId !== null && p !== null && extra.length === 0
      ? { type: 'category', categoryId, page: p }
      : null;
  },
  prod: (args) => {
    const productId = id(args[0]);
    return productId !== null && args.length === 1 ? { type: 'product', productId } : null;
  },
  qty: (args) => {
    const productId = id(args[0]);
    const quantity = count(args[1]);
    return productId !== null && quantity !== null && args.length === 2
      ? { type: 'quantity', productId, quantity }
      : null;
  },
  qtyask: (args) => {
    const productId = id(args[0]);
    return productId !== null && args.length === 1 ? { type: 'quantityAsk', productId } : null;
  },
  cart: (args) => {
    const [verb, rawProduct, rawQuantity, ...extra] = args;
    const productId = id(rawProduct);
    if (productId === null || extra.length > 0) return null;
    if (verb === 'add') {
      const quantity = count(rawQuantity);
      return quantity === null ? null : { type: 'cartAdd', productId, quantity };
    }
    if (rawQuantity !== undefined) return null;
    if (verb === 'inc') return { type: 'cartInc', productId };
    if (verb === 'dec') return { type: 'cartDec', productId };
    if (verb === 'rm') return { type: 'cartRemove', productId };
    return null;
  },
  order: (args) => {
    const [verb, rawOrder, ...extra] = args;
    const orderId = ref(rawOrder);
    if (orderId === null || extra.length > 0) return null;
    if (verb === 'cancel') return { type: 'orderCancel', orderId };
    if (verb === 'cancelyes') return { type: 'orderCancelConfirmed', orderId };
    if (verb === 'keep') return { type: 'orderKeep', orderId };
    if (verb === 'resend') return { type: 'orderResend', orderId };
    return null;
  },
  orders: (args) => {
    const p = page(args[1]);
    return args[0] === 'page' && p !== null && args.length === 2 ? { type: 'ordersPage', page: p } : null;
  },
  snk: (args) => {
    const [verb, a, b, ...extra] = args;
    if (extra.length > 0) return null;
    if (verb === 'terms') {
      const productId = id(a);
      return productId !== null && b === undefined ? { type: 'snkTerms', productId } : null;
    }
    const orderId = ref(a);
    const productId = id(b);
    if (orderId === null || productId === null) return null;
    if (verb === 'go') return { type: 'snkStart', orderId, productId };
    if (verb === 'done') return { type: 'snkDone', orderId, productId };
    return null;
  },
  admin: (args) => {
    const [area, verb, a, b, ...extra] = args;
    if (area !== 'snk' || extra.length > 0) return null;
    if (verb === 'list') {
      const p = page(b);
      const status = SNK_STATUSES.find((s) => s === a);
      return status && p !== null ? { type: 'adminSnkList', status, page: p } : null;
    }
    const orderId = ref(a);
    const productId = id(b);
    if (orderId === null || productId === null) return null;
    if (verb === 'accept') return { type: 'adminSnkAccept', orderId, productId };
    if (verb === 'reject') return { type: 'adminSnkReject', orderId, productId };
    if (verb === 'open') return { type: 'adminSnkOpen', orderId, productId };
    return null;
  },
  topup: (args) => {
    const amount = id(args[0]);
    return amount !== null && args.length === 1 ? { type: 'topup', amount } : null;
  },
};

/** `order:cancel:<orderId>`: also on the invoice message, which the order flow renders. */
export const orderCancelData = (orderId: string) => encodeCallback({ type: 'orderCancel', orderId });
export const orderResendData = (orderId: string) => encodeCallback({ type: 'orderResend', orderId });

/** Exactly-once intake: a re-delivered update carries the same key and is not applied twice. */
export function dedupeKeyOf(ctx: BotContext): string {
  if (ctx.callbackQuery) return `cb:${ctx.callbackQuery.id}`;
  // update_id restarts after a long pause (and per emulator run); a message is unique by
  // its chat, id and date, so a re-delivered one is still recognised and a new one never is.
  const message = ctx.msg;
  if (message) return `msg:${message.chat.id}:${message.message_id}:${message.date}`;
  return `tg:${ctx.me.id}:${ctx.update.update_id}`;
}

/** What a handler wants the spinning button to show: a toast, an alert, or nothing. */
export type CallbackReply = string | { text: string; alert: boolean } | undefined;

export type CallbackContext = Filter<BotContext, 'callback_query:data'>;

const MAX_ANSWER_CHARS = 200;

/**
 * Routes one kind of button to a handler and answers the callback query exactly once
 * afterwards, so no button keeps spinning whatever the handler did.
 */
export function onAction<T extends CallbackType>(
  composer: Composer<BotContext>,
  type: T,
  handler: (ctx: CallbackContext, action: ActionOf<T>) => Promise<CallbackReply>,
): void {
  composer.on('callback_query:data', async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    if (action?.type !== type) return next();
    const reply = await handler(ctx, action as ActionOf<T>);
    await answer(ctx, reply);
  });
}

export async function answer(ctx: CallbackContext, reply: CallbackReply): Promise<void> {
  if (reply === undefined) {
    await ctx.answerCallbackQuery();
    return;
  }
  const { text, alert } = typeof reply === 'string' ? { text: reply, alert: false } : reply;
  const clipped = text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS - 1)}…` : text;
  await ctx.answerCallbackQuery({ text: clipped, show_alert: alert });
}
