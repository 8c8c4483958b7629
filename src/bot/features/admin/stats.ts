import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { localDate } from '../../../infra/daily-file.ts';
import { revenueChartPng } from '../../../shop/reports/chart.ts';
import { ordersCsv, parseDateRange } from '../../../shop/reports/orders-csv.ts';
import { dailyRevenue, lowStock, shopStats } from '../../../shop/reports/stats.ts';
import { encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, retry } from '../../conversations/step.ts';
import { type Screen, sendScreen, showScreen } from '../../views/screen.ts';
import type { StatsPeriod } from './ops-callbacks.ts';

const DAYS: Record<StatsPeriod, number> = { d1: 1, d7: 7, d30: 30 };
const CHART_DAYS = 30;

async function statsScreen(ctx: BotContext, period: StatsPeriod): Promise<Screen> {
  const t = ctx.t.adminOps;
  const tz = ctx.deps.config.BOT_TIMEZONE;
  const [stats, low] = await Promise.all([shopStats(ctx.deps.db, DAYS[period], tz), lowStock(ctx.deps.db)]);
  const conversion =
    stats.invoices > 0
      ? `${((100 * stats.paidOfInvoices) / stats.invoices).toFixed(1)}% (${stats.paidOfInvoices}/${stats.invoices})`
      : '—';
  const text = t.stats({
    period: t.periodFilter[period],
    revenue: stats.revenue,
    paidOrders: stats.paidOrders,
    conversion,
    averageOrder: stats.averageOrder,
    deposits: stats.deposits,
    depositAmount: stats.depositAmount,
    newUsers: stats.newUsers,
    top: stats.topProducts.map((p) => t.topLine(p.name, p.quantity, p.revenue)),
    lowStock: low.map((p) => t.lowLine(p.code, p.name, p.available)),
  });
  const keyboard = new InlineKeyboard()
    .text(t.periodFilter.d1, cb({ type: 'adminStats', period: 'd1' }))
    .text(t.periodFilter.d7, cb({ type: 'adminStats', period: 'd7' }))
    .text(t.periodFilter.d30, cb({ type: 'adminStats', period: 'd30' }))
    .row()
    .text(t.chartButton, cb({ type: 'adminStatsChart' }))
    .row()
    .text(t.csv7, cb({ type: 'adminStatsCsv', range: 'd7' }))
    .text(t.csv30, cb({ type: 'adminStatsCsv', range: 'd30' }))
    .text(t.csvAsk, cb({ type: 'adminStatsCsv', range: 'ask' }));
  return { text, keyboard };
}

function lastDays(days: number, timeZone: string): { from: string; to: string } {
  const to = localDate(new Date(), timeZone);
  const from = new Date(`${to}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  return { from: from.toISOString().slice(0, 10), to };
}

async function sendCsv(ctx: BotContext, range: { from: string; to: string }): Promise<void> {
  const { csv, rows } = await ordersCsv(ctx.deps.db, range, ctx.deps.config.BOT_TIMEZONE);
  await ctx.replyWithDocument(
    new InputFile(Buffer.from(csv, 'utf8'), `orders_${range.from}_${range.to}.csv`),
    {
      caption: ctx.t.adminOps.csvCaption(range.from, range.to, rows),
    },
  );
}

export const adminCsvRangeStep: ConversationStep = {
  name: 'adminCsvRange',
  async handle(ctx, { text }) {
    const range = text === null ? null : parseDateRange(text);
    if (!ctx.isAdmin || !range) return retry(ctx.t.adminOps.expectedRange);
    await sendCsv(ctx, range);
    return done;
  },
};

/** 📊 Statistics for admins: figures per period, a revenue chart, CSV export of orders. */
export function adminStatsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.chatType('private').command('stats', async (ctx) => {
    await sendScreen(ctx, await statsScreen(ctx, 'd1'));
  });
  onAction(feature, 'adminStats', async (ctx, { period }) => {
    await showScreen(ctx, await statsScreen(ctx, period));
    return undefined;
  });
  onAction(feature, 'adminStatsChart', async (ctx) => {
    const t = ctx.t.adminOps;
    const points = await dailyRevenue(ctx.deps.db, CHART_DAYS, ctx.deps.config.BOT_TIMEZONE);
    const png = await revenueChartPng(points, t.chartTitle);
    await ctx.replyWithPhoto(new InputFile(png, 'revenue.png'), { caption: t.chartCaption });
    return undefined;
  });
  onAction(feature, 'adminStatsCsv', async (ctx, { range }) => {
    if (range === 'ask') {
      await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
        step: adminCsvRangeStep.name,
        text: ctx.t.adminOps.askRange,
      });
      return undefined;
    }
    await sendCsv(ctx, lastDays(range === 'd7' ? 7 : 30, ctx.deps.config.BOT_TIMEZONE));
    return undefined;
  });
  return feature;
}
