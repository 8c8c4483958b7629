import { Composer, InlineKeyboard } from 'grammy';
import type { EffectDeps } from '../../../effects/deps.ts';
import { decisionKeyboard, sendImages } from '../../../effects/snk.ts';
import { describeUser } from '../../../effects/telegram.ts';
import { SNK_STATUSES, type SnkStatus } from '../../../machines/snk.ts';
import { recordAdminAction } from '../../../shop/admin-audit.ts';
import {
  countSnkByProduct,
  countSnkByStatus,
  listSnk,
  parseSnkActorId,
  readProofs,
  SNK_KIND,
  snkActorId,
} from '../../../shop/snk.ts';
import { encodeCallback as cb, dedupeKeyOf, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, retry } from '../../conversations/step.ts';
import type { Texts } from '../../i18n.ts';
import { addPager } from '../../keyboards/pager.ts';

const PAGE_SIZE = 8;
const REASON = { min: 3, max: 500 };

async function snkActor(ctx: BotContext, orderId: string, productId: number) {
  const row = await ctx.deps.runtime.read(SNK_KIND, snkActorId(orderId, productId));
  return row ? { state: row.state, context: row.snapshot.context } : null;
}

/** Admin decisions go to the actor; only a submitted proof can be decided. */
async function decide(
  ctx: BotContext,
  ids: { orderId: string; productId: number },
  event: { type: 'ACCEPT' } | { type: 'REJECT'; reason: string },
): Promise<boolean> {
  const actorId = snkActorId(ids.orderId, ids.productId);
  const actor = await snkActor(ctx, ids.orderId, ids.productId);
  if (actor?.state !== 'submitted') return false;
  const by = ctx.from?.id ?? 0;
  const result = await ctx.deps.runtime.send(
    SNK_KIND,
    actorId,
    { ...event, by, at: new Date().toISOString() },
    { dedupeKey: dedupeKeyOf(ctx) },
  );
  if (result.status !== 'applied') return false;
  await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
    adminId: by,
    action: event.type === 'ACCEPT' ? 'snk.accept' : 'snk.reject',
    target: `snk:${actorId}`,
    before: { state: actor.state },
    after: { state: result.state, submission: actor.context.submissions },
  });
  return true;
}

/** The reason an admin types after "👎 Tolak (alasan)". */
export const snkRejectReason: ConversationStep<{ orderId: string; productId: number }> = {
  name: 'snkRejectReason',
  async handle(ctx, { text, data }) {
    // The admin gate does not cover steps.
    if (!ctx.isAdmin) return { type: 'leave' };
    const reason = text?.trim() ?? '';
    if (reason.length < REASON.min || reason.length > REASON.max) return retry(ctx.t.snk.reasonExpected);
    const ok = await decide(ctx, data, { type: 'REJECT', reason });
    await ctx.reply(ok ? ctx.t.snk.decided('rejected') : ctx.t.snk.notSubmitted);
    return done;
  },
};

