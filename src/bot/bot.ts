import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { type Api, Bot, type Middleware, type Transformer } from 'grammy';
import type { BotCommand, UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDeps } from './context.ts';
import { conversations } from './conversations/router.ts';
import { adminFeature, adminSteps } from './features/admin/index.ts';
import { adminOrderSteps, adminOrdersFeature } from './features/admin/orders.ts';
import { snkRejectReason, snkReviewFeature } from './features/admin/snk-review.ts';
import { adminCsvRangeStep, adminStatsFeature } from './features/admin/stats.ts';
import { adminUserSteps, adminUsersFeature } from './features/admin/users.ts';
import { balanceFeature } from './features/balance.ts';
import { cartFeature, voucherEntry } from './features/cart.ts';
import { catalogFeature, quantityEntry } from './features/catalog.ts';
import { fallbackFeature } from './features/fallback.ts';
import { ordersFeature } from './features/orders.ts';
import { snkFeature, snkProof } from './features/snk.ts';
import { startFeature } from './features/start.ts';
import { isAdmin } from './filters/is-admin.ts';
import { isOwner } from './filters/is-owner.ts';
import { texts } from './i18n.ts';
import { antiSpam, type SpamGuardOptions } from './middlewares/anti-spam.ts';
import { enrichContext } from './middlewares/context.ts';
import { errorBoundary } from './middlewares/error-boundary.ts';
import { userMiddleware } from './middlewares/user.ts';

export interface CreateBotOptions {
  token: string;
  apiRoot: string;
  /** Skips getMe at start (tests, webhook mode). */
  botInfo?: UserFromGetMe;
  /** Tunes the per-user flood guard (defaults: burst 4, 1 per second). */
  antiSpam?: SpamGuardOptions;
  /** The owner's /status and /backup, when no separate owner bot serves them. */
  ownerTools?: Middleware<BotContext>;
  /** Installed first, so they see every attempt (metrics count each 429 auto-retry absorbs). */
  apiTransformers?: Transformer[];
}

const PARSE_MODE_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendVoice',
  'editMessageCaption',
  'copyMessage',
]);

/** Every text we send is HTML unless a call says otherwise. */
const htmlByDefault: Transformer = (prev, method, payload, signal) => {
  if (!PARSE_MODE_METHODS.has(method) || !payload || 'parse_mode' in payload)
    return prev(method, payload, signal);
  return prev(method, { ...payload, parse_mode: 'HTML' } as typeof payload, signal);
};

/** getUpdates holds the call open this long (grammY runner's default) before its own timeout. */
const LONG_POLL_SECONDS = 30;

/**
 * Every call is answered within `seconds` or aborted (getUpdates: its long poll plus that),
 * so nothing waits forever on an unreachable Telegram; the caller's signal still applies.
 * (The runner's signal is a polyfill, not Node's own: listened to, not combined.)
 */
function callTimeout(seconds: number): Transformer {
  return async (prev, method, payload, signal) => {
    const poll = method === 'getUpdates' ? Number((payload as { timeout?: number }).timeout ?? 0) : 0;
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, (seconds + poll) * 1000);
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort);
    try {
      return await prev(method, payload, controller.signal as unknown as typeof signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  };
}

export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const timeoutSeconds = deps.config.TELEGRAM_TIMEOUT_SECONDS;
  const bot = new Bot<BotContext>(options.token, {
    client: { apiRoot: options.apiRoot, timeoutSeconds: timeoutSeconds + LONG_POLL_SECONDS },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(callTimeout(timeoutSeconds));
  bot.api.config.use(...(options.apiTransformers ?? []));
  // Rate limits are waited out briefly here; network errors and Telegram's 5xx go back to
  // the caller at once: effects retry with their own backoff, replies are simply dropped.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 2,
      maxDelaySeconds: 10,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
  bot.api.config.use(htmlByDefault);

  // Updates run concurrently under the runner; one chat's updates still run in order.
  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  bot.use(enrichContext(deps));
  bot.use(errorBoundary());
  bot.use(antiSpam(options.antiSpam));
  bot.use(userMiddleware());
  // Before the features: an open prompt sees the chat's next message first.
  bot.use(
    conversations([
      voucherEntry,
      quantityEntry,
      ...adminSteps,
      ...adminOrderSteps,
      ...adminUserSteps,
      adminCsvRangeStep,
      snkProof,
      snkRejectReason,
    ]),
  );
  // Before the buyer features: an admin's /orders is the admin list, not the buyer history.
  bot.filter(isAdmin, adminOrdersFeature());
  bot.filter(isAdmin, adminUsersFeature());
  bot.filter(isAdmin, adminStatsFeature());
  bot.use(startFeature(), catalogFeature(), cartFeature(), ordersFeature(), balanceFeature(), snkFeature());
  // The one admin gate: anyone else's /admin or crafted admin button falls through to
  // the fallback's ordinary answers, and no admin handler ever runs for them.
  if (options.ownerTools) bot.filter(isOwner, options.ownerTools);
  bot.filter(isAdmin, adminFeature());
  bot.filter(isAdmin, snkReviewFeature());
  bot.use(fallbackFeature());

  bot.catch((error) => {
    deps.logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'bot middleware failed');
  });
  return bot;
}

type CommandName = keyof ReturnType<typeof texts>['menu']['commands'];

/** Command names per language: Indonesian buyers type /katalog, English ones /catalog. */
const COMMAND_NAMES: Record<'id' | 'en', Record<CommandName, string>> = {
  id: {
    start: 'start',
    catalog: 'katalog',
    cart: 'keranjang',
    orders: 'pesanan',
    balance: 'saldo',
    topup: 'topup',
    help: 'help',
  },
  en: {
    start: 'start',
    catalog: 'catalog',
    cart: 'cart',
    orders: 'orders',
    balance: 'balance',
    topup: 'topup',
    help: 'help',
  },
};

function commandsFor(lang: 'id' | 'en'): BotCommand[] {
  const descriptions = texts(lang).menu.commands;
  return (Object.keys(COMMAND_NAMES[lang]) as CommandName[]).map((key) => ({
    command: COMMAND_NAMES[lang][key],
    description: descriptions[key],
  }));
}

/** The command menu Telegram shows: Indonesian by default, English for English clients. */
export const BOT_COMMANDS: { id: BotCommand[]; en: BotCommand[] } = {
  id: commandsFor('id'),
  en: commandsFor('en'),
};

export async function setCommands(api: Api): Promise<void> {
  await api.setMyCommands(BOT_COMMANDS.id);
  await api.setMyCommands(BOT_COMMANDS.en, { language_code: 'en' });
}
