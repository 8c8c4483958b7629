import { getActor } from '../../actors/queries.ts';
import {
  type ConversationContext,
  type ConversationData,
  type ConversationEvent,
  DEFAULT_CONVERSATION_TTL_MS,
} from '../../machines/conversation.ts';
import { dedupeKeyOf } from '../callback-data.ts';
import type { BotContext } from '../context.ts';

export const CONVERSATION_KIND = 'conversation';

export interface ActiveConversation {
  step: string;
  data: ConversationData;
  expiresAt: Date;
}

/** The chat's open prompt, or null when there is none (or it has expired). */
export async function activeConversation(
  ctx: BotContext,
  chatId: number,
  now = new Date(),
): Promise<ActiveConversation | null> {
  const row = await getActor(ctx.deps.db, CONVERSATION_KIND, String(chatId));
  if (row?.state !== 'active') return null;
  const context = row.snapshot.context as ConversationContext;
  if (!context.step || !context.expiresAt) return null;
  const expiresAt = new Date(context.expiresAt);
  // The expiry timer may not have fired yet: an expired prompt takes no answers anyway.
  return expiresAt > now ? { step: context.step, data: context.data, expiresAt } : null;
}

function tell(ctx: BotContext, chatId: number, event: ConversationEvent, suffix: string) {
  return ctx.deps.runtime.send(CONVERSATION_KIND, String(chatId), event, {
    dedupeKey: `${dedupeKeyOf(ctx)}:${suffix}`,
  });
}

const expiry = (ttlMs: number | undefined) =>
  new Date(Date.now() + (ttlMs ?? DEFAULT_CONVERSATION_TTL_MS)).toISOString();

/**
 * Opens a prompt: the chat's next message goes to `step` with `data`. Replaces any
 * prompt already open. The caller sends the question itself (see `promptKeyboard`).
 */
export async function startConversation(
  ctx: BotContext,
  chatId: number,
  step: string,
  data: ConversationData = {},
  ttlMs?: number,
): Promise<void> {
  await tell(ctx, chatId, { type: 'START', step, data, expiresAt: expiry(ttlMs) }, 'conv-start');
}

export async function advanceConversation(
  ctx: BotContext,
  chatId: number,
  step: string,
  data: ConversationData,
  ttlMs?: number,
): Promise<void> {
  await tell(ctx, chatId, { type: 'ADVANCE', step, data, expiresAt: expiry(ttlMs) }, 'conv-next');
}

export async function endConversation(
  ctx: BotContext,
  chatId: number,
  reason: 'done' | 'cancelled' | 'left' | 'expired',
): Promise<void> {
  await tell(ctx, chatId, { type: 'END', reason }, 'conv-end');
}
