import type { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDelivery,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../../src/sandbox/telegram/index.ts';
import { apiFor, expectGrammyError } from './helpers.ts';

const TOKEN = '7400001:faults-token';

describe('fault injection', () => {
  let emulator: TelegramEmulator;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    api = apiFor(emulator, TOKEN);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('enforces the overall per-bot rate across chats', async () => {
    const users = Array.from({ length: 4 }, (_, index) =>
      emulator.user({ id: 800 + index, firstName: `U${index}` }, TOKEN),
    );
    emulator.faults.enableRateLimits({ global: { perSecond: 3, burst: 3 } });
    try {
      for (const user of users.slice(0, 3)) await api.sendMessage(user.id, 'broadcast');
      const fourth = users[3]?.id ?? 0;
      const error = await expectGrammyError(
        api.sendMessage(fourth, 'broadcast'),
        429,
        /^Too Many Requests: retry after \d+$/,
      );
      expect(error.parameters.retry_after).toBeGreaterThanOrEqual(1);
      // A refused send consumed nothing, and another bot has its own budget.
      const otherBot = '7400002:other-bot';
      emulator.user({ id: 800, firstName: 'U0' }, otherBot);
      expect((await apiFor(emulator, otherBot).sendMessage(800, 'halo')).text).toBe('halo');
    } finally {
      emulator.faults.disableRateLimits();
    }
  });

  it('a held answer: the message is recorded before the client hears back', async () => {
    const user = emulator.user({ id: 820, firstName: 'Tahan' }, TOKEN);
    emulator.faults.setAnswerDelay(5_000, 'sendMessage');
    try {
      const controller = new AbortController();
      const pending = api.sendMessage(user.id, 'ditahan [hold]', undefined, controller.signal as never);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const record = emulator.sent(TOKEN).filter((r) => r.text.includes('[hold]'));
      expect(record.map((r) => r.chatId)).toEqual([user.id]);
      controller.abort();
      await pending.catch(() => undefined);
    } finally {
      emulator.faults.clearLatency();
    }
  });

  it('counts each recipient of a marked message from the record', async () => {
    const users = [830, 831, 832].map((id) => emulator.user({ id, firstName: `R${id}` }, TOKEN));
    await api.sendMessage(830, 'promo [rec]');
    await api.sendMessage(830, 'promo [rec]');
    await api.sendMessage(831, 'promo [rec]');
    const check = checkDelivery(
      emulator.sent(TOKEN),
      '[rec]',
      users.map((u) => u.id),
    );
    expect(check).toMatchObject({ delivered: 2, duplicates: 1, missed: 1, unexpected: 0, maxPerSecond: 3 });
  });

  it('adds latency to one method only', async () => {
    const user = emulator.user({ id: 810, firstName: 'Lambat' }, TOKEN);
    emulator.faults.setLatency(300, 'sendMessage');
    try {
      const started = Date.now();
      await api.sendMessage(user.id, 'pelan');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(emulator.faults.latencyFor('getMe')).toBe(0);
    } finally {
      emulator.faults.clearLatency();
    }
  });

  it('fails the next N calls of a method and counts every call', async () => {
    const user = emulator.user({ id: 811, firstName: 'Gagal' }, TOKEN);
    emulator.faults.resetCounters();
    emulator.faults.failNext('sendChatAction', { times: 2, status: 502 });
    await expectGrammyError(api.sendChatAction(user.id, 'typing'), 502, 'Bad Gateway');
    await expectGrammyError(api.sendChatAction(user.id, 'typing'), 502, 'Bad Gateway');
    expect(await api.sendChatAction(user.id, 'typing')).toBe(true);
    expect(user.chatActions()).toEqual(['typing']);
    expect(emulator.faults.callCount('sendChatAction')).toBe(3);
    expect(emulator.faults.callCounts(TOKEN)).toEqual({ sendChatAction: 3 });
    expect(emulator.apiCalls({ method: 'sendchataction' }).map((call) => call.status)).toEqual(
      expect.arrayContaining([502, 502, 200]),
    );
  });

  it('tells the bot about a block with a my_chat_member update', async () => {
    const token = '7400003:block-notify';
    const user = emulator.user({ id: 812, firstName: 'Bloker' }, token);
    user.block();
    const [update] = emulator.pendingUpdates(token);
    expect(update?.my_chat_member?.new_chat_member).toMatchObject({
      status: 'kicked',
      user: { id: 7400003 },
    });
    expect(update?.my_chat_member?.old_chat_member.status).toBe('member');
    await expectGrammyError(
      apiFor(emulator, token).sendMessage(user.id, 'x'),
      403,
      'Forbidden: bot was blocked by the user',
    );
    user.unblock();
    expect(emulator.pendingUpdates(token).at(-1)?.my_chat_member?.new_chat_member.status).toBe('member');
  });
});

describe('getUpdates', () => {
  let emulator: TelegramEmulator;
  const token = '7400010:polling-token';

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('answers a long poll as soon as an update arrives', async () => {
    const api = apiFor(emulator, token);
    const user = emulator.user({ id: 820, firstName: 'Cepat' }, token);
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 20 });
    setTimeout(() => user.sendText('halo'), 100);
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(updates.map((update) => update.message?.text)).toEqual(['halo']);
  });

  it('keeps updates until an offset confirms them, honouring limit', async () => {
    const api = apiFor(emulator, token);
    const user = emulator.user({ id: 820, firstName: 'Cepat' }, token);
    user.sendText('dua');
    user.sendText('tiga');
    const again = await api.getUpdates({ limit: 2 });
    expect(again.map((update) => update.message?.text)).toEqual(['halo', 'dua']);
    const first = again[0]?.update_id ?? 0;
    expect(again[1]?.update_id).toBe(first + 1);
    const rest = await api.getUpdates({ offset: first + 2 });
    expect(rest.map((update) => update.message?.text)).toEqual(['tiga']);
    expect(await api.getUpdates({ offset: first + 3, timeout: 0 })).toEqual([]);
    expect(emulator.pendingUpdates(token)).toEqual([]);
  });

  it('waits for the whole timeout when nothing arrives, without spinning', async () => {
    const api = apiFor(emulator, token);
    emulator.faults.resetCounters();
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(emulator.faults.callCount('getUpdates', token)).toBe(1);
  });

  it('filters update types with allowed_updates', async () => {
    const api = apiFor(emulator, token);
    await api.getUpdates({ allowed_updates: ['callback_query'], timeout: 0 });
    emulator.user({ id: 821, firstName: 'Filter' }, token).sendText('diabaikan');
    expect(emulator.pendingUpdates(token)).toEqual([]);
    await api.getUpdates({ allowed_updates: [], timeout: 0 });
  });
});
