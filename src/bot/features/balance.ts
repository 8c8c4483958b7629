import { Composer } from 'grammy';
import { diskCritical } from '../../health/disk-guard.ts';
import { MAX_DEPOSIT, MIN_DEPOSIT } from '../../machines/deposit.ts';
import { depositIdFor } from '../../shop/ids.ts';
import { countOpenInvoices } from '../../shop/orders.ts';
import { dedupeKeyOf, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import { balanceScreen, topupScreen } from '../views/balance.ts';
import { sendScreen, showScreen } from '../views/screen.ts';
import { MAX_OPEN_INVOICES } from './cart.ts';

const MULTIPLIERS: Record<string, number> = {
  k: 1_000,
  rb: 1_000,
  ribu: 1_000,
  jt: 1_000_000,
  juta: 1_000_000,
};

/**
 * Reads an amount of rupiah as Indonesians type it: "25000", "25.000", "25,000",
 * "Rp 25.000", "25k", "25rb", "2,5jt". Null when it is not a whole number of rupiah.
 */
export function parseAmount(input: string): number | null {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^rp\.?/, '')
    .replace(/\s+/g, '');
  const suffixed = /^(\d{1,9}(?:[.,]\d{1,3})?)(k|rb|ribu|jt|juta)$/.exec(text);
  if (suffixed) {
    const [, number = '', unit = ''] = suffixed;
    const amount = Math.round(Number(number.replace(',', '.')) * (MULTIPLIERS[unit] ?? Number.NaN));
    return Number.isSafeInteger(amount) && amount > 0 ? amount : null;
  }
  // Dots or commas only as thousands separators: "25.000" is twenty-five thousand.
  if (/^\d{1,3}([.,]\d{3})+$/.test(text) || /^\d{1,15}$/.test(text)) {
    const amount = Number(text.replace(/[.,]/g, ''));
    return Number.isSafeInteger(amount) && amount > 0 ? amount : null;
  }
  return null;
}

/** Balance, its recent ledger, and top-ups by QRIS (a deposit actor per top-up). */
export function balanceFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openBalance = async (ctx: BotContext & { from: { id: number } }) => {
    await sendScreen(ctx, await balanceScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.id));
  };
  chats.command(['saldo', 'balance'], openBalance);
  chats.hears(menuLabels('balance'), openBalance);

  onAction(feature, 'balance', async (ctx) => {
    await showScreen(ctx, await balanceScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.id));
    return undefined;
  });

  onAction(feature, 'topupMenu', async (ctx) => {
    await showScreen(ctx, topupScreen(ctx.t));
    return undefined;
  });

  onAction(feature, 'topup', async (ctx, { amount }) => {
    if (amount < MIN_DEPOSIT || amount > MAX_DEPOSIT) return ctx.t.menu.invalidButton;
    await startDeposit(ctx, amount);
    return ctx.t.balance.startingToast;
  });

  chats.command('topup', async (ctx) => {
    const typed = ctx.match.trim();
    if (!typed) {
      await sendScreen(ctx, topupScreen(ctx.t));
      return;
    }
    const amount = parseAmount(typed);
    if (amount === null) await ctx.reply(ctx.t.balance.amountInvalid(MIN_DEPOSIT));
    else if (amount < MIN_DEPOSIT) await ctx.reply(ctx.t.balance.belowMinimum(MIN_DEPOSIT));
    else if (amount > MAX_DEPOSIT) await ctx.reply(ctx.t.balance.aboveMaximum(MAX_DEPOSIT));
    else await startDeposit(ctx, amount);
  });

  return feature;
}

/** Creates the deposit actor; its effects make the invoice and send the QR. */
async function startDeposit(ctx: BotContext & { from: { id: number } }, amount: number): Promise<void> {
  const { deps, t } = ctx;
  const userId = ctx.from.id;
  if (diskCritical(deps.config, deps.logger)) {
    await ctx.reply(t.menu.maintenance);
    return;
  }
  if ((await countOpenInvoices(deps.db, userId)) >= MAX_OPEN_INVOICES) {
    await ctx.reply(t.balance.tooManyOpenInvoices(MAX_OPEN_INVOICES));
    return;
  }
  const depositId = depositIdFor(dedupeKeyOf(ctx));
  const started = await deps.runtime.send('deposit', depositId, null, {
    input: { userId, lang: ctx.lang, amount },
  });
  if (started.status !== 'applied') return; // the same request, delivered again
  deps.audit.record('deposit_started', { userId, depositId, amount });
  await ctx.reply(t.balance.starting(amount));
}
