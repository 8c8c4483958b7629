import type { BotAccount, BotRegistry } from './bot-registry.ts';
import type { UserProfile } from './chat-types.ts';
import { Conversation } from './conversation.ts';
import { FileStore } from './file-store.ts';

/** A callback query waiting for (or having received) its answerCallbackQuery. */
export interface PendingCallback {
  botId: number;
  conversation: Conversation;
  messageId: number | undefined;
  data: string | undefined;
  answered: boolean;
}

/**
 * Everything the emulator knows: bots, users (shared by all bots, as on Telegram), the chats each
 * bot has with them, files and callback queries.
 */
export class EmulatorState {
  readonly bots: BotRegistry;
  readonly files = new FileStore();
  readonly callbacks = new Map<string, PendingCallback>();
  private readonly users = new Map<number, UserProfile>();
  private readonly conversations = new Map<string, Conversation>();

  constructor(bots: BotRegistry) {
    this.bots = bots;
  }

  /** Adds a user or updates its profile in place (chats keep pointing at the same profile). */
  upsertUser(profile: UserProfile): UserProfile {
    const existing = this.users.get(profile.id);
    if (!existing) {
      const copy = { ...profile };
      this.users.set(profile.id, copy);
      return copy;
    }
    Object.assign(existing, profile);
    return existing;
  }

  user(userId: number): UserProfile | undefined {
    return this.users.get(userId);
  }

  /** The chat of a bot with a user, if the user ever talked to that bot ("chat not found" otherwise). */
  conversation(bot: BotAccount, userId: number): Conversation | undefined {
    return this.conversations.get(`${bot.id}:${userId}`);
  }

  /** Makes the chat known to the bot, as when the user first writes to it. */
  openConversation(bot: BotAccount, user: UserProfile): Conversation {
    const key = `${bot.id}:${user.id}`;
    let conversation = this.conversations.get(key);
    if (!conversation) {
      conversation = new Conversation(bot, user);
      this.conversations.set(key, conversation);
    }
    return conversation;
  }

  conversationsOf(bot: BotAccount): Conversation[] {
    return [...this.conversations.values()].filter((conversation) => conversation.bot === bot);
  }
}
