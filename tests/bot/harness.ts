import { randomBytes } from 'node:crypto';
import type { Bot } from 'grammy';
import pino from 'pino';
import type { AnyStateMachine } from 'xstate';
import { effectNamesOf } from '../../src/actors/effect.ts';
import type { ActorKind, EffectDefinition } from '../../src/actors/types.ts';
import { createBot } from '../../src/bot/bot.ts';
import type { BotContext, BotDeps } from '../../src/bot/context.ts';
import type { SpamGuardOptions } from '../../src/bot/middlewares/anti-spam.ts';
import type { AuditLog } from '../../src/infra/audit.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { createCipher } from '../../src/infra/crypto.ts';
import { checkoutMachine } from '../../src/machines/checkout.ts';
import { conversationMachine } from '../../src/machines/conversation.ts';
import { depositMachine } from '../../src/machines/deposit.ts';
import { orderMachine } from '../../src/machines/order.ts';
import { Messages } from '../../src/messages/messages.ts';
import type { SimUser, TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { startTelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { silentLogger, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

export const ADMIN_ID = 9001;
export const STORE_NAME = 'Toko Uji';

const noop: EffectDefinition<unknown> = { run: async () => undefined };

/** Every named action of a machine as an effect that does nothing: order processing is not under test here. */
function inertKind(kind: string, machine: AnyStateMachine): ActorKind {
  const names = effectNamesOf(machine);
  return { kind, machine, version: 1, effects: Object.fromEntries(names.map((name) => [name, noop])) };
}

const gameProducts = Array.from({ length: 10 }, (_, i) => ({
  code: `GAME-${i + 1}`,
  category: 'game',
  name: `Voucher Game ${String(i + 1).padStart(2, '0')}`,
  price: 10_000 + i * 1_000,
  sort: i + 1,
  stock: [`game-${i + 1}-a`, `game-${i + 1}-b`],
}));

/** A small shop: one product per category to click through, ten to paginate, one sold out. */
export const testCatalog = {
  categories: [
    { code: 'streaming', name: 'Streaming', emoji: '🎬', sort: 1 },
    { code: 'musik', name: 'Musik', emoji: '🎵', sort: 2 },
    { code: 'game', name: 'Game', emoji: '🎮', sort: 3 },
    { code: 'desain', name: 'Desain', emoji: '✏️', sort: 4 },
  ],
  products: [
    {
      code: 'NETFLIX-1B',
      category: 'streaming',
      name: 'Netflix Premium 1 Bulan',
      description: 'Akun sharing 1 profil <UHD>.',
      price: 25_000,
      stock: ['nf-1', 'nf-2', 'nf-3', 'nf-4', 'nf-5'],
    },
    {
      code: 'SPOTIFY-1B',
      category: 'musik',
      name: 'Spotify Premium 1 Bulan',
      price: 15_000,
      stock: Array.from({ length: 12 }, (_, i) => `sp-${i}`),
    },
    ...gameProducts,
    { code: 'CANVA-PRO', category: 'desain', name: 'Canva Pro', price: 30_000, stock: [] },
  ],
  vouchers: [
    { code: 'HEMAT10', kind: 'percent', value: 10 },
    { code: 'LAMA', kind: 'fixed', value: 5_000, validUntil: '2020-01-01T00:00:00+07:00' },
    { code: 'BESOK', kind: 'fixed', value: 5_000, validFrom: '2099-01-01T00:00:00+07:00' },
    { code: 'HABIS', kind: 'fixed', value: 1_000, maxUses: 1 },
    { code: 'SEKALI', kind: 'fixed', value: 1_000, perUserLimit: 1 },
    { code: 'MINIMAL', kind: 'fixed', value: 10_000, minPurchase: 1_000_000 },
  ],
};

export interface Harness {
  emulator: TelegramEmulator;
  deps: BotDeps;
  runtime: TestRuntime;
  /** A started bot on its own token. */
  startBot(token: string, antiSpam?: SpamGuardOptions): Promise<Bot<BotContext>>;
  user(token: string, id: number, firstName: string, languageCode?: string): SimUser;
  stop(): Promise<void>;
}

/** `env` adds settings (TELEGRAM_OWNER_IDS, say) to the harness's own. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase();
  const runtime = await startTestRuntime(
    database.url,
    [
      inertKind('checkout', checkoutMachine),
      inertKind('order', orderMachine),
      inertKind('deposit', depositMachine),
      inertKind('conversation', conversationMachine),
    ],
    { workers: false },
  );
  const cipher = createCipher(randomBytes(32));
  const imported = await importCatalog(runtime.db, cipher, testCatalog);
  if (!imported.ok) throw new Error(imported.problems.join('\n'));
  const audit: AuditLog = { record: () => undefined, close: () => undefined };
  const logger = process.env.BOT_TEST_LOGS ? pino({ level: 'debug' }) : silentLogger;
  const config = loadConfig({
    TELEGRAM_ADMIN_IDS: String(ADMIN_ID),
    BOT_STORE_NAME: STORE_NAME,
    BOT_TIMEZONE: 'Asia/Jakarta',
    ...env,
  });
  const messages = new Messages({ db: runtime.db, logger });
  const deps: BotDeps = { db: runtime.db, runtime: runtime.runtime, config, cipher, logger, audit, messages };
  const emulator = await startTelegramEmulator();
  const bots: Bot<BotContext>[] = [];

  return {
    emulator,
    deps,
    runtime,
    async startBot(token, antiSpam) {
      emulator.registerBot(token, { username: `bot${bots.length}_bot`, firstName: STORE_NAME });
      const bot = createBot(deps, { token, apiRoot: emulator.apiRoot, ...(antiSpam ? { antiSpam } : {}) });
      bots.push(bot);
      await new Promise<void>((resolve) => {
        void bot.start({ onStart: () => resolve() });
      });
      return bot;
    },
    user: (token, id, firstName, languageCode = 'id') =>
      emulator.user({ id, firstName, languageCode }, token),
    async stop() {
      for (const bot of bots) await bot.stop();
      await emulator.close();
      await runtime.stop();
      await database.drop();
    },
  };
}

let crafted = 0;

/**
 * Presses a button carrying `data` that the bot's features never issued (a stale or
 * forged button): the bot sends it, the user presses it. Returns the callback answer.
 */
export async function pressData(bot: Bot<BotContext>, user: SimUser, data: string) {
  const label = `crafted ${++crafted}`;
  await bot.api.sendMessage(user.id, `test button ${crafted}`, {
    reply_markup: { inline_keyboard: [[{ text: label, callback_data: data }]] },
  });
  await user.waitFor(`test button ${crafted}`);
  const press = user.press(label);
  if (press.kind !== 'callback') throw new Error('expected an inline button');
  return user.waitForCallbackAnswer(press.callbackQueryId);
}

/** Presses an inline button and waits for the bot's answer to it. */
export async function pressAndAnswer(user: SimUser, label: string | RegExp) {
  const press = user.press(label);
  if (press.kind !== 'callback') throw new Error(`expected [${String(label)}] to be an inline button`);
  return user.waitForCallbackAnswer(press.callbackQueryId);
}
