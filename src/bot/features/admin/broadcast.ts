import { Composer, InlineKeyboard } from 'grammy';
import { sendContent } from '../../../effects/broadcast-send.ts';
import { recordAdminAction } from '../../../shop/admin-audit.ts';
import { countAudience } from '../../../shop/broadcasts/audience.ts';
import { launchBroadcast, newBroadcastId } from '../../../shop/broadcasts/start.ts';
import {
  type BroadcastRow,
  countBroadcasts,
  deleteDraft,
  getBroadcast,
  insertBroadcast,
  listBroadcasts,
  updateDraft,
} from '../../../shop/broadcasts/store.ts';
import type { Audience } from '../../../shop/broadcasts/types.ts';
import { getProduct } from '../../../shop/catalog.ts';
import { findCategory, getAdminCategory } from '../../../shop/catalog-admin.ts';
import { parseLocalMoment } from '../../../shop/vouchers.ts';
import { encodeCallback as cb, dedupeKeyOf, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../../conversations/step.ts';
import { localTime } from '../../format.ts';
import { addPager } from '../../keyboards/pager.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';
import { buttonOf, contentOf } from './broadcast-compose.ts';
import { ADMIN_PAGE_SIZE } from './shared.ts';

const draftIdOf = (data: Record<string, unknown>) => String(data.draftId ?? '');

/** Step 1: the text, or a photo with its caption, validated as Telegram parses HTML. */
export const broadcastContentStep: ConversationStep = {
  name: 'adminBroadcastContent',
  async handle(ctx, { message }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.broadcast;
    const parsed = contentOf(message);
    if (!parsed.ok) {
      const { problem } = parsed;
      if (problem.kind === 'html') return retry(t.badHtml(problem.detail));
      if (problem.kind === 'length') return retry(t.tooLong(problem.max));
      return retry(t.expectedContent);
    }
    const draftId = newBroadcastId();
    await insertBroadcast(ctx.deps.db, {
      id: draftId,
      adminId: ctx.from.id,
      content: parsed.content,
      audience: { type: 'all' },
    });
    return { type: 'next', prompt: { step: broadcastButtonStep.name, data: { draftId }, text: t.askButton } };
  },
};

/** Step 2: an optional URL button, then the audience. */
export const broadcastButtonStep: ConversationStep = {
  name: 'adminBroadcastButton',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.broadcast;
    const button = buttonOf(text ?? '');
    if (button === null) return retry(t.expectedButton);
    const draft = await getBroadcast(ctx.deps.db, draftIdOf(data));
    if (draft?.status !== 'draft') return retry(t.gone);
    if (button !== 'none')
      await updateDraft(ctx.deps.db, draft.id, { content: { ...draft.content, button } });
    await sendScreen(ctx, audienceScreen(ctx, draft.id));
    return done;
  },
};

/** The audience's choices that need one more answer: a product, a category or a number of days. */
const audienceStep = (
  name: string,
  parse: (ctx: BotContext, text: string) => Promise<Audience | null>,
  expected: (ctx: BotContext) => string,
): ConversationStep => ({
  name,
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const audience = text === null ? null : await parse(ctx, text);
    if (!audience) return retry(expected(ctx));
    if (!(await updateDraft(ctx.deps.db, draftIdOf(data), { audience }))) return retry(ctx.t.broadcast.gone);
    await sendScreen(ctx, await confirmScreen(ctx, draftIdOf(data)));
    return done;
  },
});

export const broadcastProductStep = audienceStep(
  'adminBroadcastProduct',
  async (ctx, text) => {
    const product = await getProduct(ctx.deps.db, text.trim());
    return product ? { type: 'product', productId: product.id } : null;
  },
  (ctx) => ctx.t.broadcast.expectedProduct,
);

export const broadcastCategoryStep = audienceStep(
  'adminBroadcastCategory',
  async (ctx, text) => {
    const category = await findCategory(ctx.deps.db, text);
    return category ? { type: 'category', categoryId: category.id } : null;
  },
  (ctx) => ctx.t.broadcast.expectedCategory,
);

export const broadcastDaysStep = audienceStep(
  'adminBroadcastDays',
  async (_ctx, text) => {
    const days = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : 0;
    return days >= 1 && days <= 3650 ? { type: 'inactive', days } : null;
  },
  (ctx) => ctx.t.broadcast.expectedDays,
);

