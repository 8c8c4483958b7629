import { Composer } from 'grammy';
import { onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { isMenuLabel } from '../keyboards/main-menu.ts';
import { activeConversation, advancePrompt, endConversation } from './conversation.ts';
import type { ConversationStep, MessageContext } from './step.ts';

const CANCEL_WORDS = new Set(['batal', '/batal', 'cancel', '/cancel', '❌ batal', '❌ cancel']);

/** "❌ Batal", "batal", /batal (and the English ones), whatever the case or spacing. */
export function isCancelWord(text: string): boolean {
  return CANCEL_WORDS.has(text.trim().replace(/\s+/g, ' ').toLowerCase());
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
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const open = await activeConversation(ctx, chatId);
    // The pressed button goes either way: an old prompt's button cannot linger.
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!open) return ctx.t.conversation.nothingToCancel;
    await endConversation(ctx, chatId, open, 'cancelled');
    await ctx.reply(ctx.t.conversation.cancelled);
    return undefined;
  });

  composer.chatType('private').on('message', async (ctx, next) => {
    const chatId = ctx.chat.id;
    const text = ctx.message.text ?? null;
    const open = await activeConversation(ctx, chatId);
    if (text !== null && isCancelWord(text)) {
      if (open) await endConversation(ctx, chatId, open, 'cancelled');
      await ctx.reply(open ? ctx.t.conversation.cancelled : ctx.t.conversation.nothingToCancel);
      return;
    }
    if (!open) return next();
    const step = byName.get(open.step);
    const isCommand = text?.startsWith('/') ?? false;
    if (!step || isCommand || (text !== null && isMenuLabel(text))) {
      await endConversation(ctx, chatId, open, 'left');
      return next();
    }
    const result = await step.handle(ctx as MessageContext, { text, data: open.data, message: ctx.message });
    switch (result.type) {
      case 'done':
        return endConversation(ctx, chatId, open, 'done');
      case 'next':
        return advancePrompt(ctx, chatId, open, result.prompt);
      case 'retry':
        await ctx.reply(ctx.t.conversation.expected(result.expected));
        return;
      case 'leave':
        await endConversation(ctx, chatId, open, 'left');
        return next();
      case 'stay':
        return;
    }
  });

  return composer;
}
