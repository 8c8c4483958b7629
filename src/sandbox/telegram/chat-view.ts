import type { CallbackAnswer, ChatEvent, MessageSnapshot } from './chat-types.ts';
import type { Conversation } from './conversation.ts';
import { snapshotOf } from './message-view.ts';

export interface WaitOptions {
  /** Milliseconds before the wait fails (default 5000). */
  timeout?: number;
}

export interface WaitForOptions extends WaitOptions {
  /** Which events may match (default message and edit). */
  kinds?: Array<ChatEvent['kind']>;
}

/** A substring of the plain text, a pattern over it, or any predicate over the event. */
export type EventMatcher = string | RegExp | ((event: ChatEvent) => boolean);

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * A reader of one bot's chat with one user. Events are read through a cursor that starts at the
 * beginning of the chat: nextMessage returns each bot message, edit or deletion once, in order,
 * even when it happened before the call.
 */
export class ChatView {
  protected readonly conversation: Conversation;
  private cursor = 0;

  constructor(conversation: Conversation) {
    this.conversation = conversation;
  }

  get chatId(): number {
    return this.conversation.user.id;
  }

  /** Everything the bot did in the chat, in order. */
  events(): ChatEvent[] {
    return [...this.conversation.events];
  }

  /** Messages of both sides in their current state, oldest first; deleted ones only on request. */
  messages(options: { includeDeleted?: boolean } = {}): MessageSnapshot[] {
    return this.conversation
      .allMessages()
      .filter((stored) => options.includeDeleted || !stored.deleted)
      .map(snapshotOf);
  }

  /** The bot's most recent message still in the chat, in its current state. */
  lastMessage(): MessageSnapshot | undefined {
    return this.messages()
      .filter((message) => message.from === 'bot')
      .at(-1);
  }

  callbackAnswers(): CallbackAnswer[] {
    return [...this.conversation.callbackAnswers];
  }

  /** The reply keyboard the user sees now (set and removed by the bot's messages). */
  replyKeyboard(): MessageSnapshot['replyKeyboard'] {
    const keyboard = this.conversation.replyKeyboard;
    return keyboard ? structuredClone(keyboard) : undefined;
  }

  /** Calls the listener after every change in the chat; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    return this.conversation.subscribe(listener);
  }

  chatActions(): string[] {
    return this.conversation.chatActions.map((entry) => entry.action);
  }

  /** The chat as readable lines: `> user ...` for the user, `< bot ...` for the bot. */
  transcript(): string {
    return this.conversation.lines.join('\n');
  }

  /** Moves the cursor past every event so far: the next wait sees only what happens next. */
  skipPending(): void {
    this.cursor = this.conversation.events.length;
  }

  /** The next bot event (new message, edit or deletion) after the cursor. */
  nextMessage(options: WaitOptions = {}): Promise<ChatEvent> {
    return this.waitUntil('the next bot message', options.timeout, () => {
      const event = this.conversation.events[this.cursor];
      if (event) this.cursor++;
      return event;
    });
  }

  /** Skips events until one matches, and returns it; the cursor moves past it. */
  waitFor(matcher: EventMatcher, options: WaitForOptions = {}): Promise<ChatEvent> {
    const kinds = options.kinds ?? ['message', 'edit'];
    const matches = toPredicate(matcher);
    return this.waitUntil(`a bot message matching ${String(matcher)}`, options.timeout, () => {
      const events = this.conversation.events;
      for (let index = this.cursor; index < events.length; index++) {
        const event = events[index];
        if (event && kinds.includes(event.kind) && matches(event)) {
          this.cursor = index + 1;
          return event;
        }
      }
      return undefined;
    });
  }

  /** The answer to a callback query (default: the latest one pressed in this chat). */
  waitForCallbackAnswer(callbackQueryId?: string, options: WaitOptions = {}): Promise<CallbackAnswer> {
    return this.waitUntil('a callback answer', options.timeout, () =>
      this.conversation.callbackAnswers.find(
        (answer) => callbackQueryId === undefined || answer.callbackQueryId === callbackQueryId,
      ),
    );
  }

  /** Resolves once `check` returns something, re-checking after every change in the chat. */
  protected waitUntil<T>(what: string, timeout = DEFAULT_TIMEOUT_MS, check: () => T | undefined): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const unsubscribe = this.conversation.subscribe(() => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        reject(
          new Error(
            `Timed out after ${timeout} ms waiting for ${what} in chat ${this.chatId}.\n${this.describe()}`,
          ),
        );
      }, timeout);
    });
  }

  protected describe(): string {
    const transcript = this.transcript();
    return `Transcript:\n${transcript === '' ? '(empty)' : transcript}`;
  }
}

function toPredicate(matcher: EventMatcher): (event: ChatEvent) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (typeof matcher === 'string') return (event) => event.text.includes(matcher);
  return (event) => matcher.test(event.text);
}
