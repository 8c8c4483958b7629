import { InlineKeyboard } from 'grammy';
import {
  type ConversationData,
  type ConversationEvent,
  DEFAULT_CONVERSATION_TTL_MS,
} from '../../machines/conversation.ts';
import { dedupeKeyOf, encodeCallback } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const CONVERSATION_KIND = 'conversation';

export interface ActiveConversation {
  step: string;
  data: ConversationData;
  expiresAt: Date;
  promptMessageId: number | null;
}

/** What a prompt asks: the step that takes the answer, its data, the question, its lifetime. */
export interface Prompt {
  step: string;
  data?: ConversationData;
  /** The question (HTML); it gets the "❌ Batal" button. */
  text: string;
  ttlMs?: number;
}

/** How many chats without a prompt are remembered (the oldest are forgotten first). */
const REMEMBERED_CHATS = 50_000;

/**
 * Chats known to have no open prompt, per runtime. A prompt is opened only here, in
 * `openPrompt`, by the process that handles the chat's updates (one per bot token: polling
 * and the webhook exclude each other); expiry and erasure only ever close one. So a chat
 * found without a prompt stays without one until this process opens it, and its next
 * messages need no read: most messages are not answers to a prompt.
 */
const chatsWithoutPrompt = new WeakMap<object, Set<number>>();

function withoutPrompt(ctx: BotContext): Set<number> {
  let chats = chatsWithoutPrompt.get(ctx.deps.runtime);
  if (!chats) {
    chats = new Set();
    chatsWithoutPrompt.set(ctx.deps.runtime, chats);
  }
  return chats;
}

/** The chat has no open prompt (found so, or its user is new). */
export function rememberWithoutPrompt(ctx: BotContext, chatId: number): void {
  const chats = withoutPrompt(ctx);
  chats.add(chatId);
  if (chats.size > REMEMBERED_CHATS) chats.delete(chats.values().next().value as number);
}

/** The chat's open prompt, or null when there is none (or it has expired). */
export async function activeConversation(
  ctx: BotContext,
  chatId: number,
  now = new Date(),
): Promise<ActiveConversation | null> {
  if (withoutPrompt(ctx).has(chatId)) return null;
  const row = await ctx.deps.runtime.read(CONVERSATION_KIND, String(chatId));
  if (row?.state !== 'active') {
    rememberWithoutPrompt(ctx, chatId);
    return null;
  }
  const context = row.snapshot.context;
  if (!context.step || !context.expiresAt) return null;
  const expiresAt = new Date(context.expiresAt);
  // The expiry timer may not have fired yet: an expired prompt takes no answers anyway.
  if (expiresAt <= now) return null;
  return {
    step: context.step,
    data: context.data,
    expiresAt,
    promptMessageId: context.promptMessageId ?? null,
  };
}

function tell(ctx: BotContext, chatId: number, event: ConversationEvent, suffix: string) {
  return ctx.deps.runtime.send(CONVERSATION_KIND, String(chatId), event, {
    dedupeKey: `${dedupeKeyOf(ctx)}:${suffix}`,
  });
}

async function ask(ctx: BotContext, chatId: number, prompt: Prompt) {
  const keyboard = new InlineKeyboard().text(
    ctx.t.conversation.cancelButton,
    encodeCallback({ type: 'conversationCancel' }),
  );
  const message = await ctx.api.sendMessage(chatId, prompt.text, { reply_markup: keyboard });
  return {
    step: prompt.step,
    data: prompt.data ?? {},
    expiresAt: new Date(Date.now() + (prompt.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS)).toISOString(),
    promptMessageId: message.message_id,
  };
}

/** Takes the "❌ Batal" button off a prompt that is over; a gone message is no matter. */
export async function retirePrompt(ctx: BotContext, chatId: number, messageId: number | null): Promise<void> {
  if (messageId === null) return;
  await ctx.api.editMessageReplyMarkup(chatId, messageId).catch(() => undefined);
}

/**
 * Asks a question and opens a prompt: the chat's next message goes to `prompt.step`.
 * Replaces any prompt already open (its button goes).
 */
export async function openPrompt(ctx: BotContext, chatId: number, prompt: Prompt): Promise<void> {
  const open = await activeConversation(ctx, chatId);
  withoutPrompt(ctx).delete(chatId);
  await tell(ctx, chatId, { type: 'START', ...(await ask(ctx, chatId, prompt)) }, 'conv-start');
  if (open) await retirePrompt(ctx, chatId, open.promptMessageId);
}

/** The next question of a multi-step input, from inside the router. */
export async function advancePrompt(
  ctx: BotContext,
  chatId: number,
  previous: ActiveConversation,
  prompt: Prompt,
): Promise<void> {
  await tell(ctx, chatId, { type: 'ADVANCE', ...(await ask(ctx, chatId, prompt)) }, 'conv-next');
  await retirePrompt(ctx, chatId, previous.promptMessageId);
}

export async function endConversation(
  ctx: BotContext,
  chatId: number,
  open: ActiveConversation,
  reason: 'done' | 'cancelled' | 'left' | 'expired',
): Promise<void> {
  await tell(ctx, chatId, { type: 'END', reason }, 'conv-end');
  await retirePrompt(ctx, chatId, open.promptMessageId);
}
