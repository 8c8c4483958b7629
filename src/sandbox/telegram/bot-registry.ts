import type { BotCommand, User } from 'grammy/types';
import { botIdFromToken } from './bot-ref.ts';
import { UpdateQueue } from './update-queue.ts';
import { WebhookPusher, type WebhookTimings } from './webhook-pusher.ts';

export interface BotProfile {
  username?: string;
  firstName?: string;
}

/** One bot known to the emulator: its identity, its update queue and its settings. */
/** One accepted message: to whom, when (ms), and its text or caption. */
export interface SentRecord {
  chatId: number;
  messageId: number;
  at: number;
  text: string;
}

export class BotAccount {
  readonly id: number;
  readonly token: string;
  username: string;
  firstName: string;
  readonly updates = new UpdateQueue();
  readonly webhook: WebhookPusher;
  /** Command lists by `scope|language_code`, as setMyCommands stores them. */
  readonly commands = new Map<string, BotCommand[]>();
  /** Other settings the bot made (descriptions, menu button), by method name. */
  readonly settings = new Map<string, unknown>();
  /** Every message the bot sent, in the order Telegram accepted them (what a broadcast check reads). */
  readonly sent: SentRecord[] = [];

  constructor(id: number, token: string, profile: BotProfile, timings: WebhookTimings) {
    this.id = id;
    this.token = token;
    this.username = profile.username ?? `test_${id}_bot`;
    this.firstName = profile.firstName ?? `Test Bot ${id}`;
    this.webhook = new WebhookPusher(this.updates, timings);
  }

  get user(): User {
    return { id: this.id, is_bot: true, first_name: this.firstName, username: this.username };
  }
}

/**
 * The bots of the emulator by token. Any token shaped like a real one (`<digits>:<secret>`) is
 * accepted on first use and becomes the bot whose id is the digits, unless auto-registration is
 * off. A second token with the id of a known bot is refused, like a revoked token.
 */
export class BotRegistry {
  private readonly byToken = new Map<string, BotAccount>();
  private readonly byId = new Map<number, BotAccount>();
  private readonly timings: WebhookTimings;
  private readonly autoRegister: boolean;

  constructor(timings: WebhookTimings, autoRegister: boolean) {
    this.timings = timings;
    this.autoRegister = autoRegister;
  }

  register(token: string, profile: BotProfile = {}): BotAccount {
    const existing = this.byToken.get(token);
    if (existing) {
      if (profile.username) existing.username = profile.username;
      if (profile.firstName) existing.firstName = profile.firstName;
      return existing;
    }
    const id = botIdFromToken(token);
    if (id === undefined) throw new Error(`A bot token looks like <digits>:<secret>, got ${token}`);
    if (this.byId.has(id)) throw new Error(`Bot ${id} is already registered with another token`);
    const bot = new BotAccount(id, token, profile, this.timings);
    this.byToken.set(token, bot);
    this.byId.set(id, bot);
    return bot;
  }

  /** The bot a token authenticates, or undefined (401 Unauthorized). */
  resolve(token: string): BotAccount | undefined {
    const known = this.byToken.get(token);
    if (known || !this.autoRegister) return known;
    const id = botIdFromToken(token);
    if (id === undefined || this.byId.has(id)) return undefined;
    return this.register(token);
  }

  get(id: number): BotAccount | undefined {
    return this.byId.get(id);
  }

  all(): BotAccount[] {
    return [...this.byToken.values()];
  }
}
