import type { Composer, Filter } from 'grammy';
import { SNK_STATUSES, type SnkStatus } from '../machines/snk.ts';
import type { BotContext } from './context.ts';
import {
  BROADCAST_SAMPLES,
  type BroadcastAction,
  formatBroadcast,
  parseBroadcast,
} from './features/admin/broadcast-callbacks.ts';
import {
  ADMIN_CONFIG_SAMPLES,
  type AdminConfigAction,
  formatAdminConfig,
  parseAdminConfig,
} from './features/admin/config-callbacks.ts';
import {
  ADMIN_OPS_SAMPLES,
  type AdminOpsAction,
  formatAdminOps,
  parseAdminOps,
} from './features/admin/ops-callbacks.ts';
import {
  ADMIN_TEMPLATE_SAMPLES,
  type AdminTemplateAction,
  formatAdminTemplate,
  parseAdminTemplate,
} from './features/admin/template-callbacks.ts';

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
 *   admin:panel                 the admin menu (with today's figures)
 *   admin:prods:<page> | admin:prod:<pid> | admin:pnew
 *   admin:pedit:<pid>:<name|price|desc|cat|snk> | admin:ptoggle:<pid> | admin:pmove:<pid>:<up|down>
 *   admin:pdel:<pid> | admin:pdelyes:<pid> | admin:psave:<pid> (save despite a concurrent edit)
 *   admin:stock:<pid>           the product's stock (handled by the stock feature)
 *   admin:cats:<page> | admin:cat:<cid> | admin:catnew | admin:catren:<cid>
 *   admin:catmove:<cid>:<up|down> | admin:catdel:<cid>
 *   admin:orders:* | admin:users:* | admin:stats:*  (features/admin/ops-callbacks.ts)
 *   admin:tpl:*                 message templates (features/admin/template-callbacks.ts)
 *   admin:cfg:*                 configuration backup and restore (features/admin/config-callbacks.ts)
 *   admin:bc:*                  broadcasts (features/admin/broadcast-callbacks.ts)
 *   admin:stock:list:<page> | admin:stock:<productId> | admin:stock:add:<pid>:<line|block>
 *   admin:stock:items:<pid>:<page> | admin:stock:reveal:<itemId> | admin:stock:rm:<itemId>
 *   admin:stock:rmyes:<itemId> | admin:stock:low:<pid>
 *   admin:voucher:menu | admin:voucher:new | admin:voucher:list:<page> | admin:voucher:off:<id>
 *   admin:voucher:scoped | admin:voucher:sl:<p|c>:<page> | admin:voucher:for:<p|c>:<id>  (scoped voucher)
 *   admin:snk:menu | admin:snk:list:<page> | admin:snk:pick:<pid> | admin:snk:save:<pid>
 *   snk:terms:<productId>       a product's terms before buying
 *   snk:go:<orderId>:<pid> | snk:done:<orderId>:<pid>   start / submit the proof
 *   admin:snkr:accept|reject|open:<orderId>:<pid> | admin:snkr:list:<status>:<page> | admin:snkr:home (SNK proofs)
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
  | { type: 'adminProducts'; page: number }
  | { type: 'adminProduct'; productId: number }
  | { type: 'adminProductNew' }
  | { type: 'adminProductEdit'; productId: number; field: AdminProductField }
  | { type: 'adminProductToggle'; productId: number }
  | { type: 'adminProductMove'; productId: number; direction: 'up' | 'down' }
  | { type: 'adminProductDelete'; productId: number }
  | { type: 'adminProductDeleteConfirmed'; productId: number }
  | { type: 'adminProductSave'; productId: number }
  | { type: 'adminStock'; productId: number }
  | { type: 'adminCategories'; page: number }
  | { type: 'adminCategory'; categoryId: number }
  | { type: 'adminCategoryNew' }
  | { type: 'adminCategoryRename'; categoryId: number }
  | { type: 'adminCategoryMove'; categoryId: number; direction: 'up' | 'down' }
  | { type: 'adminCategoryDelete'; categoryId: number }
  | { type: 'adminStockList'; page: number }
  | { type: 'adminStockAdd'; productId: number; mode: 'line' | 'block' }
  | { type: 'adminStockItems'; productId: number; page: number }
  | { type: 'adminStockReveal'; itemId: number }
  | { type: 'adminStockRemove'; itemId: number }
  | { type: 'adminStockRemoveConfirmed'; itemId: number }
  | { type: 'adminStockThreshold'; productId: number }
  | { type: 'adminVoucherMenu' }
  | { type: 'adminVoucherNew' }
  | { type: 'adminVoucherList'; page: number }
  | { type: 'adminVoucherOff'; voucherId: number }
  | { type: 'adminVoucherScoped' }
  | { type: 'adminVoucherScopeList'; scope: 'p' | 'c'; page: number }
  | { type: 'adminVoucherFor'; scope: 'p' | 'c'; targetId: number }
  | { type: 'adminSnkMenu' }
  | { type: 'adminSnkList'; page: number }
  | { type: 'adminSnkPick'; productId: number }
  | { type: 'adminSnkSave'; productId: number }
  | AdminOpsAction
  | AdminTemplateAction
  | AdminConfigAction
  | BroadcastAction
  | { type: 'snkTerms'; productId: number }
  | { type: 'snkStart'; orderId: string; productId: number }
  | { type: 'snkDone'; orderId: string; productId: number }
  | { type: 'adminSnkAccept'; orderId: string; productId: number }
  | { type: 'adminSnkReject'; orderId: string; productId: number }
  | { type: 'adminSnkOpen'; orderId: string; productId: number }
  | { type: 'adminSnkReviewList'; status: SnkStatus; page: number }
  | { type: 'adminSnkReviewHome' };

/** Product fields an edit button opens a prompt for. */
export const ADMIN_PRODUCT_FIELDS = ['name', 'price', 'desc', 'cat', 'snk'] as const;
export type AdminProductField = (typeof ADMIN_PRODUCT_FIELDS)[number];

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
  adminProducts: { type: 'adminProducts', page: 1 },
  adminProduct: { type: 'adminProduct', productId: 1 },
  adminProductNew: { type: 'adminProductNew' },
  adminProductEdit: { type: 'adminProductEdit', productId: 1, field: 'price' },
  adminProductToggle: { type: 'adminProductToggle', productId: 1 },
  adminProductMove: { type: 'adminProductMove', productId: 1, direction: 'down' },
  adminProductDelete: { type: 'adminProductDelete', productId: 1 },
  adminProductDeleteConfirmed: { type: 'adminProductDeleteConfirmed', productId: 1 },
  adminProductSave: { type: 'adminProductSave', productId: 1 },
  adminStock: { type: 'adminStock', productId: 1 },
  adminCategories: { type: 'adminCategories', page: 1 },
  adminCategory: { type: 'adminCategory', categoryId: 1 },
  adminCategoryNew: { type: 'adminCategoryNew' },
  adminCategoryRename: { type: 'adminCategoryRename', categoryId: 1 },
  adminCategoryMove: { type: 'adminCategoryMove', categoryId: 1, direction: 'down' },
  adminCategoryDelete: { type: 'adminCategoryDelete', categoryId: 1 },
  ...ADMIN_OPS_SAMPLES,
  ...ADMIN_TEMPLATE_SAMPLES,
  ...ADMIN_CONFIG_SAMPLES,
  ...BROADCAST_SAMPLES,
  adminStockList: { type: 'adminStockList', page: 1 },
  adminStockAdd: { type: 'adminStockAdd', productId: 1, mode: 'line' },
  adminStockItems: { type: 'adminStockItems', productId: 1, page: 1 },
  adminStockReveal: { type: 'adminStockReveal', itemId: 1 },
  adminStockRemove: { type: 'adminStockRemove', itemId: 1 },
  adminStockRemoveConfirmed: { type: 'adminStockRemoveConfirmed', itemId: 1 },
  adminStockThreshold: { type: 'adminStockThreshold', productId: 1 },
  adminVoucherMenu: { type: 'adminVoucherMenu' },
  adminVoucherNew: { type: 'adminVoucherNew' },
  adminVoucherList: { type: 'adminVoucherList', page: 1 },
  adminVoucherOff: { type: 'adminVoucherOff', voucherId: 1 },
  adminVoucherScoped: { type: 'adminVoucherScoped' },
  adminVoucherScopeList: { type: 'adminVoucherScopeList', scope: 'c', page: 1 },
  adminVoucherFor: { type: 'adminVoucherFor', scope: 'p', targetId: 1 },
  adminSnkMenu: { type: 'adminSnkMenu' },
  adminSnkList: { type: 'adminSnkList', page: 1 },
  adminSnkPick: { type: 'adminSnkPick', productId: 1 },
  adminSnkSave: { type: 'adminSnkSave', productId: 1 },
  snkTerms: { type: 'snkTerms', productId: 1 },
  snkStart: { type: 'snkStart', orderId: 'INV000000SAMPLE', productId: 1 },
  snkDone: { type: 'snkDone', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkAccept: { type: 'adminSnkAccept', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkReject: { type: 'adminSnkReject', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkOpen: { type: 'adminSnkOpen', orderId: 'INV000000SAMPLE', productId: 1 },
  adminSnkReviewList: { type: 'adminSnkReviewList', status: 'submitted', page: 1 },
  adminSnkReviewHome: { type: 'adminSnkReviewHome' },
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
  'admin:pnew': { type: 'adminProductNew' },
  'admin:catnew': { type: 'adminCategoryNew' },
  'admin:voucher:menu': { type: 'adminVoucherMenu' },
  'admin:voucher:new': { type: 'adminVoucherNew' },
  'admin:voucher:scoped': { type: 'adminVoucherScoped' },
  'admin:snk:menu': { type: 'adminSnkMenu' },
  'admin:snkr:home': { type: 'adminSnkReviewHome' },
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
    case 'adminProducts':
      return `admin:prods:${action.page}`;
    case 'adminProduct':
      return `admin:prod:${action.productId}`;
    case 'adminProductNew':
      return 'admin:pnew';
    case 'adminProductEdit':
      return `admin:pedit:${action.productId}:${action.field}`;
    case 'adminProductToggle':
      return `admin:ptoggle:${action.productId}`;
    case 'adminProductMove':
      return `admin:pmove:${action.productId}:${action.direction}`;
    case 'adminProductDelete':
      return `admin:pdel:${action.productId}`;
    case 'adminProductDeleteConfirmed':
      return `admin:pdelyes:${action.productId}`;
    case 'adminProductSave':
      return `admin:psave:${action.productId}`;
    case 'adminStock':
      return `admin:stock:${action.productId}`;
    case 'adminCategories':
      return `admin:cats:${action.page}`;
    case 'adminCategory':
      return `admin:cat:${action.categoryId}`;
    case 'adminCategoryNew':
      return 'admin:catnew';
    case 'adminCategoryRename':
      return `admin:catren:${action.categoryId}`;
    case 'adminCategoryMove':
      return `admin:catmove:${action.categoryId}:${action.direction}`;
    case 'adminCategoryDelete':
      return `admin:catdel:${action.categoryId}`;
    case 'adminOrders':
    case 'adminOrder':
    case 'adminOrderPrompt':
    case 'adminUsers':
    case 'adminUserFind':
    case 'adminUser':
    case 'adminStats':
    case 'adminStatsChart':
    case 'adminStatsCsv':
      return formatAdminOps(action);
    case 'adminTemplates':
    case 'adminTemplate':
    case 'adminTemplatePreview':
    case 'adminTemplateEdit':
    case 'adminTemplateSave':
    case 'adminTemplateHistory':
    case 'adminTemplateRollback':
      return formatAdminTemplate(action);
    case 'adminConfigExport':
    case 'adminConfigRestore':
    case 'adminConfigApply':
    case 'adminConfigDrop':
      return formatAdminConfig(action);
    case 'adminBroadcastMenu':
    case 'adminBroadcastNew':
    case 'adminBroadcastHistory':
    case 'adminBroadcastAudience':
    case 'adminBroadcast':
      return formatBroadcast(action);
    case 'adminStockList':
      return `admin:stock:list:${action.page}`;
    case 'adminStockAdd':
      return `admin:stock:add:${action.productId}:${action.mode}`;
    case 'adminStockItems':
      return `admin:stock:items:${action.productId}:${action.page}`;
    case 'adminStockReveal':
      return `admin:stock:reveal:${action.itemId}`;
    case 'adminStockRemove':
      return `admin:stock:rm:${action.itemId}`;
    case 'adminStockRemoveConfirmed':
      return `admin:stock:rmyes:${action.itemId}`;
    case 'adminStockThreshold':
      return `admin:stock:low:${action.productId}`;
    case 'adminVoucherMenu':
      return 'admin:voucher:menu';
    case 'adminVoucherNew':
      return 'admin:voucher:new';
    case 'adminVoucherList':
      return `admin:voucher:list:${action.page}`;
    case 'adminVoucherOff':
      return `admin:voucher:off:${action.voucherId}`;
    case 'adminVoucherScoped':
      return 'admin:voucher:scoped';
    case 'adminVoucherScopeList':
      return `admin:voucher:sl:${action.scope}:${action.page}`;
    case 'adminVoucherFor':
      return `admin:voucher:for:${action.scope}:${action.targetId}`;
    case 'adminSnkMenu':
      return 'admin:snk:menu';
    case 'adminSnkList':
      return `admin:snk:list:${action.page}`;
    case 'adminSnkPick':
      return `admin:snk:pick:${action.productId}`;
    case 'adminSnkSave':
      return `admin:snk:save:${action.productId}`;
    case 'snkTerms':
      return `snk:terms:${action.productId}`;
    case 'snkStart':
      return `snk:go:${action.orderId}:${action.productId}`;
    case 'snkDone':
      return `snk:done:${action.orderId}:${action.productId}`;
    case 'adminSnkAccept':
      return `admin:snkr:accept:${action.orderId}:${action.productId}`;
    case 'adminSnkReject':
      return `admin:snkr:reject:${action.orderId}:${action.productId}`;
    case 'adminSnkOpen':
      return `admin:snkr:open:${action.orderId}:${action.productId}`;
    case 'adminSnkReviewList':
      return `admin:snkr:list:${action.status}:${action.page}`;
    case 'adminSnkReviewHome':
      return 'admin:snkr:home';
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
  // admin:stock|voucher|snk|snkr:… and admin:orders|users|stats:… have parsers of their own;
  // the rest are the catalog's.
  admin: (args) => {
    const [area = '', ...rest] = args;
    if (Object.hasOwn(ADMIN_PARSERS, area)) return ADMIN_PARSERS[area]?.(rest) ?? null;
    return parseAdminOps(args) ?? parseAdmin(args);
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
  topup: (args) => {
    const amount = id(args[0]);
    return amount !== null && args.length === 1 ? { type: 'topup', amount } : null;
  },
};

const direction = (text: string | undefined) => (text === 'up' || text === 'down' ? text : null);

/** `admin:<verb>:<id>[:<arg>]`: one id, and for some verbs one word from a fixed set. */
function parseAdmin([verb, rawId, arg, ...extra]: string[]): CallbackAction | null {
  if (extra.length > 0) return null;
  if (verb === 'prods' || verb === 'cats') {
    const p = page(rawId);
    if (p === null || arg !== undefined) return null;
    return verb === 'prods' ? { type: 'adminProducts', page: p } : { type: 'adminCategories', page: p };
  }
  const n = id(rawId);
  if (n === null) return null;
  if (verb === 'pedit') {
    const field = ADMIN_PRODUCT_FIELDS.find((f) => f === arg);
    return field ? { type: 'adminProductEdit', productId: n, field } : null;
  }
  if (verb === 'pmove' || verb === 'catmove') {
    const d = direction(arg);
    if (d === null) return null;
    return verb === 'pmove'
      ? { type: 'adminProductMove', productId: n, direction: d }
      : { type: 'adminCategoryMove', categoryId: n, direction: d };
  }
  if (arg !== undefined) return null;
  const single: Record<string, CallbackAction> = {
    prod: { type: 'adminProduct', productId: n },
    ptoggle: { type: 'adminProductToggle', productId: n },
    pdel: { type: 'adminProductDelete', productId: n },
    pdelyes: { type: 'adminProductDeleteConfirmed', productId: n },
    psave: { type: 'adminProductSave', productId: n },
    stock: { type: 'adminStock', productId: n },
    cat: { type: 'adminCategory', categoryId: n },
    catren: { type: 'adminCategoryRename', categoryId: n },
    catdel: { type: 'adminCategoryDelete', categoryId: n },
  };
  return verb !== undefined && Object.hasOwn(single, verb) ? (single[verb] ?? null) : null;
}
/** `admin:<area>:…` buttons by area (stock, voucher, snk). */
const ADMIN_PARSERS: Record<string, Parser> = {
  tpl: parseAdminTemplate,
  cfg: parseAdminConfig,
  bc: parseBroadcast,
  // SNK proof review (admin:snkr:…: accept, reject, open, list by status).
  snkr: (args) => {
    if (args.length === 1 && args[0] === 'home') return { type: 'adminSnkReviewHome' };
    const [verb, a, b, ...extra] = args;
    if (extra.length > 0) return null;
    if (verb === 'list') {
      const p = page(b);
      const status = SNK_STATUSES.find((s) => s === a);
      return status && p !== null ? { type: 'adminSnkReviewList', status, page: p } : null;
    }
    const orderId = ref(a);
    const productId = id(b);
    if (orderId === null || productId === null) return null;
    if (verb === 'accept') return { type: 'adminSnkAccept', orderId, productId };
    if (verb === 'reject') return { type: 'adminSnkReject', orderId, productId };
    if (verb === 'open') return { type: 'adminSnkOpen', orderId, productId };
    return null;
  },
  stock: (args) => {
    if (args.length === 1) {
      const productId = id(args[0]);
      return productId === null ? null : { type: 'adminStock', productId };
    }
    const [verb, a, b, ...extra] = args;
    const n = id(a);
    if (n === null || extra.length > 0) return null;
    if (verb === 'add' && (b === 'line' || b === 'block'))
      return { type: 'adminStockAdd', productId: n, mode: b };
    if (verb === 'items') {
      const p = page(b);
      return p === null ? null : { type: 'adminStockItems', productId: n, page: p };
    }
    if (b !== undefined) return null;
    if (verb === 'list') {
      const p = page(a);
      return p === null ? null : { type: 'adminStockList', page: p };
    }
    if (verb === 'reveal') return { type: 'adminStockReveal', itemId: n };
    if (verb === 'rm') return { type: 'adminStockRemove', itemId: n };
    if (verb === 'rmyes') return { type: 'adminStockRemoveConfirmed', itemId: n };
    if (verb === 'low') return { type: 'adminStockThreshold', productId: n };
    return null;
  },
  voucher: (args) => {
    if (args.length === 3 && (args[1] === 'p' || args[1] === 'c')) {
      const [verb, scope, raw] = args as [string, 'p' | 'c', string];
      if (verb === 'sl')
        return page(raw) === null ? null : { type: 'adminVoucherScopeList', scope, page: Number(raw) };
      const targetId = id(raw);
      return verb === 'for' && targetId !== null ? { type: 'adminVoucherFor', scope, targetId } : null;
    }
    const [verb, raw, ...extra] = args;
    const n = id(raw);
    if (n === null || extra.length > 0) return null;
    if (verb === 'list') return page(raw) === null ? null : { type: 'adminVoucherList', page: n };
    if (verb === 'off') return { type: 'adminVoucherOff', voucherId: n };
    return null;
  },
  snk: (args) => {
    const [verb, raw, ...extra] = args;
    const n = id(raw);
    if (n === null || extra.length > 0) return null;
    if (verb === 'list') return page(raw) === null ? null : { type: 'adminSnkList', page: n };
    if (verb === 'pick') return { type: 'adminSnkPick', productId: n };
    if (verb === 'save') return { type: 'adminSnkSave', productId: n };
    return null;
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
