import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../infra/logger.ts';
import type { BotContext } from './context.ts';

export type UpdateSource = 'webhook' | 'polling';

/** How many recent updates are remembered to recognise a second delivery. */
const REMEMBERED_UPDATES = 20_000;

/**
 * The one door updates come in by, from the webhook and from polling alike. Across a
 * switch between the two, Telegram may hand the same update over twice (a webhook
 * delivery that timed out, a polled batch not yet confirmed when the webhook is set):
 * the second one is dropped here, so even handlers that send a plain reply run once.
 */
export class UpdateIntake {
  private readonly bot: Bot<BotContext>;
  private readonly logger: Logger;
  private readonly seen = new Map<string, true>();
  /** The highest update_id handed to the bot: polling confirms up to here when it stops. */
  lastUpdateId = 0;
  /** When the last update arrived through the webhook (ms), 0 when none has. */
  lastWebhookAt = 0;
  duplicates = 0;

  constructor(bot: Bot<BotContext>, logger: Logger) {
    this.bot = bot;
    this.logger = logger;
  }

  /** The bot can handle updates once it knows who it is (getMe answered). */
  get ready(): boolean {
    return this.bot.isInited();
  }

  async handle(update: Update, source: UpdateSource): Promise<'handled' | 'duplicate'> {
    if (source === 'webhook') this.lastWebhookAt = Date.now();
    this.lastUpdateId = Math.max(this.lastUpdateId, update.update_id);
    const key = deliveryKey(update);
    if (this.seen.has(key)) {
      this.duplicates++;
      this.logger.info({ updateId: update.update_id, source }, 'telegram update delivered twice: ignored');
      return 'duplicate';
    }
    this.remember(key);
    try {
      await this.bot.handleUpdate(update);
      return 'handled';
    } catch (error) {
      // Not handled after all: a redelivery must get its chance.
      this.seen.delete(key);
      throw error;
    }
  }

  private remember(key: string): void {
    this.seen.set(key, true);
    if (this.seen.size <= REMEMBERED_UPDATES) return;
    const oldest = this.seen.keys().next().value;
    if (oldest !== undefined) this.seen.delete(oldest);
  }
}

/**
 * Same key, same user action. update_id alone is not enough: it restarts after a long
 * pause (and with every emulator run), while a message is unique by chat, id and date and
 * a button press by its callback id (as the actors' dedupe keys are built).
 */
export function deliveryKey(update: Update): string {
  // Read defensively: a malformed update must reach the bot's own handling, not throw here.
  const loose = update as unknown as Record<string, LooseMessage | undefined>;
  const callbackId = (update.callback_query as { id?: unknown } | undefined)?.id;
  if (typeof callbackId === 'string') return `cb:${callbackId}`;
  const message = pick(loose.message) ?? pick(loose.channel_post);
  if (message) return `msg:${message.chat.id}:${message.message_id}:${message.date}`;
  const edited = pick(loose.edited_message) ?? pick(loose.edited_channel_post);
  if (edited) return `edit:${edited.chat.id}:${edited.message_id}:${edited.edit_date}`;
  return `update:${update.update_id}`;
}

interface LooseMessage {
  chat?: { id?: unknown };
  message_id?: unknown;
  date?: unknown;
  edit_date?: unknown;
}

function pick(value: unknown): (LooseMessage & { chat: { id: unknown } }) | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as LooseMessage;
  if (typeof message.chat !== 'object' || message.chat === null || message.message_id === undefined)
    return undefined;
  return message as LooseMessage & { chat: { id: unknown } };
}
