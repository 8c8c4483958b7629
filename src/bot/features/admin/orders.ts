import { Composer, InlineKeyboard } from 'grammy';
import type { OrderStatus } from '../../../infra/database.ts';
import { recordAdminAction } from '../../../shop/admin-audit.ts';
import {
  ADMIN_ORDERS_PAGE,
  type AdminOrderCommand,
  type AdminOrderFilter,
  applyAdminOrderCommand,
  deliveryMessages,
  listAdminOrders,
  orderJournal,
  parseOrderLine,
} from '../../../shop/admin-orders.ts';
import { findUser } from '../../../shop/admin-users.ts';
import { getProduct } from '../../../shop/catalog.ts';
import { getOrder } from '../../../shop/orders.ts';
import { type ActionOf, encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, retry } from '../../conversations/step.ts';
import { localTime } from '../../format.ts';
import { type Screen, sendScreen, showScreen } from '../../views/screen.ts';
import type { OrderStatusFilter, Period } from './ops-callbacks.ts';

type ListAction = ActionOf<'adminOrders'>;

const STATUSES: Record<OrderStatusFilter, OrderStatus[] | null> = {
  all: null,
  aw: ['reserving', 'awaiting_payment'],
  pd: ['paid'],
  dl: ['delivered'],
  ud: ['undelivered'],
  cx: ['cancelled', 'refused', 'failed'],
  ex: ['expired'],
  rf: ['refunded'],
};
const DAYS: Record<Period, 1 | 7 | 30 | null> = { all: null, d1: 1, d7: 7, d30: 30 };
const STATUS_CYCLE: OrderStatusFilter[] = ['all', 'aw', 'pd', 'dl', 'ud', 'cx', 'ex', 'rf'];
const PERIOD_CYCLE: Period[] = ['all', 'd1', 'd7', 'd30'];
const next = <T>(list: T[], value: T): T => list[(list.indexOf(value) + 1) % list.length] as T;

export const FIRST_PAGE: ListAction = {
  type: 'adminOrders',
  status: 'all',
  period: 'all',
  buyerId: 0,
  productId: 0,
  page: 1,
};

async function listScreen(ctx: BotContext, action: ListAction): Promise<Screen> {
  const t = ctx.t.adminOps;
  const filter: AdminOrderFilter = {
    statuses: STATUSES[action.status],
    days: DAYS[action.period],
    buyerId: action.buyerId || null,
    productId: action.productId || null,
    timeZone: ctx.deps.config.BOT_TIMEZONE,
  };
  const { rows, total } = await listAdminOrders(ctx.deps.db, filter, action.page);
  const pages = Math.max(1, Math.ceil(total / ADMIN_ORDERS_PAGE));
  const filters = [t.statusFilter[action.status], t.periodFilter[action.period]];
  if (action.buyerId) filters.push(t.buyerFilter(action.buyerId));
  if (action.productId) {
    const product = await ctx.deps.db
      .selectFrom('products')
      .select('name')
      .where('id', '=', action.productId)
      .executeTakeFirst();
    filters.push(t.productFilter(product?.name ?? String(action.productId)));
  }
  const keyboard = new InlineKeyboard();
  for (const row of rows) {
    keyboard
      .text(
        t.orderRow(row.id, row.total, ctx.t.history.status[row.status]),
        cb({ type: 'adminOrder', verb: 'v', orderId: row.id }),
      )
      .row();
  }
  if (action.page > 1) keyboard.text(t.prev, cb({ ...action, page: action.page - 1 }));
  if (action.page < pages) keyboard.text(t.next, cb({ ...action, page: action.page + 1 }));
  keyboard
    .row()
    .text(
      t.statusFilter[next(STATUS_CYCLE, action.status)],
      cb({ ...action, status: next(STATUS_CYCLE, action.status), page: 1 }),
    )
    .text(
      t.periodFilter[next(PERIOD_CYCLE, action.period)],
      cb({ ...action, period: next(PERIOD_CYCLE, action.period), page: 1 }),
    )
    .row()
    .text(t.filterBuyerButton, cb({ type: 'adminOrderPrompt', prompt: 'buyer' }))
    .text(t.filterProductButton, cb({ type: 'adminOrderPrompt', prompt: 'product' }))
    .text(t.filterResetButton, cb(FIRST_PAGE))
    .row()
    .text(t.lineButton, cb({ type: 'adminOrderPrompt', prompt: 'line' }));
  const text = [
    t.ordersTitle({ total, page: action.page, pages, filters: filters.join(' · ') }),
    ...(rows.length ? [] : [t.ordersEmpty]),
  ].join('\n');
  return { text, keyboard };
}

