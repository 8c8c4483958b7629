import { Composer, InlineKeyboard } from 'grammy';
import { encodeCallback, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { Texts } from '../i18n.ts';
import { isMenuLabel } from '../keyboards/main-menu.ts';
import { activeConversation, advanceConversation, endConversation } from './conversation.ts';
import type { ConversationStep, MessageContext } from './step.ts';

const CANCEL_WORDS = new Set(['batal', '/batal', 'cancel', '/cancel', '❌ batal', '❌ cancel']);

/** "❌ Batal", "batal", /batal (and the English ones), whatever the case or spacing. */
export function isCancelWord(text: string): boolean {
  return CANCEL_WORDS.has(text.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** The inline "❌ Batal" under every prompt. */
export function promptKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard().text(
    t.conversation.cancelButton,
    encodeCallback({ type: 'conversationCancel' }),
  );
}

/** Sends a step's question with the "❌ Batal" button. */
export async function ask(ctx: BotContext, text: string): Promise<void> {
  await ctx.reply(text, { reply_markup: promptKeyboard(ctx.t) });
}

/**
 * Routes a chat's messages to its open prompt's step. Runs before the features:
 * "❌ Batal" ends the prompt; a command or a menu button ends it and goes on to its
 * feature (menu buttons always work mid-prompt); anything else is the step's to judge.
 */
export function conversations(steps: ConversationStep[]): Composer<BotContext> {
  const byName = new Map<string, ConversationStep>();
  for (const step of steps) {
    if (byName.has(step.name)) throw new Error(`conversation step "${step.name}" is defined twice`);
    byName.set(step.name, step);
  }
  const composer = new Composer<BotContext>();

  onAction(composer, 'conversationCancel', async (ctx) => {
    const open = await activeConversation(ctx, ctx.chat?.id ?? ctx.from.id);
    if (open) await endConversation(ctx, ctx.chat?.id ?? ctx.from.id, 'cancelled');
    // The prompt's button goes away either way: it cannot be pressed twice.
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (open) await ctx.reply(ctx.t.conversation.cancelled);
    return open ? undefined : ctx.t.conversation.nothingToCancel;
  });

  composer.chatType('private').on('message', async (ctx, next) => {
    const text = ctx.message.text ?? null;
    const open = await activeConversation(ctx, ctx.chat.id);
    if (text !== null && isCancelWord(text)) {
      if (open) await endConversation(ctx, ctx.chat.id, 'cancelled');
      await ctx.reply(open ? ctx.t.conversation.cancelled : ctx.t.conversation.nothingToCancel);
      return;
    }
    if (!open) return next();
    const step = byName.get(open.step);
    const isCommand = text?.startsWith('/') ?? false;
    if (!step || isCommand || (text !== null && isMenuLabel(text))) {
      await endConversation(ctx, ctx.chat.id, 'left');
      return next();
    }
    const result = await step.handle(ctx as MessageContext, { text, data: open.data });
    switch (result.type) {
      case 'done':
        await endConversation(ctx, ctx.chat.id, 'done');
        return;
      case 'next':
        await advanceConversation(ctx, ctx.chat.id, result.step, result.data, result.ttlMs);
        return;
      case 'retry':
        await ask(ctx, ctx.t.conversation.expected(result.expected));
        return;
      case 'leave':
        await endConversation(ctx, ctx.chat.id, 'left');
        return next();
    }
  });

  return composer;
}