function overviewKeyboard(t: Texts, counts: Record<string, number>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  SNK_STATUSES.forEach((status, index) => {
    keyboard.text(
      `${t.snk.status(status)} (${counts[status] ?? 0})`,
      cb({ type: 'adminSnkReviewList', status, page: 1 }),
    );
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}

async function overview(ctx: BotContext) {
  const counts = await countSnkByStatus(ctx.deps.db);
  const products = await countSnkByProduct(ctx.deps.db);
  const t = ctx.t.snk;
  const text = [
    t.reviewTitle,
    '',
    t.reviewCounts(counts as Record<SnkStatus, number>),
    t.reviewProducts(products),
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { text, keyboard: overviewKeyboard(ctx.t, counts) };
}

async function listScreen(ctx: BotContext, status: SnkStatus, page: number) {
  const t = ctx.t.snk;
  const { items, total } = await listSnk(ctx.deps.db, status, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const keyboard = new InlineKeyboard();
  for (const item of items) {
    const ids = parseSnkActorId(item.actorId);
    if (!ids) continue;
    keyboard.text(t.listButton(ids.orderId, item.product), cb({ type: 'adminSnkOpen', ...ids })).row();
  }
  addPager(keyboard, ctx.t, page, pages, (p) => cb({ type: 'adminSnkReviewList', status, page: p }));
  keyboard.text(t.back, cb({ type: 'adminSnkReviewHome' }));
  return { text: items.length === 0 ? t.listEmpty(status) : t.listTitle(status, page, pages), keyboard };
}

/**
 * "📜 SNK" for admins (behind the admin gate, /snk for now): submissions by status with
 * paging, one opened with its proof decrypted on demand (audited), counts per product, and
 * the "👍 Terima" / "👎 Tolak" buttons of forwarded proofs.
 */
export function snkReviewFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.chatType('private').command('snk', async (ctx) => {
    const screen = await overview(ctx);
    await ctx.reply(screen.text, { reply_markup: screen.keyboard });
  });

  onAction(feature, 'adminSnkReviewHome', async (ctx) => {
    const screen = await overview(ctx);
    await ctx.editMessageText(screen.text, { reply_markup: screen.keyboard }).catch(() => undefined);
    return ctx.t.snk.viewTermsButton;
  });

  onAction(feature, 'adminSnkReviewList', async (ctx, { status, page }) => {
    const screen = await listScreen(ctx, status, page);
    await ctx.editMessageText(screen.text, { reply_markup: screen.keyboard }).catch(() => undefined);
    return ctx.t.snk.status(status);
  });

  onAction(feature, 'adminSnkOpen', async (ctx, ids) => {
    const actor = await snkActor(ctx, ids.orderId, ids.productId);
    if (!actor) return { text: ctx.t.snk.notFound, alert: true };
    const c = actor.context;
    const actorId = snkActorId(ids.orderId, ids.productId);
    const proofs = await readProofs(ctx.deps.db, ctx.deps.cipher, actorId);
    const adminId = ctx.from.id;
    await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
      adminId,
      action: 'snk.open_proof',
      target: `snk:${actorId}`,
      after: { files: proofs.length },
    });
    const images = proofs.filter((p) => p.kind === 'image').map((p) => p.bytes);
    if (images.length > 0) await sendImages({ api: ctx.api }, adminId, images);
    const notes = proofs.filter((p) => p.kind === 'note').map((p) => `📝 ${p.bytes.toString('utf8')}`);
    const text = ctx.t.snk.details({
      orderId: c.orderId,
      buyer: await describeUser({ db: ctx.deps.db } as EffectDeps, c.userId),
      product: c.productName,
      status: c.status,
      submissions: c.submissions,
      decisions: [
        ...c.decisions.map(
          (d) =>
            `${d.outcome === 'accepted' ? '👍' : '👎'} ${d.by} ${d.at}${d.reason ? `: ${d.reason}` : ''}`,
        ),
        ...notes,
      ],
      purged: c.purged ? `${c.purged.at} (${c.purged.by}, ${c.purged.files})` : null,
    });
    const markup = actor.state === 'submitted' ? { reply_markup: decisionKeyboard(ctx.lang, ids) } : {};
    await ctx.reply(proofs.length === 0 ? `${text}\n${ctx.t.snk.noProof}` : text, markup);
    return undefined;
  });

  onAction(feature, 'adminSnkAccept', async (ctx, ids) => {
    const ok = await decide(ctx, ids, { type: 'ACCEPT' });
    if (ok) await ctx.editMessageReplyMarkup().catch(() => undefined);
    return ok ? ctx.t.snk.decided('accepted') : { text: ctx.t.snk.notSubmitted, alert: true };
  });

  onAction(feature, 'adminSnkReject', async (ctx, ids) => {
    const actor = await snkActor(ctx, ids.orderId, ids.productId);
    if (actor?.state !== 'submitted') return { text: ctx.t.snk.notSubmitted, alert: true };
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: snkRejectReason.name,
      data: { ...ids },
      text: ctx.t.snk.askReason(actor.context.productName, ids.orderId),
    });
    return undefined;
  });

  return feature;
}
