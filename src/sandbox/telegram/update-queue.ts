import type { Update } from 'grammy/types';

/** An update waiting to be fetched by getUpdates or pushed to the webhook. */
export interface QueuedUpdate {
  update: Update;
  type: string;
  /** Updates of one chat are delivered to a webhook one at a time, in order. */
  chatKey: string;
  attempts: number;
  nextAttemptAt: number;
}

export type WaitOutcome = 'ready' | 'timeout' | 'terminated' | 'aborted';

interface Waiter {
  finish: (outcome: WaitOutcome) => void;
}

/** Telegram leaves these out unless a bot asks for them in allowed_updates. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/**
 * A bot's pending updates. They stay queued until confirmed (a getUpdates offset past them) or
 * delivered to the webhook, exactly like on Telegram's servers.
 */
export class UpdateQueue {
  private nextUpdateId = 1;
  private items: QueuedUpdate[] = [];
  private waiter: Waiter | undefined;
  private readonly listeners = new Set<() => void>();
  allowedUpdates: string[] = [];

  get size(): number {
    return this.items.length;
  }

  pending(): readonly QueuedUpdate[] {
    return this.items;
  }

  /** Adds an update (its id assigned here); undefined when the bot's allowed_updates filter it out. */
  push(payload: Omit<Update, 'update_id'>): Update | undefined {
    const type = Object.keys(payload)[0] ?? 'unknown';
    if (!this.accepts(type)) return undefined;
    const update = { update_id: this.nextUpdateId++, ...payload } as Update;
    this.items.push({ update, type, chatKey: chatKeyOf(update), attempts: 0, nextAttemptAt: 0 });
    this.waiter?.finish('ready');
    for (const listener of this.listeners) listener();
    return update;
  }

  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** getUpdates' offset: forgets earlier updates; a negative offset keeps only the last -offset ones. */
  confirm(offset: number): void {
    if (offset < 0) this.items = this.items.slice(offset);
    else this.items = this.items.filter((item) => item.update.update_id >= offset);
  }

  take(limit: number): Update[] {
    return this.items.slice(0, limit).map((item) => item.update);
  }

  remove(item: QueuedUpdate): void {
    this.items = this.items.filter((candidate) => candidate !== item);
  }

  clear(): void {
    this.items = [];
  }

  /**
   * Long polling: resolves as soon as an update arrives, on timeout, when a newer getUpdates call
   * takes over ('terminated', as Telegram answers 409), or when the caller aborts.
   */
  waitForUpdates(timeoutMs: number, signal: AbortSignal): Promise<WaitOutcome> {
    this.waiter?.finish('terminated');
    if (this.items.length > 0) return Promise.resolve('ready');
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const waiter: Waiter = { finish };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = waiter;
    });
  }

  /** Ends a pending long poll, e.g. when a webhook is set or the emulator closes. */
  interruptWaiter(outcome: WaitOutcome): void {
    this.waiter?.finish(outcome);
  }

  private accepts(type: string): boolean {
    if (this.allowedUpdates.length === 0) return !OPT_IN_TYPES.has(type);
    return this.allowedUpdates.includes(type);
  }
}

function chatKeyOf(update: Update): string {
  const chatId =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.callback_query?.from.id ??
    update.my_chat_member?.chat.id ??
    update.chat_member?.chat.id;
  return chatId === undefined ? 'none' : String(chatId);
}
