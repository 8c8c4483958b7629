import { InlineKeyboard, InputFile } from 'grammy';
import type { InputMediaPhoto } from 'grammy/types';
import type { PgBoss } from 'pg-boss';
import type { EffectHandlers } from '../actors/effect.ts';
import { defineEffect, type EffectContext, type RetryPolicy } from '../actors/types.ts';
import { encodeCallback } from '../bot/callback-data.ts';
import { escapeHtml } from '../bot/format.ts';
import { texts } from '../bot/i18n.ts';
import type { Lang } from '../machines/order.ts';
import type { SnkEvent, SnkInput, SnkOutcome, SnkRef, snkMachine } from '../machines/snk.ts';
import { html } from '../messages/fill.ts';
import {
  deleteProofs,
  deleteProofsBefore,
  forwardedTo,
  markForwarded,
  productsWithTerms,
  readProofs,
  SNK_KIND,
  snkActorId,
} from '../shop/snk.ts';
import { getUser, setBotBlocked } from '../shop/users.ts';
import type { EffectDeps } from './deps.ts';
import { apiSignal, describeUser, isBlocked, isTransient, toBuyer } from './telegram.ts';

/** Admin notices outlast a Telegram outage, as the order's do. */
const NOTICE_RETRIES: RetryPolicy = { retryLimit: 20, retryDelaySeconds: 1, retryDelayMaxSeconds: 60 };
/** Telegram takes at most 10 items per media group. */
const MEDIA_GROUP_MAX = 10;

export const SNK_SWEEP_QUEUE = 'snk-purge-daily';

/** The snk machine's named actions, run durably by the actor runtime. */
export function snkEffects(deps: EffectDeps): EffectHandlers<typeof snkMachine> {
  return {
    sendTerms: defineEffect((p: SnkRef, ctx) => sendTerms(deps, p, ctx)),
    remindBuyer: defineEffect((p: SnkRef, ctx) => remindBuyer(deps, p, ctx)),
    forwardProof: defineEffect(
      (p: SnkRef & { submission: number }, ctx) => forwardProof(deps, p, ctx),
      NOTICE_RETRIES,
    ),
    tellOutcome: defineEffect(
      (p: SnkRef & { outcome: SnkOutcome; canRetry: boolean; reason: string | null }, ctx) =>
        tellOutcome(deps, p, ctx),
    ),
    purgeProofs: defineEffect((p: SnkRef) => purgeProofs(deps, p)),
  };
}

/** Delays of the snk machine from the configuration (the *_MS settings are for tests). */
export function snkDelays(config: EffectDeps['config']) {
  return {
    termsRetry: config.DELIVERY_RETRY_SECONDS * 1000,
    reminder: config.SNK_REMINDER_MS ?? config.SNK_REMINDER_HOURS * 3_600_000,
    deadline: config.SNK_DEADLINE_MS ?? config.SNK_DEADLINE_DAYS * 86_400_000,
    retention: config.SNK_RETENTION_MS ?? config.SNK_RETENTION_DAYS * 86_400_000,
  };
}

/**
 * One snk actor per delivered product with terms. The runtime creates an actor only if it
 * is absent (one locked insert), so a retried delivery or a second process starts nothing new.
 */
export async function startSnk(
  deps: EffectDeps,
  order: { orderId: string; userId: number; lang: Lang },
): Promise<void> {
  for (const product of await productsWithTerms(deps.db, order.orderId)) {
    const actorId = snkActorId(order.orderId, product.productId);
    const input: SnkInput = {
      actorId,
      orderId: order.orderId,
      productId: product.productId,
      productName: product.productName,
      userId: order.userId,
      lang: order.lang,
      terms: product.terms ?? '',
      maxSubmissions: deps.config.SNK_MAX_SUBMISSIONS,
    };
    await deps.runtime().send(SNK_KIND, actorId, null, { input: { ...input } });
  }
}

