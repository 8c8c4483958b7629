import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Bot, webhookCallback } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../../src/sandbox/telegram/index.ts';
import { buildDemoShopBot, runShopScenario } from './demo-shop-bot.ts';
import { apiFor, eventually, expectGrammyError } from './helpers.ts';

const TOKEN = '7200001:webhook-shop-token';
const SECRET = 'hook-secret_42';

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('a grammY bot in webhook mode against the emulator', () => {
  let emulator: TelegramEmulator;
  let bot: Bot;
  let receivedProofs: Buffer[];
  let server: FastifyInstance;
  let webhookUrl: string;
  const secretHeaders: Array<string | undefined> = [];

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    ({ bot, receivedProofs } = buildDemoShopBot(TOKEN, emulator.apiRoot));
    server = Fastify();
    server.addHook('onRequest', async (request) => {
      secretHeaders.push(request.headers['x-telegram-bot-api-secret-token'] as string | undefined);
    });
    server.post('/telegram', webhookCallback(bot, 'fastify', { secretToken: SECRET }));
    webhookUrl = `${await listen(server)}/telegram`;
    await bot.api.setWebhook(webhookUrl, { secret_token: SECRET });
  });

  afterAll(async () => {
    await emulator.close();
    await server.close();
  });

  it('reports the webhook it was given', async () => {
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: webhookUrl, pending_update_count: 0 });
  });

  it('runs the shop scenario end to end, every push carrying the secret', async () => {
    const user = emulator.user({ id: 601, firstName: 'Sari' }, TOKEN);
    await runShopScenario(user, 7200001, receivedProofs);
    expect(secretHeaders.length).toBeGreaterThanOrEqual(4);
    expect(secretHeaders.every((header) => header === SECRET)).toBe(true);
    expect(emulator.webhookDeliveries(TOKEN).every((delivery) => delivery.status === 200)).toBe(true);
  });

  it('pushes to a handler that rejects a wrong secret', async () => {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' } },
      }),
    });
    expect(response.status).toBe(401);
  });

  it('answers getUpdates with 409 while the webhook is set', async () => {
    await expectGrammyError(
      apiFor(emulator, TOKEN).getUpdates(),
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  });
});

