import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../../src/sandbox/telegram/index.ts';
import { buildDemoShopBot, QRIS_PNG, runShopScenario } from './demo-shop-bot.ts';
import { apiFor } from './helpers.ts';

const TOKEN = '7100001:polling-shop-token';

describe('a grammY bot in polling mode against the emulator', () => {
  let emulator: TelegramEmulator;
  let bot: Bot;
  let receivedProofs: Buffer[];

  beforeAll(async () => {
    emulator = await startTelegramEmulator({
      bots: [{ token: TOKEN, username: 'toko_demo_bot', firstName: 'Toko' }],
    });
    ({ bot, receivedProofs } = buildDemoShopBot(TOKEN, emulator.apiRoot));
    await new Promise<void>((resolve) => {
      void bot.start({ onStart: () => resolve() });
    });
  });

  afterAll(async () => {
    await bot.stop();
    await emulator.close();
  });

  it('runs the shop scenario end to end', async () => {
    expect(bot.botInfo).toMatchObject({
      id: 7100001,
      is_bot: true,
      username: 'toko_demo_bot',
      first_name: 'Toko',
    });
    const user = emulator.user({ id: 501, firstName: 'Budi', username: 'budi', languageCode: 'id' }, TOKEN);
    await runShopScenario(user, 7100001, receivedProofs);
    expect(user.transcript()).toContain('> user #1: /start');
    expect(user.transcript()).toContain('< bot #2: Selamat datang di toko & kios!\n    [Katalog] [Bantuan]');
    expect(user.transcript()).toContain('< bot answered callback: "Membuka katalog"');
  });

  it('serves the bytes of a photo the bot uploaded through getFile and /file/', async () => {
    const invoice = emulator
      .user({ id: 501, firstName: 'Budi' }, TOKEN)
      .messages()
      .find((message) => message.photo !== undefined && message.from === 'bot');
    const fileId = invoice?.photo?.at(-1)?.file_id;
    expect(fileId).toBeDefined();
    const file = await apiFor(emulator, TOKEN).getFile(fileId ?? '');
    const response = await fetch(`${emulator.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(QRIS_PNG)).toBe(true);
  });

  it('keeps an idle polling bot to a few getUpdates calls per second', async () => {
    const before = emulator.faults.callCount('getUpdates', TOKEN);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const calls = emulator.faults.callCount('getUpdates', TOKEN) - before;
    // Busy-loop guard: long polling should need about one call for the whole period.
    expect(calls).toBeLessThanOrEqual(12);
  });
});
