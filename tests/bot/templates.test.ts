import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { type Harness, STORE_NAME, startHarness } from './harness.ts';

const TOKEN = '7200011:templates-bot-token-for-tests';

describe('the welcome as a template', () => {
  let h: Harness;
  let buyer: SimUser;

  /** Sends /start and returns the welcome (the message with the category buttons). */
  async function start(): Promise<string> {
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor((e) => e.kind === 'message' && e.buttons.length > 0);
    await buyer.waitFor('Menu utama');
    return welcome.text;
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.startBot(TOKEN, { capacity: 10_000, refillPerSecond: 10_000 });
    buyer = h.user(TOKEN, 621, 'Rina');
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('shows the default, then a valid override, and never a refused one; rolls back', async () => {
    expect(await start()).toContain(`Halo, Rina! Selamat datang di ${STORE_NAME}`);

    const saved = await h.deps.messages.save({
      key: 'welcome',
      locale: 'id',
      body: '🎉 <b>{store_name}</b> menyapa {nama}!\n👥 {total_users} pengguna sudah belanja di sini.',
      author: 9001,
    });
    expect(saved).toEqual({ ok: true, version: 1 });
    expect(await start()).toBe(`🎉 ${STORE_NAME} menyapa Rina!\n👥 1 pengguna sudah belanja di sini.`);

    const unknown = await h.deps.messages.save({
      key: 'welcome',
      locale: 'id',
      body: 'Halo {nama}, saldo {saldo}',
      author: 9001,
    });
    expect(unknown).toMatchObject({
      ok: false,
      problems: [{ kind: 'unknown_placeholder', names: ['saldo'] }],
    });
    const broken = await h.deps.messages.save({
      key: 'welcome',
      locale: 'id',
      body: '<b>Halo {nama}</i>',
      author: 9001,
    });
    expect(broken).toMatchObject({ ok: false, problems: [{ kind: 'html' }] });
    expect(await start()).toContain(`${STORE_NAME} menyapa Rina`);

    await h.deps.messages.save({
      key: 'welcome',
      locale: 'id',
      body: 'Versi dua untuk {nama}',
      author: 9001,
    });
    expect(await start()).toBe('Versi dua untuk Rina');
    await h.deps.messages.activate({ key: 'welcome', locale: 'id', version: 1, author: 9001 });
    expect(await start()).toContain(`${STORE_NAME} menyapa Rina`);
    await h.deps.messages.activate({ key: 'welcome', locale: 'id', version: null, author: 9001 });
    expect(await start()).toContain(`Halo, Rina! Selamat datang di ${STORE_NAME}`);
  });

  it('keeps English buyers on the English default', async () => {
    const english = h.user(TOKEN, 622, 'Sam', 'en');
    english.sendCommand('/start');
    expect((await english.waitFor('Welcome to')).text).toContain(`Hi, Sam! Welcome to ${STORE_NAME}`);
  });
});
