import { Composer, InlineKeyboard } from 'grammy';
import {
  adjustBalance,
  findUser,
  setBlockedByAdmin,
  userFigures,
  userSummary,
} from '../../../shop/admin-users.ts';
import { listLedger } from '../../../shop/ledger.ts';
import { listUserOrders } from '../../../shop/orders.ts';
import { getUser } from '../../../shop/users.ts';
import { encodeCallback as cb, dedupeKeyOf, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, retry } from '../../conversations/step.ts';
import { localTime, rupiah } from '../../format.ts';
import { langOf, texts } from '../../i18n.ts';
import { type Screen, sendScreen, showScreen } from '../../views/screen.ts';
import { FIRST_PAGE } from './orders.ts';

const RECENT = 5;

async function homeScreen(ctx: BotContext): Promise<Screen> {
  const t = ctx.t.adminOps;
  return {
    text: t.users(await userFigures(ctx.deps.db)),
    keyboard: new InlineKeyboard().text(t.findButton, cb({ type: 'adminUserFind' })),
  };
}

async function userScreen(ctx: BotContext, userId: number): Promise<Screen | null> {
  const t = ctx.t.adminOps;
  const user = await getUser(ctx.deps.db, userId);
  if (!user) return null;
  const tz = ctx.deps.config.BOT_TIMEZONE;
  const [summary, orders, ledger] = await Promise.all([
    userSummary(ctx.deps.db, userId),
    listUserOrders(ctx.deps.db, userId, { page: 1, pageSize: RECENT }),
    listLedger(ctx.deps.db, userId, RECENT),
  ]);
  const text = t.user({
    id: user.id,
    name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    username: user.username,
    blocked: user.is_blocked,
    botBlocked: user.bot_blocked,
    ...summary,
    recentOrders: orders.items.map(
      (o) => `• <code>${o.id}</code> · ${rupiah(o.total)} · ${ctx.t.history.status[o.status]}`,
    ),
    ledger: ledger.map((l) =>
      t.ledgerLine(localTime(l.created_at as unknown as Date, tz, ctx.lang), l.amount, l.reason, l.note),
    ),
  });
  const keyboard = new InlineKeyboard()
    .text(t.userOrdersButton, cb({ ...FIRST_PAGE, buyerId: userId }))
    .text(t.adjustButton, cb({ type: 'adminUser', verb: 'adj', userId }))
    .row()
    .text(
      user.is_blocked ? t.unblockButton : t.blockButton,
      cb({ type: 'adminUser', verb: user.is_blocked ? 'ub' : 'bl', userId }),
    )
    .text(t.back, cb({ type: 'adminUsers' }));
  return { text, keyboard };
}

export const adminUserFindStep: ConversationStep = {
  name: 'adminUserFind',
  async handle(ctx, { text }) {
    if (!ctx.isAdmin || text === null) return retry(ctx.t.adminOps.expectedUser);
    const user = await findUser(ctx.deps.db, text);
    const screen = user ? await userScreen(ctx, user.id) : null;
    if (!screen) return retry(ctx.t.adminOps.expectedUser);
    await sendScreen(ctx, screen);
    return done;
  },
};

const ADJUST = /^\s*([+-])\s*(\d{1,9})\s+(\S.{0,199})$/s;

export const adminBalanceStep: ConversationStep = {
  name: 'adminBalance',
  async handle(ctx, { text, data }) {
    const t = ctx.t.adminOps;
    const match = text === null ? null : ADJUST.exec(text.replace(/[.,](?=\d{3}\b)/g, ''));
    if (!ctx.isAdmin || !match) return retry(t.expectedAdjust);
    const amount = (match[1] === '-' ? -1 : 1) * Number(match[2]);
    const reason = (match[3] ?? '').trim();
    if (amount === 0) return retry(t.expectedAdjust);
    const userId = Number(data.userId);
    const result = await adjustBalance(ctx.deps.db, ctx.deps.audit, {
      adminId: ctx.from.id,
      userId,
      amount,
      reason,
      ref: `admin:${dedupeKeyOf(ctx)}`,
    });
    if (!result.ok) {
      await ctx.reply(t.adjustInsufficient(result.balance));
      return done;
    }
    await ctx.reply(t.adjusted(amount, result.balance));
    await tellUser(ctx, userId, (lang) => texts(lang).adminOps.buyerAdjusted(amount, result.balance, reason));
    return done;
  },
};

export const adminUserSteps = [adminUserFindStep, adminBalanceStep];

/** Best effort: a buyer who blocked the bot simply does not hear of it. */
async function tellUser(ctx: BotContext, userId: number, text: (lang: 'id' | 'en') => string) {
  const user = await getUser(ctx.deps.db, userId);
  try {
    await ctx.api.sendMessage(userId, text(langOf(user?.language_code)));
  } catch (error) {
    ctx.deps.logger.warn({ err: error, userId }, 'could not tell the user about an admin change');
  }
}

/** 👥 Users for admins: figures, search, a user's screen, block/unblock, balance adjustment. */
export function adminUsersFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.chatType('private').command('users', async (ctx) => {
    await sendScreen(ctx, await homeScreen(ctx));
  });

  onAction(feature, 'adminUsers', async (ctx) => {
    await showScreen(ctx, await homeScreen(ctx));
    return undefined;
  });
  onAction(feature, 'adminUserFind', async (ctx) => {
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: adminUserFindStep.name,
      text: ctx.t.adminOps.askUser,
    });
    return undefined;
  });
  onAction(feature, 'adminUser', async (ctx, { verb, userId }) => {
    const t = ctx.t.adminOps;
    const user = await getUser(ctx.deps.db, userId);
    if (!user) return t.noUser;
    const name = user.first_name;
    switch (verb) {
      case 'v':
        break;
      case 'bl':
      case 'ub':
        await showScreen(ctx, {
          text: verb === 'bl' ? t.confirmBlock(name) : t.confirmUnblock(name),
          keyboard: new InlineKeyboard()
            .text(t.yes, cb({ type: 'adminUser', verb: verb === 'bl' ? 'bly' : 'uby', userId }))
            .text(t.no, cb({ type: 'adminUser', verb: 'v', userId })),
        });
        return undefined;
      case 'bly':
      case 'uby': {
        const changed = await setBlockedByAdmin(
          ctx.deps.db,
          ctx.deps.audit,
          ctx.from.id,
          userId,
          verb === 'bly',
        );
        const screen = await userScreen(ctx, userId);
        if (screen) await showScreen(ctx, screen);
        return changed ? (verb === 'bly' ? t.blocked : t.unblocked) : t.unchanged;
      }
      case 'adj':
        await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
          step: adminBalanceStep.name,
          data: { userId },
          text: t.askAdjust,
        });
        return undefined;
    }
    const screen = await userScreen(ctx, userId);
    if (screen) await showScreen(ctx, screen);
    return undefined;
  });
  return feature;
}
