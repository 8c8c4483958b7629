import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { localDate } from '../../../infra/daily-file.ts';
import { recordAdminAction } from '../../../shop/admin-audit.ts';
import { applyRestore, previewRestore } from '../../../shop/config-document/apply.ts';
import { countsOf, isEmptyDiff } from '../../../shop/config-document/diff.ts';
import {
  createDraft,
  dropDraft,
  findDraft,
  markDraftApplied,
  setDraftHash,
} from '../../../shop/config-document/drafts.ts';
import type { ConfigDocument } from '../../../shop/config-document/schema.ts';
import { exportConfig } from '../../../shop/config-document/state.ts';
import { checkConfig, checkConfigText } from '../../../shop/config-document/validate.ts';
import { type CallbackContext, encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry, stay } from '../../conversations/step.ts';
import { isOwner } from '../../filters/is-owner.ts';
import { texts } from '../../i18n.ts';
import { configDiffText } from '../../views/config-diff.ts';
import { documentText } from './document-text.ts';
import { adminName, notifyOwners } from './shared.ts';

/** A configuration document is a few hundred KB at most; this leaves room and bounds the download. */
export const MAX_CONFIG_FILE_BYTES = 5 * 1024 * 1024;
/** Problems listed in the chat (all of them go to the log); the rest are counted. */
const PROBLEMS_SHOWN = 20;
const PROBLEM_CHARS = 160;

const jsonFile = (document: ConfigDocument) => Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');

function fileName(ctx: BotContext, prefix: string): string {
  return `${prefix}-${localDate(new Date(), ctx.deps.config.BOT_TIMEZONE)}.json`;
}

/** The pasted JSON or the sent file's text, or what was expected instead. */
async function configText(
  ctx: BotContext,
  message: Message,
): Promise<{ ok: true; text: string } | { ok: false; expected: string }> {
  const t = ctx.t.adminConfig;
  if (message.text !== undefined) return { ok: true, text: message.text };
  const document = message.document;
  if (!document) return { ok: false, expected: t.expectedFile };
  const read = await documentText(ctx, document, MAX_CONFIG_FILE_BYTES, 'configuration');
  if (read.ok) return read;
  if (read.problem === 'tooBig') return { ok: false, expected: t.fileTooBig(read.megabytes) };
  return { ok: false, expected: read.problem === 'unreadable' ? t.fileUnreadable : t.fileNotText };
}

function problemsText(ctx: BotContext, problems: string[]): string {
  const clip = (line: string) =>
    line.length > PROBLEM_CHARS ? `${line.slice(0, PROBLEM_CHARS - 1)}…` : line;
  return ctx.t.adminConfig.problems(
    problems.slice(0, PROBLEMS_SHOWN).map(clip),
    Math.max(0, problems.length - PROBLEMS_SHOWN),
  );
}

function confirmKeyboard(ctx: BotContext, draftId: number): InlineKeyboard {
  const t = ctx.t.adminConfig;
  return new InlineKeyboard()
    .text(t.applyButton, cb({ type: 'adminConfigApply', draftId }))
    .text(t.dropButton, cb({ type: 'adminConfigDrop', draftId }));
}

/**
 * The document of a restore: checked whole (nothing is written for a bad one and every
 * problem is listed, the prompt staying open for a fixed file), then its differences
 * shown with "✅ Terapkan", kept as a draft so the button applies exactly that.
 */
export const configRestoreStep: ConversationStep = {
  name: 'adminConfigRestore',
  async handle(ctx, { message }) {
    const t = ctx.t.adminConfig;
    if (!isOwner(ctx)) return leave;
    const source = await configText(ctx, message);
    if (!source.ok) return retry(source.expected);
    const checked = checkConfigText(source.text);
    if (!checked.ok) {
      ctx.deps.logger.info({ problems: checked.problems.length }, 'configuration restore refused');
      await ctx.reply(problemsText(ctx, checked.problems));
      return stay;
    }
    const { diff, hash } = await previewRestore(ctx.deps.db, checked.document);
    if (isEmptyDiff(diff)) {
      await ctx.reply(t.nothingToChange);
      return done;
    }
    const draftId = await createDraft(ctx.deps.db, ctx.from.id, checked.document, hash);
    await ctx.reply(t.preview(configDiffText(t, diff)), { reply_markup: confirmKeyboard(ctx, draftId) });
    return done;
  },
};