export function fulfilKeyboard(lang: Lang, p: { orderId: string; productId: number }): InlineKeyboard {
  return new InlineKeyboard().text(
    texts(lang).snk.fulfilButton,
    encodeCallback({ type: 'snkStart', orderId: p.orderId, productId: p.productId }),
  );
}

/** The terms with "✅ Penuhi SNK"; a buyer who blocked the bot is tried again later. */
async function sendTerms(deps: EffectDeps, p: SnkRef, ctx: EffectContext): Promise<SnkEvent> {
  const buyer = await getUser(deps.db, p.userId);
  const text = await deps.messages.render('snk_terms', p.lang, {
    produk: p.productName,
    order_id: p.orderId,
    nama: buyer?.first_name ?? '',
    snk: html(escapeHtml(p.terms)),
  });
  try {
    await deps.api.sendMessage(
      p.userId,
      text,
      { parse_mode: 'HTML', reply_markup: fulfilKeyboard(p.lang, p) },
      apiSignal(ctx.signal),
    );
  } catch (error) {
    if (!isBlocked(error)) throw error;
    await setBotBlocked(deps.db, p.userId, true);
    ctx.logger.info({ actorId: ctx.actorId }, 'snk terms held: the buyer has blocked the bot');
    return { type: 'TERMS_BLOCKED' };
  }
  return { type: 'TERMS_SENT' };
}

async function remindBuyer(deps: EffectDeps, p: SnkRef, ctx: EffectContext): Promise<undefined> {
  const text = texts(p.lang).snk.reminder(p.productName, p.orderId);
  await toBuyer(deps, p.userId, () =>
    deps.api.sendMessage(
      p.userId,
      text,
      { parse_mode: 'HTML', reply_markup: fulfilKeyboard(p.lang, p) },
      apiSignal(ctx.signal),
    ),
  );
  return undefined;
}

async function tellOutcome(
  deps: EffectDeps,
  p: SnkRef & { outcome: SnkOutcome; canRetry: boolean; reason: string | null },
  ctx: EffectContext,
): Promise<undefined> {
  const t = texts(p.lang).snk;
  const text =
    p.outcome === 'accepted'
      ? t.accepted(p.productName, p.orderId)
      : p.outcome === 'rejected'
        ? t.rejected(p.productName, p.orderId, p.reason ?? '-', p.canRetry)
        : t.expired(p.productName, p.orderId);
  const markup = p.canRetry ? { reply_markup: fulfilKeyboard(p.lang, p) } : {};
  await toBuyer(deps, p.userId, () =>
    deps.api.sendMessage(p.userId, text, { parse_mode: 'HTML', ...markup }, apiSignal(ctx.signal)),
  );
  return undefined;
}

export function decisionKeyboard(lang: Lang, p: { orderId: string; productId: number }): InlineKeyboard {
  const t = texts(lang).snk;
  const ids = { orderId: p.orderId, productId: p.productId };
  return new InlineKeyboard()
    .text(t.acceptButton, encodeCallback({ type: 'adminSnkAccept', ...ids }))
    .text(t.rejectButton, encodeCallback({ type: 'adminSnkReject', ...ids }));
}

/** The decrypted images as Telegram media (a group when there are several). */
export async function sendImages(
  deps: Pick<EffectDeps, 'api'>,
  chatId: number,
  images: Buffer[],
  signal?: AbortSignal,
): Promise<void> {
  for (let start = 0; start < images.length; start += MEDIA_GROUP_MAX) {
    const chunk = images.slice(start, start + MEDIA_GROUP_MAX);
    if (chunk.length === 1) {
      await deps.api.sendPhoto(chatId, new InputFile(chunk[0] as Buffer, 'proof'), {}, apiSignal(signal));
      continue;
    }
    const media: InputMediaPhoto[] = chunk.map((bytes, index) => ({
      type: 'photo',
      media: new InputFile(bytes, `proof-${start + index + 1}`),
    }));
    await deps.api.sendMediaGroup(chatId, media, {}, apiSignal(signal));
  }
}

