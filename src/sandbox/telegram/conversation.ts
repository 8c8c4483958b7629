import { createHash } from 'node:crypto';
import type { Chat, ReplyKeyboardMarkup, User } from 'grammy/types';
import type { BotAccount } from './bot-registry.ts';
import type { CallbackAnswer, ChatEvent, StoredMessage, UserProfile } from './chat-types.ts';
import { snapshotOf } from './message-view.ts';
import { renderBotEvent, renderUserMessage } from './transcript.ts';

export function userObject(profile: UserProfile): User {
  const user: User = { id: profile.id, is_bot: false, first_name: profile.firstName };
  if (profile.lastName) user.last_name = profile.lastName;
  if (profile.username) user.username = profile.username;
  if (profile.languageCode) user.language_code = profile.languageCode;
  if (profile.isPremium) user.is_premium = true;
  return user;
}

/**
 * The private chat between one bot and one user: its messages (ids increasing from 1), the bot's
 * visible actions as an event list the driver consumes, and a readable transcript.
 */
export class Conversation {
  readonly bot: BotAccount;
  readonly user: UserProfile;
  /** Telegram's opaque chat_instance for callback queries from this chat. */
  readonly chatInstance: string;
  private lastMessageId = 0;
  private readonly stored = new Map<number, StoredMessage>();
  readonly events: ChatEvent[] = [];
  readonly lines: string[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly chatActions: Array<{ action: string; at: number }> = [];
  /** The reply keyboard the user currently sees (set and removed by the bot's messages). */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(bot: BotAccount, user: UserProfile) {
    this.bot = bot;
    this.user = user;
    const digest = createHash('sha256').update(`${bot.id}:${user.id}`).digest();
    this.chatInstance = digest.readBigInt64BE().toString();
  }

  get chat(): Chat.PrivateChat {
    const chat: Chat.PrivateChat = { id: this.user.id, type: 'private', first_name: this.user.firstName };
    if (this.user.lastName) chat.last_name = this.user.lastName;
    if (this.user.username) chat.username = this.user.username;
    return chat;
  }

  get from(): User {
    return userObject(this.user);
  }

  nextMessageId(): number {
    this.lastMessageId++;
    return this.lastMessageId;
  }

  /** A message still present in the chat. */
  message(messageId: number): StoredMessage | undefined {
    const stored = this.stored.get(messageId);
    return stored?.deleted ? undefined : stored;
  }

  /** Every message ever sent in the chat, deleted ones included, oldest first. */
  allMessages(): StoredMessage[] {
    return [...this.stored.values()];
  }

  addBotMessage(stored: StoredMessage): void {
    this.stored.set(stored.message.message_id, stored);
    this.pushEvent('message', stored);
  }

  addUserMessage(stored: StoredMessage): void {
    this.stored.set(stored.message.message_id, stored);
    this.lines.push(renderUserMessage(snapshotOf(stored)));
    this.notify();
  }

  recordEdit(stored: StoredMessage): void {
    this.pushEvent('edit', stored);
  }

  recordDelete(stored: StoredMessage): void {
    stored.deleted = true;
    this.pushEvent('delete', stored);
  }

  recordUserLine(line: string): void {
    this.lines.push(line);
    this.notify();
  }

  recordCallbackAnswer(answer: CallbackAnswer): void {
    this.callbackAnswers.push(answer);
    const shown = answer.text === undefined ? '(no text)' : JSON.stringify(answer.text);
    this.lines.push(`< bot answered callback${answer.showAlert ? ' with alert' : ''}: ${shown}`);
    this.notify();
  }

  /** Calls the listener after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private pushEvent(kind: ChatEvent['kind'], stored: StoredMessage): void {
    const event: ChatEvent = { ...snapshotOf(stored), kind, seq: this.events.length, at: Date.now() };
    this.events.push(event);
    this.lines.push(renderBotEvent(event));
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
