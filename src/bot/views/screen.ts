import { GrammyError, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';

/** One message's worth of UI: HTML text and its inline buttons. */
export interface Screen {
  text: string;
  keyboard?: InlineKeyboard;
  /** A photo (Telegram file_id) the text goes under as its caption. */
  photo?: string;
}

/** Telegram refuses an edit that changes nothing; for us that is success. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes('message is not modified');
}

/** Keyboards are built row by row; a trailing `.row()` must not show up as an empty row. */
export function markup(keyboard: InlineKeyboard | undefined): InlineKeyboard | undefined {
  return keyboard && new InlineKeyboard(keyboard.inline_keyboard.filter((row) => row.length > 0));
}

function sendOptions(screen: Screen) {
  return { reply_markup: markup(screen.keyboard), link_preview_options: { is_disabled: true } };
}

/**
 * Shows a screen where the buyer is looking: a button press edits its own message in
 * place (navigation without a growing chat); anything else, or a message that cannot be
 * edited (a photo, too old), gets a new message. Returns the id of the message shown.
 */
export async function showScreen(ctx: BotContext, screen: Screen): Promise<number> {
  if (screen.photo) return sendScreen(ctx, screen);
  const options = sendOptions(screen);
  const message = ctx.callbackQuery?.message;
  if (message && 'text' in message && message.text !== undefined) {
    try {
      await ctx.editMessageText(screen.text, options);
      return message.message_id;
    } catch (error) {
      if (isNotModified(error)) return message.message_id;
      if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
    }
  }
  return (await ctx.reply(screen.text, options)).message_id;
}

/** Always a new message (confirmations, answers to typed text). Returns its id. */
export async function sendScreen(ctx: BotContext, screen: Screen): Promise<number> {
  if (screen.photo) {
    try {
      const sent = await ctx.replyWithPhoto(screen.photo, {
        caption: screen.text,
        reply_markup: markup(screen.keyboard),
      });
      return sent.message_id;
    } catch (error) {
      // A file_id only works for the bot that received the photo: one restored from another
      // shop's configuration is refused. The buyer still gets the text; owners hear of it.
      if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
      ctx.deps.logger.error(
        { err: error },
        'Telegram refused a template photo; the text was sent alone (send the photo again in 🛠 Template)',
      );
    }
  }
  return (await ctx.reply(screen.text, sendOptions(screen))).message_id;
}