/**
 * Sends one submission to every admin (TELEGRAM_ADMIN_IDS) that has not had it yet: the
 * images, then the order, buyer, product, terms and note with "👍 Terima" / "👎 Tolak".
 * An admin is marked once their copy is out, so a retry (another process, a restart)
 * sends only to the ones still missing.
 */
async function forwardProof(
  deps: EffectDeps,
  p: SnkRef & { submission: number },
  ctx: EffectContext,
): Promise<undefined> {
  const proofs = await readProofs(deps.db, deps.cipher, p.actorId, p.submission);
  const images = proofs.filter((r) => r.kind === 'image').map((r) => r.bytes);
  const notes = proofs.filter((r) => r.kind === 'note').map((r) => r.bytes.toString('utf8'));
  const buyer = await describeUser(deps, p.userId);
  const done = await forwardedTo(deps.db, p.actorId, p.submission);
  const failures: unknown[] = [];
  for (const adminId of deps.config.TELEGRAM_ADMIN_IDS) {
    if (done.has(adminId)) continue;
    try {
      const admin = await getUser(deps.db, adminId);
      const lang: Lang = admin?.language_code?.startsWith('en') ? 'en' : 'id';
      await sendImages(deps, adminId, images, ctx.signal);
      const text = texts(lang).snk.adminProof({
        orderId: p.orderId,
        buyer,
        product: p.productName,
        terms: p.terms,
        submission: p.submission,
        notes,
        files: images.length,
      });
      await deps.api.sendMessage(
        adminId,
        text,
        { parse_mode: 'HTML', reply_markup: decisionKeyboard(lang, p) },
        apiSignal(ctx.signal),
      );
      await markForwarded(deps.db, p.actorId, p.submission, adminId);
    } catch (error) {
      ctx.logger.warn({ err: error, adminId, actorId: p.actorId }, 'could not forward an snk proof');
      failures.push(error);
    }
  }
  deps.audit.record('snk.proof_forwarded', {
    actorId: p.actorId,
    submission: p.submission,
    images: images.length,
    notes: notes.length,
  });
  const retryable = failures.find(isTransient);
  if (retryable) throw retryable;
  return undefined;
}

async function purgeProofs(deps: EffectDeps, p: SnkRef): Promise<SnkEvent> {
  const files = await deleteProofs(deps.db, p.actorId);
  deps.audit.record('snk.proof_purged', { actorId: p.actorId, files, by: 'retention' });
  return { type: 'PURGED', by: 'retention', at: new Date().toISOString(), files };
}

/**
 * Once a day, proof past retention is deleted whatever its actor is doing (the retention
 * setting may have been shortened since the actor's own timer was set); each actor keeps a
 * tombstone. A pg-boss schedule: with several processes one of them runs it.
 */
export async function runSnkSweep(
  deps: Pick<EffectDeps, 'db' | 'config' | 'audit' | 'runtime'>,
  now = new Date(),
  dedupe = now.toISOString(),
) {
  const olderThan = new Date(now.getTime() - snkDelays(deps.config).retention);
  const purged = await deleteProofsBefore(deps.db, olderThan);
  for (const { actorId, files } of purged) {
    deps.audit.record('snk.proof_purged', { actorId, files, by: 'sweep' });
    await deps
      .runtime()
      .send(
        SNK_KIND,
        actorId,
        { type: 'PURGED', by: 'sweep', at: now.toISOString(), files },
        { dedupeKey: `sweep:${dedupe}` },
      );
  }
  return purged;
}

export async function startSnkSweep(boss: PgBoss, deps: EffectDeps): Promise<() => Promise<void>> {
  await boss.createQueue(SNK_SWEEP_QUEUE, { retryLimit: 3, expireInSeconds: 3_600 });
  await boss.schedule(SNK_SWEEP_QUEUE, '30 3 * * *', null, { tz: deps.config.BOT_TIMEZONE });
  await boss.work(SNK_SWEEP_QUEUE, { pollingIntervalSeconds: 30 }, async ([job]) => {
    await runSnkSweep(deps, new Date(), job?.id);
  });
  return () => boss.offWork(SNK_SWEEP_QUEUE, { wait: true });
}
