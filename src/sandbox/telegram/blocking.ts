import type { ChatMemberUpdated } from 'grammy/types';
import type { BotAccount } from './bot-registry.ts';
import type { Conversation } from './conversation.ts';
import type { FaultInjector } from './faults.ts';
import type { EmulatorState } from './state.ts';

export interface BlockOptions {
  /** Only this bot (default: every bot). */
  bot?: BotAccount;
  /** Send the bots a my_chat_member update, as Telegram does (default true). */
  notify?: boolean;
}

/**
 * Makes a user block or unblock bots: sends to them then fail with 403, and each bot that knows
 * the chat gets the my_chat_member update Telegram would send.
 */
export function setUserBlocked(
  state: EmulatorState,
  faults: FaultInjector,
  userId: number,
  blocked: boolean,
  options: BlockOptions = {},
): void {
  const bots = options.bot ? [options.bot] : state.bots.all();
  for (const bot of bots) {
    const wasBlocked = faults.isBlocked(bot.id, userId);
    faults.setBlocked(userId, blocked, bot.id);
    const conversation = state.conversation(bot, userId);
    if (conversation && wasBlocked !== blocked && options.notify !== false) {
      bot.updates.push({ my_chat_member: memberUpdate(conversation, blocked) });
    }
  }
  // Blocking every bot also covers bots that appear later.
  if (!options.bot) faults.setBlocked(userId, blocked);
}

function memberUpdate(conversation: Conversation, blocked: boolean): ChatMemberUpdated {
  const botUser = conversation.bot.user;
  const member = { status: 'member' as const, user: botUser };
  const kicked = { status: 'kicked' as const, user: botUser, until_date: 0 };
  return {
    chat: conversation.chat,
    from: conversation.from,
    date: Math.floor(Date.now() / 1000),
    old_chat_member: blocked ? member : kicked,
    new_chat_member: blocked ? kicked : member,
  };
}