/** The schedule's time, on the shop's clock, not in the past. */
export const broadcastTimeStep: ConversationStep = {
  name: 'adminBroadcastTime',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.broadcast;
    const timeZone = ctx.deps.config.BOT_TIMEZONE;
    const at = parseLocalMoment((text ?? '').trim(), timeZone);
    if (!at || at.getTime() <= Date.now()) return retry(t.expectedTime);
    const draft = await getBroadcast(ctx.deps.db, draftIdOf(data));
    if (draft?.status !== 'draft') return retry(t.gone);
    await launch(ctx, draft, at);
    await ctx.reply(t.scheduled(localTime(at, timeZone, ctx.lang)));
    return done;
  },
};

function audienceScreen(ctx: BotContext, broadcastId: string) {
  const t = ctx.t.broadcast;
  const pick = (choice: 'all' | 'never' | 'product' | 'category' | 'inactive') =>
    cb({ type: 'adminBroadcastAudience', broadcastId, choice });
  const keyboard = new InlineKeyboard()
    .text(t.audienceAll, pick('all'))
    .text(t.audienceNever, pick('never'))
    .row()
    .text(t.audienceProduct, pick('product'))
    .text(t.audienceCategory, pick('category'))
    .row()
    .text(t.audienceInactive, pick('inactive'))
    .row()
    .text(t.cancelButton, cb({ type: 'adminBroadcast', verb: 'drop', broadcastId }));
  return { text: t.askAudience, keyboard };
}

async function audienceLabel(ctx: BotContext, audience: Audience): Promise<string> {
  const labels = ctx.t.broadcast.audienceLabel;
  switch (audience.type) {
    case 'all':
      return labels.all;
    case 'never_bought':
      return labels.never_bought;
    case 'inactive':
      return labels.inactive(audience.days);
    case 'product':
      return labels.product((await getProduct(ctx.deps.db, audience.productId))?.name ?? '?');
    case 'category':
      return labels.category((await getAdminCategory(ctx.deps.db, audience.categoryId))?.name ?? '?');
  }
}

/** The recipient count before anything is sent, with test, send, schedule and cancel. */
async function confirmScreen(ctx: BotContext, broadcastId: string) {
  const t = ctx.t.broadcast;
  const draft = await getBroadcast(ctx.deps.db, broadcastId);
  if (draft?.status !== 'draft') return { text: t.gone };
  const label = await audienceLabel(ctx, draft.audience);
  const count = await countAudience(ctx.deps.db, draft.audience);
  if (count === 0) {
    const picker = audienceScreen(ctx, broadcastId);
    return { text: `${t.empty(label)}\n\n${picker.text}`, keyboard: picker.keyboard };
  }
  const verb = (v: 'test' | 'go' | 'sched' | 'drop') => cb({ type: 'adminBroadcast', verb: v, broadcastId });
  const keyboard = new InlineKeyboard()
    .text(t.testButton, verb('test'))
    .row()
    .text(t.sendNowButton, verb('go'))
    .text(t.scheduleButton, verb('sched'))
    .row()
    .text(t.cancelButton, verb('drop'));
  return { text: t.confirm(count, label), keyboard };
}

async function launch(ctx: BotContext, draft: BroadcastRow, at: Date | null) {
  await launchBroadcast(ctx.deps, draft.id, { at });
  await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
    adminId: ctx.from?.id ?? 0,
    action: 'broadcast.start',
    target: `broadcast:${draft.id}`,
    after: { audience: draft.audience, scheduledAt: at?.toISOString() ?? null },
  });
}

async function historyScreen(ctx: BotContext, page: number) {
  const t = ctx.t.broadcast;
  const total = await countBroadcasts(ctx.deps.db);
  const pages = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
  const current = Math.min(page, pages);
  const rows = await listBroadcasts(ctx.deps.db, ADMIN_PAGE_SIZE, (current - 1) * ADMIN_PAGE_SIZE);
  const lines = rows.map((b) =>
    t.historyLine({
      when: localTime(b.startedAt ?? b.createdAt, ctx.deps.config.BOT_TIMEZONE, ctx.lang),
      status: b.status,
      sent: b.report?.sent ?? 0,
      total: b.total,
      preview: previewOf(b),
    }),
  );
  const keyboard = new InlineKeyboard();
  addPager(keyboard, ctx.t, current, pages, (p) => cb({ type: 'adminBroadcastHistory', page: p }));
  keyboard.text(t.back, cb({ type: 'adminBroadcastMenu' }));
  return {
    text: [t.historyTitle(total), '', ...(lines.length ? lines : [t.historyEmpty])].join('\n'),
    keyboard,
  };
}