async function orderScreen(ctx: BotContext, orderId: string): Promise<Screen | null> {
  const t = ctx.t.adminOps;
  const order = await getOrder(ctx.deps.db, orderId);
  if (!order) return null;
  const tz = ctx.deps.config.BOT_TIMEZONE;
  const [buyer, journal, delivery] = await Promise.all([
    ctx.deps.db
      .selectFrom('users')
      .select(['first_name', 'username'])
      .where('id', '=', order.userId)
      .executeTakeFirst(),
    orderJournal(ctx.deps.db, orderId),
    deliveryMessages(ctx.deps.db, orderId),
  ]);
  const buyerText = `${buyer?.first_name ?? '?'}${buyer?.username ? ` @${buyer.username}` : ''} (${order.userId})`;
  const text = t.order({
    id: order.id,
    buyer: buyerText,
    status: ctx.t.history.status[order.status],
    created: localTime(order.createdAt, tz, ctx.lang),
    items: order.items.map((i) => ctx.t.orders.itemLine(i.productName, i.quantity, i.unitPrice)),
    subtotal: order.subtotal,
    discount: order.discount,
    total: order.total,
    fee: order.fee,
    totalPayment: order.totalPayment,
    method: order.method === 'balance' ? 'Saldo' : 'QRIS (Pakasir)',
    txnId: order.txnId,
    history: journal.map((j) => t.historyLine(localTime(j.at, tz, ctx.lang), j.event, j.from, j.to)),
    delivery: delivery ? t.delivery(delivery.status, delivery.messageIds) : t.noDelivery,
  });
  const keyboard = new InlineKeyboard();
  const verb = (v: ActionOf<'adminOrder'>['verb']) => cb({ type: 'adminOrder', verb: v, orderId });
  if (order.status === 'awaiting_payment' || order.status === 'reserving')
    keyboard.text(t.markPaidButton, verb('mp')).text(t.cancelButton, verb('cx')).row();
  if (order.status === 'delivered' || order.status === 'undelivered')
    keyboard.text(t.resendButton, verb('rs')).text(t.refundButton, verb('rf')).row();
  keyboard.text(t.back, cb(FIRST_PAGE));
  return { text: text.length > 4000 ? `${text.slice(0, 3990)}…` : text, keyboard };
}

async function runCommand(
  ctx: BotContext & { from: { id: number } },
  orderId: string,
  command: AdminOrderCommand,
) {
  const t = ctx.t.adminOps;
  const result = await applyAdminOrderCommand(ctx.deps, ctx.from.id, orderId, command);
  if (result.outcome === 'missing') return t.result.missing(orderId);
  return t.result[result.outcome](orderId, result.state);
}

/** The typed line `order_id|status|catatan`, from a prompt or sent as it is. */
async function handleLine(ctx: BotContext & { from: { id: number } }, line: string): Promise<string> {
  const parsed = parseOrderLine(line);
  if (!parsed.ok) return `⚠️ ${ctx.t.adminOps.lineProblem[parsed.problem]}`;
  return runCommand(ctx, parsed.orderId, parsed.command);
}

export const adminOrderLineStep: ConversationStep = {
  name: 'adminOrderLine',
  async handle(ctx, { text }) {
    if (!ctx.isAdmin || text === null) return retry(ctx.t.adminOps.expectedLine);
    const parsed = parseOrderLine(text);
    if (!parsed.ok)
      return retry(`${ctx.t.adminOps.lineProblem[parsed.problem]} (${ctx.t.adminOps.expectedLine})`);
    await ctx.reply(await runCommand(ctx, parsed.orderId, parsed.command));
    return done;
  },
};

