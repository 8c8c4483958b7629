import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { BotCommand, Update, User, WebhookInfo } from 'grammy/types';
import { setUserBlocked } from './blocking.ts';
import { type BotRef, botIdFromToken, botIdOf } from './bot-ref.ts';
import { type BotAccount, type BotProfile, BotRegistry, type SentRecord } from './bot-registry.ts';
import { canonicalJson } from './canonical-json.ts';
import type { CallbackAnswer, UserProfile } from './chat-types.ts';
import { ChatView } from './chat-view.ts';
import { type ApiCallRecord, Dispatcher } from './dispatcher.ts';
import { type DriverContext, SimUser } from './driver.ts';
import { FaultInjector } from './faults.ts';
import { buildHttpServer } from './http-server.ts';
import { mimeTypeFor } from './mime-types.ts';
import { EmulatorState } from './state.ts';
import {
  DEFAULT_WEBHOOK_TIMINGS,
  type DeliveryFault,
  type WebhookDelivery,
  type WebhookTimings,
} from './webhook-pusher.ts';

export interface TelegramEmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bots to register up front, with their profile. */
  bots?: Array<{ token: string } & BotProfile>;
  /** Accept any `<digits>:<secret>` token on first use (default true). */
  autoRegister?: boolean;
  /** Webhook retry pacing (defaults suit tests: 100 ms doubling up to 5 s). */
  webhook?: Partial<WebhookTimings>;
}

/** A stored file as a client downloads it. */
export interface EmulatedFile {
  bytes: Buffer;
  kind: 'photo' | 'document' | 'sticker';
  fileName: string;
  mimeType: string;
}

/** A bot as tests see it. */
export interface BotInfo {
  id: number;
  token: string;
  username: string;
  firstName: string;
  user: User;
}

/**
 * A Telegram Bot API server on loopback for tests and the sandbox mode. Point grammY at
 * `apiRoot`; drive users with `user()`; inject faults through `faults`, `blockUser()`.
 */
export class TelegramEmulator {
  readonly apiRoot: string;
  readonly faults: FaultInjector;
  private readonly state: EmulatorState;
  private readonly dispatcher: Dispatcher;
  private readonly server: FastifyInstance;
  private readonly driver: DriverContext;

  private constructor(
    apiRoot: string,
    state: EmulatorState,
    faults: FaultInjector,
    dispatcher: Dispatcher,
    server: FastifyInstance,
  ) {
    this.apiRoot = apiRoot;
    this.state = state;
    this.faults = faults;
    this.dispatcher = dispatcher;
    this.server = server;
    this.driver = { state, faults, resolveBot: (ref) => this.account(ref) };
  }

  static async start(options: TelegramEmulatorOptions = {}): Promise<TelegramEmulator> {
    const timings = { ...DEFAULT_WEBHOOK_TIMINGS, ...options.webhook };
    const state = new EmulatorState(new BotRegistry(timings, options.autoRegister ?? true));
    for (const { token, ...profile } of options.bots ?? []) state.bots.register(token, profile);
    const faults = new FaultInjector();
    const dispatcher = new Dispatcher(state, faults);
    const server = await buildHttpServer(dispatcher, state);
    await server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const address = server.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new TelegramEmulator(`http://${host}:${address.port}`, state, faults, dispatcher, server);
  }

  /** Registers a bot (or updates its profile); its id is the digits before ':' in the token. */
  registerBot(token: string, profile: BotProfile = {}): BotInfo {
    return infoOf(this.state.bots.register(token, profile));
  }

  /** Every registered bot, in registration order. */
  bots(): BotInfo[] {
    return this.state.bots.all().map(infoOf);
  }

  /** A file a bot uploaded or a user sent, by file_id: its bytes and what it is. */
  file(fileId: string): EmulatedFile | undefined {
    const stored = this.state.files.get(fileId);
    if (!stored) return undefined;
    const { media } = stored;
    const document = media.kind === 'document' ? media.document : undefined;
    return {
      bytes: stored.bytes,
      kind: media.kind,
      fileName: document?.file_name ?? stored.filePath.split('/').at(-1) ?? stored.fileId,
      mimeType: document?.mime_type ?? mimeTypeFor(stored.filePath),
    };
  }

  /** The messages a bot (default: the first) sent, in the order they were accepted. */
  sent(bot?: BotRef): SentRecord[] {
    return [...(bot === undefined ? this.defaultBot() : this.account(bot)).sent];
  }

  bot(ref: BotRef): BotInfo {
    return infoOf(this.account(ref));
  }

  /**
   * A simulated user talking to a bot (default: the only or first registered bot). Registering
   * the user makes the chat known to that bot, so the bot may message the user first.
   */
  user(profile: UserProfile, bot?: BotRef): SimUser {
    const account = bot === undefined ? this.defaultBot() : this.account(bot);
    return new SimUser(this.driver, account, this.state.upsertUser(profile));
  }