describe('webhook delivery', () => {
  let emulator: TelegramEmulator;
  const servers: FastifyInstance[] = [];

  beforeAll(async () => {
    emulator = await startTelegramEmulator({ webhook: { retryBaseMs: 20, retryMaxMs: 100 } });
  });

  afterAll(async () => {
    await emulator.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  /** A webhook endpoint whose status is chosen per request (by how many came before, and the text). */
  async function scriptedEndpoint(statusFor: (index: number, text: string | undefined) => number) {
    const received: Array<{ status: number; secret: unknown; updateId: number; text: string | undefined }> =
      [];
    const server = Fastify();
    server.post('/hook', async (request, reply) => {
      const update = request.body as { update_id: number; message?: { text?: string } };
      const status = statusFor(received.length, update.message?.text);
      received.push({
        status,
        secret: request.headers['x-telegram-bot-api-secret-token'],
        updateId: update.update_id,
        text: update.message?.text,
      });
      return reply.code(status).send('');
    });
    servers.push(server);
    return { url: `${await listen(server)}/hook`, received };
  }

  it('retries a push answered with non-2xx, keeping the secret header and the update', async () => {
    const token = '7200002:retry-token';
    const endpoint = await scriptedEndpoint((index) => [500, 502][index] ?? 200);
    const api = apiFor(emulator, token);
    await api.setWebhook(endpoint.url, { secret_token: 'retry-secret' });
    emulator.user({ id: 602, firstName: 'Rina' }, token).sendText('halo');
    await eventually(() => endpoint.received.length === 3);
    expect(endpoint.received.map((entry) => entry.status)).toEqual([500, 502, 200]);
    expect(new Set(endpoint.received.map((entry) => entry.updateId)).size).toBe(1);
    expect(endpoint.received.every((entry) => entry.secret === 'retry-secret')).toBe(true);
    const info = await api.getWebhookInfo();
    expect(info.pending_update_count).toBe(0);
    expect(info.last_error_message).toBe('Wrong response from the webhook: 502 Bad Gateway');
  });

  it('keeps one update in flight per chat, in order, while other chats proceed', async () => {
    const token = '7200003:order-token';
    let satuAttempts = 0;
    const endpoint = await scriptedEndpoint((_index, text) => {
      if (text !== 'satu') return 200;
      satuAttempts++;
      return satuAttempts <= 2 ? 503 : 200;
    });
    await apiFor(emulator, token).setWebhook(endpoint.url);
    const first = emulator.user({ id: 603, firstName: 'Andi' }, token);
    first.sendText('satu');
    first.sendText('dua');
    emulator.user({ id: 604, firstName: 'Dewi' }, token).sendText('lain');
    await eventually(() => endpoint.received.filter((entry) => entry.status === 200).length === 3);
    const fromFirstChat = endpoint.received.filter((entry) => entry.text !== 'lain');
    expect(fromFirstChat.map((entry) => `${entry.text}:${entry.status}`)).toEqual([
      'satu:503',
      'satu:503',
      'satu:200',
      'dua:200',
    ]);
    expect(endpoint.received.every((entry) => entry.secret === undefined)).toBe(true);
  });

  it('records a refused connection and keeps the update pending', async () => {
    const token = '7200004:refused-token';
    const endpoint = await scriptedEndpoint(() => 200);
    const closed = servers.pop();
    await closed?.close();
    const api = apiFor(emulator, token);
    await api.setWebhook(endpoint.url);
    emulator.user({ id: 605, firstName: 'Eko' }, token).sendText('halo?');
    await eventually(() => emulator.webhookInfo(token).last_error_message !== undefined);
    expect(await api.getWebhookInfo()).toMatchObject({
      pending_update_count: 1,
      last_error_message: 'Connection refused',
    });
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: 0 });
  });
  it('fails every push while delivery is broken, as with a dead DNS name, then delivers again', async () => {
    const token = '7200005:fault-token';
    const endpoint = await scriptedEndpoint(() => 200);
    const api = apiFor(emulator, token);
    await api.setWebhook(endpoint.url);
    emulator.breakWebhookDelivery({ bot: token });
    emulator.user({ id: 606, firstName: 'Fajar' }, token).sendText('ada orang?');
    await eventually(() => emulator.webhookDeliveries(token).length >= 2);
    const info = await api.getWebhookInfo();
    expect(info).toMatchObject({
      url: endpoint.url,
      pending_update_count: 1,
      last_error_message: 'Connection failed: getaddrinfo ENOTFOUND 127.0.0.1',
    });
    expect(info.last_error_date).toBeGreaterThan(0);
    expect(endpoint.received).toEqual([]);

    emulator.restoreWebhookDelivery({ bot: token });
    await eventually(() => endpoint.received.length === 1);
    await eventually(() => emulator.webhookInfo(token).pending_update_count === 0);
  });

  it('can lose the answer of a push that reached the bot, so the update comes again', async () => {
    const token = '7200006:lost-answer-token';
    const endpoint = await scriptedEndpoint(() => 200);
    await apiFor(emulator, token).setWebhook(endpoint.url);
    emulator.breakWebhookDelivery({ bot: token, fault: { status: 504, reachesBot: true } });
    emulator.user({ id: 607, firstName: 'Gita' }, token).sendText('halo');
    await eventually(() => endpoint.received.length >= 2);
    expect(new Set(endpoint.received.map((entry) => entry.updateId)).size).toBe(1);
    expect(emulator.webhookInfo(token)).toMatchObject({
      pending_update_count: 1,
      last_error_message: 'Wrong response from the webhook: 504',
    });
    emulator.restoreWebhookDelivery({ bot: token });
    await eventually(() => emulator.webhookInfo(token).pending_update_count === 0);
  });
});