/** The first words of the message, tags dropped (a history line's reminder of what was sent). */
function previewOf(b: BroadcastRow): string {
  const source = b.content.kind === 'text' ? b.content.html : `📷 ${b.content.captionHtml}`;
  const plain = source
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 60 ? `${plain.slice(0, 59)}…` : plain;
}

/** "📣 Broadcast": compose (text or photo, button, audience, test, now or scheduled), control, history. */
export function broadcastFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminBroadcastMenu', async (ctx) => {
    const t = ctx.t.broadcast;
    const keyboard = new InlineKeyboard()
      .text(t.newButton, cb({ type: 'adminBroadcastNew' }))
      .text(t.historyButton, cb({ type: 'adminBroadcastHistory', page: 1 }))
      .row()
      .text(t.back, cb({ type: 'adminPanel' }));
    await showScreen(ctx, { text: t.menu, keyboard });
    return undefined;
  });

  onAction(feature, 'adminBroadcastNew', async (ctx) => {
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: broadcastContentStep.name,
      text: ctx.t.broadcast.askContent,
    });
    return undefined;
  });

  onAction(feature, 'adminBroadcastHistory', async (ctx, { page }) => {
    await showScreen(ctx, await historyScreen(ctx, page));
    return undefined;
  });

  onAction(feature, 'adminBroadcastAudience', async (ctx, { broadcastId, choice }) => {
    const t = ctx.t.broadcast;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const data = { draftId: broadcastId };
    if (choice === 'product')
      await openPrompt(ctx, chatId, { step: broadcastProductStep.name, data, text: t.askProduct });
    else if (choice === 'category')
      await openPrompt(ctx, chatId, { step: broadcastCategoryStep.name, data, text: t.askCategory });
    else if (choice === 'inactive')
      await openPrompt(ctx, chatId, { step: broadcastDaysStep.name, data, text: t.askDays });
    else {
      const audience: Audience = choice === 'all' ? { type: 'all' } : { type: 'never_bought' };
      if (!(await updateDraft(ctx.deps.db, broadcastId, { audience }))) return t.gone;
      await showScreen(ctx, await confirmScreen(ctx, broadcastId));
    }
    return undefined;
  });

  onAction(feature, 'adminBroadcast', async (ctx, { verb, broadcastId }) => {
    const t = ctx.t.broadcast;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const control = { pause: 'PAUSE', resume: 'RESUME', stop: 'CANCEL' } as const;
    if (verb === 'pause' || verb === 'resume' || verb === 'stop') {
      const result = await ctx.deps.runtime.send(
        'broadcast',
        broadcastId,
        { type: control[verb] },
        {
          dedupeKey: `${dedupeKeyOf(ctx)}:broadcast`,
        },
      );
      if (result.status !== 'applied') return t.gone;
      if (verb === 'stop')
        await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
          adminId: ctx.from.id,
          action: 'broadcast.cancel',
          target: `broadcast:${broadcastId}`,
        });
      return verb === 'pause' ? t.paused : verb === 'resume' ? t.resumed : t.stopped;
    }
    const draft = await getBroadcast(ctx.deps.db, broadcastId);
    if (draft?.status !== 'draft') return t.gone;
    if (verb === 'test') {
      try {
        await sendContent(ctx.api, chatId, draft.content, { paid: false });
        await ctx.reply(t.testSent);
      } catch (error) {
        await ctx.reply(t.testFailed(error instanceof Error ? error.message : String(error)));
      }
      return undefined;
    }
    if (verb === 'drop') {
      await deleteDraft(ctx.deps.db, broadcastId);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(t.dropped);
      return undefined;
    }
    if (verb === 'sched') {
      await openPrompt(ctx, chatId, {
        step: broadcastTimeStep.name,
        data: { draftId: broadcastId },
        text: t.askTime(ctx.deps.config.BOT_TIMEZONE),
      });
      return undefined;
    }
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await launch(ctx, draft, null);
    await ctx.reply(t.started);
    return undefined;
  });

  return feature;
}

export const broadcastSteps: ConversationStep[] = [
  broadcastContentStep,
  broadcastButtonStep,
  broadcastProductStep,
  broadcastCategoryStep,
  broadcastDaysStep,
  broadcastTimeStep,
];