  /** A reader of a chat (throws when the user never talked to the bot). */
  chat(bot: BotRef, userId: number): ChatView {
    const conversation = this.state.conversation(this.account(bot), userId);
    if (!conversation) throw new Error(`Bot ${String(bot)} has no chat with user ${userId}`);
    return new ChatView(conversation);
  }

  /** Makes a user block one bot or all bots: sends to them fail with 403 Forbidden. */
  blockUser(userId: number, options: { bot?: BotRef; notify?: boolean } = {}): void {
    this.setBlocked(userId, true, options);
  }

  unblockUser(userId: number, options: { bot?: BotRef; notify?: boolean } = {}): void {
    this.setBlocked(userId, false, options);
  }

  /** Every answerCallbackQuery, optionally of one bot, oldest first. */
  callbackAnswers(bot?: BotRef): CallbackAnswer[] {
    return this.botsOf(bot)
      .flatMap((account) => this.state.conversationsOf(account).flatMap((chat) => chat.callbackAnswers))
      .sort((a, b) => a.at - b.at);
  }

  webhookInfo(bot: BotRef): WebhookInfo {
    return this.account(bot).webhook.info();
  }

  /**
   * Makes every webhook delivery of one bot (or of all bots) fail, by default as when the
   * webhook's host name does not resolve; `restoreWebhookDelivery` ends it.
   */
  breakWebhookDelivery(options: { bot?: BotRef; fault?: DeliveryFault } = {}): void {
    const fault = options.fault ?? { error: 'Connection failed: getaddrinfo ENOTFOUND {host}' };
    for (const bot of this.botsOf(options.bot)) bot.webhook.setFault(fault);
  }

  restoreWebhookDelivery(options: { bot?: BotRef } = {}): void {
    for (const bot of this.botsOf(options.bot)) bot.webhook.setFault(undefined);
  }

  webhookDeliveries(bot: BotRef): WebhookDelivery[] {
    return [...this.account(bot).webhook.deliveries];
  }

  /** The commands set with setMyCommands for a scope and language (default scope, no language). */
  commands(bot: BotRef, options: { scope?: object; languageCode?: string } = {}): BotCommand[] {
    const key = `${canonicalJson(options.scope ?? { type: 'default' })}|${options.languageCode ?? ''}`;
    return this.account(bot).commands.get(key) ?? [];
  }

  /** Updates not yet confirmed by getUpdates or delivered to the webhook. */
  pendingUpdates(bot: BotRef): Update[] {
    return this.account(bot)
      .updates.pending()
      .map((item) => item.update);
  }

  /** Queues any update for a bot (its update_id is assigned); undefined when allowed_updates drop it. */
  pushUpdate(bot: BotRef, payload: Omit<Update, 'update_id'>): Update | undefined {
    return this.account(bot).updates.push(payload);
  }

  /** Recent Bot API calls (the last 2000), optionally of one method and one bot. */
  apiCalls(filter: { method?: string; bot?: BotRef } = {}): ApiCallRecord[] {
    const botId = filter.bot === undefined ? undefined : botIdOf(filter.bot);
    const method = filter.method?.toLowerCase();
    return this.dispatcher.calls.filter(
      (call) =>
        (botId === undefined || call.botId === botId) &&
        (method === undefined || call.method.toLowerCase() === method),
    );
  }

  async close(): Promise<void> {
    for (const bot of this.state.bots.all()) {
      bot.webhook.stop();
      bot.updates.interruptWaiter('aborted');
    }
    await this.server.close();
  }

  private setBlocked(userId: number, blocked: boolean, options: { bot?: BotRef; notify?: boolean }): void {
    const bot = options.bot === undefined ? undefined : this.account(options.bot);
    setUserBlocked(this.state, this.faults, userId, blocked, {
      ...(bot ? { bot } : {}),
      notify: options.notify ?? true,
    });
  }

  /** A bot by id or token; tokens are registered on first use like any API call would. */
  private account(ref: BotRef): BotAccount {
    const bot =
      typeof ref === 'string' && botIdFromToken(ref) !== undefined
        ? this.state.bots.resolve(ref)
        : this.state.bots.get(botIdOf(ref));
    if (!bot) throw new Error(`Unknown bot ${String(ref)}`);
    return bot;
  }

  private botsOf(bot: BotRef | undefined): BotAccount[] {
    return bot === undefined ? this.state.bots.all() : [this.account(bot)];
  }

  private defaultBot(): BotAccount {
    const bot = this.state.bots.all()[0];
    if (!bot) throw new Error('No bot registered yet: pass a bot token to user()');
    return bot;
  }
}

function infoOf(bot: BotAccount): BotInfo {
  return { id: bot.id, token: bot.token, username: bot.username, firstName: bot.firstName, user: bot.user };
}

/** Starts an emulator; see TelegramEmulator. */
export function startTelegramEmulator(options: TelegramEmulatorOptions = {}): Promise<TelegramEmulator> {
  return TelegramEmulator.start(options);
}
