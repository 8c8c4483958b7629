import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type CommandContext, Composer, type Context, InlineKeyboard, InputFile } from 'grammy';
import { isOwner } from '../bot/filters/is-owner.ts';
import { langOf, texts } from '../bot/i18n.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { eraseUser } from '../privacy/erase.ts';
import { exportUser } from '../privacy/export.ts';
import type { StatusProvider } from './status.ts';

/** Runs one backup and says where it went (wired to the backup module). */
export type RunBackup = () => Promise<{ file: string }>;

export interface OwnerToolsDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  logger: Logger;
  statusProvider: StatusProvider;
  runBackup?: RunBackup | undefined;
}

export type OwnerContext = Context & { deps: { config: Config } };

const ERASE_PREFIX = 'owner:erase:';
const CANCEL = 'owner:cancel';

const ownerTexts = (ctx: Context) => texts(langOf(ctx.from?.language_code)).owner;

/** /status and /backup: served to owners by the owner bot, or by the shop bot without one. */
export function ownerCommands(deps: OwnerToolsDeps): Composer<OwnerContext> {
  const composer = new Composer<OwnerContext>();
  composer.command('status', async (ctx) => {
    const t = ownerTexts(ctx);
    const lines = await deps.statusProvider().catch((error: unknown) => {
      deps.logger.error({ err: error }, 'owner status failed');
      return null;
    });
    await ctx.reply(lines ? t.status({ store: deps.config.BOT_STORE_NAME, lines }) : t.statusFailed, {
      parse_mode: 'HTML',
    });
  });
  composer.command('backup', async (ctx) => {
    const t = ownerTexts(ctx);
    if (!deps.runBackup) return void (await ctx.reply(t.backupNotConfigured, { parse_mode: 'HTML' }));
    await ctx.reply(t.backupStarted, { parse_mode: 'HTML' });
    try {
      const { file } = await deps.runBackup();
      deps.audit.record('owner.backup', { by: ctx.from?.id, file });
      await ctx.reply(t.backupDone(file), { parse_mode: 'HTML' });
    } catch (error) {
      deps.logger.error({ err: error }, 'backup from the owner bot failed');
      await ctx.reply(t.backupFailed(error instanceof Error ? error.message : String(error)), {
        parse_mode: 'HTML',
      });
    }
  });
  return composer;
}

/** /export_user and /erase_user (with a confirmation button): the owner bot only. */
export function privacyCommands(deps: OwnerToolsDeps): Composer<OwnerContext> {
  const composer = new Composer<OwnerContext>();
  composer.command('export_user', async (ctx) => {
    const found = await targetUser(ctx, 'export_user');
    if (!found) return;
    const { userId, data } = found;
    deps.audit.record('privacy.exported', { userId, by: ctx.from?.id, via: 'owner-bot' });
    const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2)), `user-${userId}.json`);
    await ctx.replyWithDocument(file, { caption: ownerTexts(ctx).exported(userId), parse_mode: 'HTML' });
  });
  composer.command('erase_user', async (ctx) => {
    const found = await targetUser(ctx, 'erase_user');
    if (!found) return;
    const t = ownerTexts(ctx);
    const keyboard = new InlineKeyboard()
      .text(t.eraseButton, `${ERASE_PREFIX}${found.userId}`)
      .text(t.cancelButton, CANCEL);
    await ctx.reply(t.eraseConfirm(found.userId, found.data.orders.length), {
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
  });
  composer.callbackQuery(new RegExp(`^${ERASE_PREFIX}(\\d{1,20})$`), async (ctx) => {
    const t = ownerTexts(ctx);
    const userId = Number(ctx.match[1]);
    const result = await eraseUser(deps.db, userId);
    await ctx.answerCallbackQuery();
    if (!result.found)
      return void (await ctx.editMessageText(t.userNotFound(userId), { parse_mode: 'HTML' }));
    deps.audit.record('privacy.erased', { userId, by: ctx.from.id, via: 'owner-bot', ...result });
    await ctx.editMessageText(t.erased(userId), { parse_mode: 'HTML' });
  });
  composer.callbackQuery(CANCEL, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ownerTexts(ctx).eraseCancelled, { parse_mode: 'HTML' });
  });
  return composer;

  /** The user a command names, with their data; answers the usage or "not found" otherwise. */
  async function targetUser(ctx: CommandContext<OwnerContext>, command: string) {
    const t = ownerTexts(ctx);
    const userId = parseUserId(ctx.match);
    if (userId === null) return void (await ctx.reply(t.usage(command), { parse_mode: 'HTML' }));
    const data = await exportUser(deps.db, userId);
    if (!data) return void (await ctx.reply(t.userNotFound(userId), { parse_mode: 'HTML' }));
    return { userId, data };
  }
}

function parseUserId(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The owner's own bot: alerts leave through its API; it answers owners only, and anyone
 * else politely that it is not for them.
 */
export function createOwnerBot(token: string, apiRoot: string, deps: OwnerToolsDeps): Bot<OwnerContext> {
  const bot = new Bot<OwnerContext>(token, { client: { apiRoot, timeoutSeconds: 20 } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 10 }));
  bot.use((ctx, next) => {
    ctx.deps = { config: deps.config };
    return next();
  });
  const owners = bot.filter(isOwner);
  owners.use(ownerCommands(deps), privacyCommands(deps));
  owners.on('message', (ctx) => ctx.reply(ownerTexts(ctx).help, { parse_mode: 'HTML' }));
  owners.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ownerTexts(ctx).notOwner }));
  bot.on('message', (ctx) => ctx.reply(ownerTexts(ctx).notOwner));
  bot.catch((error) => {
    deps.logger.error({ err: error.error, updateId: error.ctx.update.update_id }, 'owner bot update failed');
  });
  return bot;
}