async function sendExport(ctx: CallbackContext): Promise<void> {
  const document = await exportConfig(ctx.deps.db);
  const counts = countsOf(document);
  // Read-only, but who took the shop's setup away is worth knowing.
  await recordAdminAction(ctx.deps.db, ctx.deps.audit, {
    adminId: ctx.from.id,
    action: 'config.export',
    target: 'config',
    after: { counts },
  });
  const keyboard = isOwner(ctx)
    ? new InlineKeyboard().text(ctx.t.adminCatalog.menu.restore, cb({ type: 'adminConfigRestore' }))
    : undefined;
  await ctx.replyWithDocument(new InputFile(jsonFile(document), fileName(ctx, 'config')), {
    caption: ctx.t.adminConfig.exportCaption(counts),
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}

async function apply(ctx: CallbackContext, draftId: number) {
  const t = ctx.t.adminConfig;
  const draft = await findDraft(ctx.deps.db, draftId);
  if (!draft) {
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    return { text: t.draftGone, alert: true };
  }
  if (draft.appliedAt) return t.alreadyApplied;
  // Checked again: the shop's templates or rules may have changed since the preview.
  const checked = checkConfig(draft.document);
  if (!checked.ok) {
    await ctx.reply(problemsText(ctx, checked.problems));
    return undefined;
  }
  const result = await applyRestore(
    ctx.deps.db,
    checked.document,
    { adminId: ctx.from.id, audit: ctx.deps.audit, via: 'bot' },
    { expectedHash: draft.diffHash, alsoInside: (trx) => markDraftApplied(trx, draftId) },
  );
  if (!result.ok) {
    if (isEmptyDiff(result.diff)) {
      await dropDraft(ctx.deps.db, draftId);
      await ctx.editMessageText(t.nothingToChange).catch(() => undefined);
      return undefined;
    }
    await setDraftHash(ctx.deps.db, draftId, result.hash);
    await ctx.editMessageText(t.changedSincePreview(configDiffText(t, result.diff)), {
      reply_markup: confirmKeyboard(ctx, draftId),
    });
    return undefined;
  }
  ctx.deps.messages.invalidate();
  ctx.deps.logger.info(
    { adminId: ctx.from.id, counts: countsOf(checked.document) },
    'configuration restored',
  );
  await ctx.editMessageText(t.applied(configDiffText(t, result.diff))).catch(() => undefined);
  await ctx.replyWithDocument(
    new InputFile(jsonFile(result.before), fileName(ctx, 'config-before-restore')),
    {
      caption: t.beforeCaption,
    },
  );
  const owners = texts('id').adminConfig;
  await notifyOwners(
    {
      api: ctx.api,
      logger: ctx.deps.logger,
      // The owner who restored has just seen it.
      config: { TELEGRAM_OWNER_IDS: ctx.deps.config.TELEGRAM_OWNER_IDS.filter((id) => id !== ctx.from.id) },
    },
    owners.ownerNotice(adminName(ctx), configDiffText(owners, result.diff)),
  );
  return undefined;
}

/**
 * 💾 Backup and ♻️ Restore of the shop's configuration. Any admin takes a backup; only
 * owners restore, as only owners edit templates: a restore rewrites the whole setup.
 */
export function configBackupFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  onAction(feature, 'adminConfigExport', async (ctx) => {
    await sendExport(ctx);
    return undefined;
  });
  onAction(feature, 'adminConfigRestore', async (ctx) => {
    if (!isOwner(ctx)) return { text: ctx.t.adminConfig.ownersOnly, alert: true };
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: configRestoreStep.name,
      text: ctx.t.adminConfig.askFile,
    });
    return undefined;
  });
  onAction(feature, 'adminConfigApply', async (ctx, { draftId }) => {
    if (!isOwner(ctx)) return { text: ctx.t.adminConfig.ownersOnly, alert: true };
    return apply(ctx, draftId);
  });
  onAction(feature, 'adminConfigDrop', async (ctx, { draftId }) => {
    if (!isOwner(ctx)) return { text: ctx.t.adminConfig.ownersOnly, alert: true };
    await dropDraft(ctx.deps.db, draftId);
    await ctx.editMessageText(ctx.t.adminConfig.dropped).catch(() => undefined);
    return undefined;
  });
  return feature;
}