export const adminOrderNoteStep: ConversationStep = {
  name: 'adminOrderNote',
  async handle(ctx, { text, data }) {
    const note = text?.trim() ?? '';
    if (!ctx.isAdmin || note.length === 0 || note.length > 200) return retry(ctx.t.adminOps.expectedNote);
    const orderId = String(data.orderId);
    const status = data.kind === 'refund' ? 'refunded' : 'paid';
    await ctx.reply(await runCommand(ctx, orderId, { status, note }));
    return done;
  },
};

export const adminOrderFilterStep: ConversationStep = {
  name: 'adminOrderFilter',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin || text === null) return retry(ctx.t.adminOps.expectedUser);
    if (data.by === 'buyer') {
      const user = await findUser(ctx.deps.db, text);
      if (!user) return retry(ctx.t.adminOps.expectedUser);
      await sendScreen(ctx, await listScreen(ctx, { ...FIRST_PAGE, buyerId: user.id }));
      return done;
    }
    const product = await getProduct(ctx.deps.db, text.trim().toUpperCase());
    if (!product) return retry(ctx.t.adminOps.expectedProduct);
    await sendScreen(ctx, await listScreen(ctx, { ...FIRST_PAGE, productId: product.id }));
    return done;
  },
};

export const adminOrderSteps = [adminOrderLineStep, adminOrderNoteStep, adminOrderFilterStep];

const LINE = /^\s*[A-Za-z0-9]{1,40}\s*\|\s*(paid|cancelled|refunded|completed)\s*(\|.*)?$/is;

/** 📋 Orders for admins: list with filters, one order, its actions through the order machine. */
export function adminOrdersFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');
  chats.command('orders', async (ctx) => {
    await sendScreen(ctx, await listScreen(ctx, FIRST_PAGE));
  });
  chats.hears(LINE, async (ctx) => {
    await ctx.reply(await handleLine(ctx, ctx.msg.text ?? ''));
  });

  onAction(feature, 'adminOrders', async (ctx, action) => {
    await showScreen(ctx, await listScreen(ctx, action));
    return undefined;
  });

  onAction(feature, 'adminOrderPrompt', async (ctx, { prompt }) => {
    const t = ctx.t.adminOps;
    if (prompt === 'line')
      await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, { step: adminOrderLineStep.name, text: t.askLine });
    else
      await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
        step: adminOrderFilterStep.name,
        data: { by: prompt },
        text: prompt === 'buyer' ? t.askBuyer : t.askProduct,
      });
    return undefined;
  });

  onAction(feature, 'adminOrder', async (ctx, { verb, orderId }) => {
    const t = ctx.t.adminOps;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    switch (verb) {
      case 'v': {
        const screen = await orderScreen(ctx, orderId);
        if (!screen) return t.result.missing(orderId).replace(/<[^>]+>/g, '');
        await showScreen(ctx, screen);
        return undefined;
      }
      case 'rs': {
        // The buyers' resend: the order actor re-sends what the order holds.
        if (!(await ctx.deps.runtime.read('order', orderId))) return t.notResendable;
        const result = await ctx.deps.runtime.send(
          'order',
          orderId,
          { type: 'RESEND' },
          { dedupeKey: `cb:${ctx.callbackQuery.id}` },
        );
        if (result.status !== 'applied') return { text: t.notResendable, alert: true };
        await recordResend(ctx, orderId);
        return t.resending;
      }
      case 'cx':
        await showScreen(ctx, {
          text: t.confirmCancel(orderId),
          keyboard: new InlineKeyboard()
            .text(t.yes, cb({ type: 'adminOrder', verb: 'cxy', orderId }))
            .text(t.no, cb({ type: 'adminOrder', verb: 'v', orderId })),
        });
        return undefined;
      case 'cxy':
        await showScreen(ctx, { text: await runCommand(ctx, orderId, { status: 'cancelled', note: '' }) });
        return undefined;
      case 'mp':
      case 'rf':
        await openPrompt(ctx, chatId, {
          step: adminOrderNoteStep.name,
          data: { orderId, kind: verb === 'mp' ? 'paid' : 'refund' },
          text: verb === 'mp' ? t.askPaidNote(orderId) : t.askRefundNote(orderId),
        });
        return undefined;
    }
  });

  return feature;
}

async function recordResend(ctx: BotContext & { from: { id: number } }, orderId: string) {
  await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
    adminId: ctx.from.id,
    action: 'order.resend',
    target: `order:${orderId}`,
  });
}
