import { Composer, InlineKeyboard } from 'grammy';
import type { SnkContext } from '../../machines/snk.ts';
import { getProduct } from '../../shop/catalog.ts';
import {
  countProofs,
  imageTypeOf,
  SNK_KIND,
  SNK_MAX_FILE_BYTES,
  SNK_MAX_FILES,
  SNK_MAX_NOTE_CHARS,
  snkActorId,
  storeProof,
} from '../../shop/snk.ts';
import { dedupeKeyOf, encodeCallback, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { activeConversation, endConversation, openPrompt } from '../conversations/conversation.ts';
import { type ConversationStep, type MessageContext, type StepResult, stay } from '../conversations/step.ts';
import { downloadFile } from '../files.ts';

/** How long the proof prompt stays open (several screenshots take a while). */
const PROOF_TTL_MS = 30 * 60_000;

interface SnkActor {
  actorId: string;
  state: string;
  context: SnkContext;
}

/** The buyer's own snk actor, or null (someone else's button, or none). */
async function buyerActor(ctx: BotContext, orderId: string, productId: number): Promise<SnkActor | null> {
  const actorId = snkActorId(orderId, productId);
  const row = await ctx.deps.runtime.read(SNK_KIND, actorId);
  if (!row) return null;
  const context = row.snapshot.context;
  if (context.userId !== ctx.from?.id) return null;
  return { actorId, state: row.state, context };
}

const isWaiting = (state: string) => state === 'waiting' || state.startsWith('waiting.');

export function snkFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // Before buying: the product page's "📜 SNK" button.
  onAction(feature, 'snkTerms', async (ctx, { productId }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product?.snk) return ctx.t.snk.notOpen;
    await ctx.reply(ctx.t.snk.termsBeforeBuying(product.name, product.snk));
    return undefined;
  });

  onAction(feature, 'snkStart', async (ctx, { orderId, productId }) => {
    const actor = await buyerActor(ctx, orderId, productId);
    if (!actor || !isWaiting(actor.state)) return { text: ctx.t.snk.notOpen, alert: true };
    await ctx.deps.runtime.send(
      SNK_KIND,
      actor.actorId,
      { type: 'PROOF_STARTED' },
      { dedupeKey: dedupeKeyOf(ctx) },
    );
    const chatId = ctx.chat?.id ?? ctx.from.id;
    await openPrompt(ctx, chatId, {
      step: snkProof.name,
      data: { actorId: actor.actorId, submission: actor.context.submissions + 1 },
      text: ctx.t.snk.proofPrompt(actor.context.productName, SNK_MAX_FILES),
      ttlMs: PROOF_TTL_MS,
    });
    return undefined;
  });

  onAction(feature, 'snkDone', async (ctx, { orderId, productId }) => {
    const actor = await buyerActor(ctx, orderId, productId);
    if (actor?.state !== 'waiting.awaitingProof') return { text: ctx.t.snk.notOpen, alert: true };
    const counts = await countProofs(ctx.deps.db, actor.actorId, actor.context.submissions + 1);
    if (counts.images + counts.notes === 0) return { text: ctx.t.snk.nothingYet, alert: true };
    const result = await ctx.deps.runtime.send(
      SNK_KIND,
      actor.actorId,
      { type: 'SUBMIT', files: counts.images, notes: counts.notes },
      { dedupeKey: dedupeKeyOf(ctx) },
    );
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (result.state !== 'submitted') return { text: ctx.t.snk.notOpen, alert: true };
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const open = await activeConversation(ctx, chatId);
    if (open?.step === snkProof.name) await endConversation(ctx, chatId, open, 'done');
    await ctx.reply(ctx.t.snk.submitted);
    return undefined;
  });

  return feature;
}

function doneKeyboard(ctx: BotContext, actorId: string): InlineKeyboard {
  const [orderId = '', productId = '0'] = actorId.split(':');
  return new InlineKeyboard().text(
    ctx.t.snk.doneButton,
    encodeCallback({ type: 'snkDone', orderId, productId: Number(productId) }),
  );
}

/** A file the buyer sent: the photo's largest size, or a document. */
function fileOf(message: MessageContext['message']) {
  const photo = message.photo?.at(-1);
  if (photo) return { fileId: photo.file_id, uniqueId: photo.file_unique_id, size: photo.file_size };
  const document = message.document;
  if (document)
    return { fileId: document.file_id, uniqueId: document.file_unique_id, size: document.file_size };
  return null;
}

/** The proof's bytes, 'too_big' past the limit, or null when it could not be downloaded. */
async function download(ctx: BotContext, fileId: string): Promise<Buffer | 'too_big' | null> {
  try {
    const bytes = await downloadFile(ctx, fileId);
    return bytes.length > SNK_MAX_FILE_BYTES ? 'too_big' : bytes;
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'snk proof download failed');
    return null;
  }
}

/** Why a file was not taken (the buyer is told), or null once it is stored. */
async function takeImage(
  ctx: MessageContext,
  data: { actorId: string; submission: number },
): Promise<string | null> {
  const t = ctx.t.snk;
  const file = fileOf(ctx.message);
  if (!file) return null;
  const tooBig = t.tooBig(SNK_MAX_FILE_BYTES / 1024 / 1024);
  if ((file.size ?? 0) > SNK_MAX_FILE_BYTES) return tooBig;
  const counts = await countProofs(ctx.deps.db, data.actorId, data.submission);
  if (counts.images >= SNK_MAX_FILES) return t.tooMany(SNK_MAX_FILES);
  const bytes = await download(ctx, file.fileId);
  if (bytes === 'too_big') return tooBig;
  if (!bytes) return t.downloadFailed;
  const mime = imageTypeOf(bytes);
  if (!mime) return t.notImage;
  await storeProof(ctx.deps.db, ctx.deps.cipher, {
    ...data,
    kind: 'image',
    mime,
    sourceId: file.uniqueId,
    bytes,
  });
  return null;
}

/**
 * The proof prompt: each photo or image document is checked (size, real image type) and
 * stored encrypted; a caption or a text is the note. "✅ Selesai" (snkDone) submits.
 */
export const snkProof: ConversationStep<{ actorId: string; submission: number }> = {
  name: 'snkProof',
  async handle(ctx, { text, data, message }): Promise<StepResult> {
    const t = ctx.t.snk;
    const hasFile = !!(message.photo || message.document);
    const refusal = hasFile ? await takeImage(ctx, data) : null;
    if (refusal) {
      // A refused file loses nothing already sent; its caption is not kept without it.
      await ctx.reply(refusal, { reply_markup: doneKeyboard(ctx, data.actorId) });
      return stay;
    }
    const note = (text ?? message.caption ?? '').trim();
    if (note) {
      if (note.length > SNK_MAX_NOTE_CHARS) {
        await ctx.reply(t.noteTooLong(SNK_MAX_NOTE_CHARS));
        return stay;
      }
      await storeProof(ctx.deps.db, ctx.deps.cipher, {
        ...data,
        kind: 'note',
        mime: 'text/plain',
        sourceId: `msg:${message.message_id}`,
        bytes: Buffer.from(note, 'utf8'),
      });
    }
    if (!hasFile && !note) {
      await ctx.reply(t.nothingYet);
      return stay;
    }
    const counts = await countProofs(ctx.deps.db, data.actorId, data.submission);
    await ctx.reply(t.received(counts.images, counts.notes), {
      reply_markup: doneKeyboard(ctx, data.actorId),
    });
    return stay;
  },
};
