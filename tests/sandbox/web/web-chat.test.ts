import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BOT_TOKEN, type Sandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const WAIT = { timeout: 20_000 };
/** The bot throttles buyers who press faster than about once a second: press like a person. */
const PACE_MS = 1_100;

let database: TestDatabase;
let dir: string;
let sandbox: Sandbox;
let chatUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'bao-webchat-'));
  sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    logDir: join(dir, 'logs'),
    databaseUrl: database.url,
    env: {},
    web: { port: 0 },
  });
  chatUrl = sandbox.web!.url;
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('web chat HTTP face', () => {
  it('serves the page and lists the personas with the shop bot', async () => {
    const page = await fetch(chatUrl);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('data-testid="composer"');
    const setup = (await (await fetch(`${chatUrl}/api/setup`)).json()) as {
      inspector: string;
      personas: Array<{ id: string; bots: Array<{ id: number }> }>;
    };
    expect(setup.personas.map((persona) => persona.id)).toEqual(['buyer', 'buyer2', 'admin', 'owner']);
    const shopBot = sandbox.telegram.bot(SANDBOX_BOT_TOKEN).id;
    for (const persona of setup.personas) expect(persona.bots[0]?.id).toBe(shopBot);
    expect(setup.inspector).toBe(`${sandbox.app.url}/inspect`);
  });

  it('answers bad input clearly and sends nothing', async () => {
    const shopBot = sandbox.telegram.bot(SANDBOX_BOT_TOKEN).id;
    const unknown = await postJson(`${chatUrl}/api/nobody/${shopBot}/send`, { text: 'hi' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('nobody');
    const empty = await postJson(`${chatUrl}/api/buyer2/${shopBot}/send`, { text: '   ' });
    expect(empty.status).toBe(400);
    const noButton = await postJson(`${chatUrl}/api/buyer2/${shopBot}/press`, { messageId: 999, index: 0 });
    expect(noButton.status).toBe(409);
    const otherBot = await postJson(`${chatUrl}/api/buyer2/1/send`, { text: 'hi' });
    expect(otherBot.status).toBe(404);
    expect(await fetch(`${chatUrl}/files/no-such-file`).then((response) => response.status)).toBe(404);
    expect(sandbox.telegram.chat(SANDBOX_BOT_TOKEN, 100012).messages()).toEqual([]);
  });

  it('streams the chat as server-sent events: the whole chat first, then each change', async () => {
    const shopBot = sandbox.telegram.bot(SANDBOX_BOT_TOKEN).id;
    const controller = new AbortController();
    const response = await fetch(`${chatUrl}/api/admin/${shopBot}/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(response);
    expect(await events.next()).toMatchObject({ type: 'reset', messages: [] });
    await postJson(`${chatUrl}/api/admin/${shopBot}/send`, { text: '/start' });
    expect(await events.next()).toMatchObject({ type: 'message', message: { from: 'user' } });
    const reply = await events.next();
    expect(reply).toMatchObject({ type: 'message', message: { from: 'bot' } });
    controller.abort();
  });
});

describe('a second bot on the emulator (the owner alert bot)', () => {
  it("is the owner's other chat, and its HTML messages stream as rich nodes", async () => {
    const alerts = sandbox.telegram.registerBot('7000000002:SANDBOX-owner-alert-bot', {
      firstName: 'Alarm Toko',
      username: 'toko_alarm_bot',
    });
    const setup = (await (await fetch(`${chatUrl}/api/setup`)).json()) as {
      personas: Array<{ id: string; bots: Array<{ id: number }> }>;
    };
    const botsOf = (id: string) =>
      setup.personas.find((persona) => persona.id === id)?.bots.map((bot) => bot.id);
    expect(botsOf('owner')).toEqual([sandbox.telegram.bot(SANDBOX_BOT_TOKEN).id, alerts.id]);
    expect(botsOf('buyer')).toEqual([sandbox.telegram.bot(SANDBOX_BOT_TOKEN).id]);
    expect((await fetch(`${chatUrl}/api/buyer/${alerts.id}/events`)).status).toBe(404);

    const controller = new AbortController();
    const response = await fetch(`${chatUrl}/api/owner/${alerts.id}/events`, { signal: controller.signal });
    const events = readEvents(response);
    expect(await events.next()).toMatchObject({ type: 'reset', messages: [] });
    const sent = await postJson(`${sandbox.telegram.apiRoot}/bot${alerts.token}/sendMessage`, {
      chat_id: 100014,
      text: '⚠️ <b>Stok habis</b>: Netflix',
      parse_mode: 'HTML',
    });
    expect(sent.status).toBe(200);
    expect(await events.next()).toEqual({
      type: 'message',
      message: {
        id: 1,
        from: 'bot',
        nodes: [{ text: '⚠️ ' }, { tag: 'b', children: [{ text: 'Stok habis' }] }, { text: ': Netflix' }],
        edited: false,
        buttons: [],
      },
    });
    controller.abort();
  });
});

describe.skipIf(!HAS_CHROMIUM)(
  `web chat in Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} is missing; install it with apt-get install chromium)`}`,
  () => {
    let profile: string;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'bao-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(WAIT.timeout);
    });

    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('buys an item: catalog buttons, an edit in place, the QRIS photo, 💳 Bayar, the delivered item', async () => {
      await page.goto(`${chatUrl}?persona=buyer`);
      await send(page, '/start');
      const streaming = inlineButton(page, /Streaming/);
      await streaming.waitFor();
      const menu = streaming.locator('xpath=ancestor::li[@data-testid="message"]');
      const menuId = await menu.getAttribute('data-message-id');
      const messagesBefore = await page.getByTestId('message').count();
      await streaming.click();

      // The catalog answers by editing the menu message: same element, new content.
      const edited = page.locator(`[data-testid="message"][data-message-id="${menuId}"]`);
      await edited
        .getByTestId('inline-button')
        .filter({ hasText: /Netflix/ })
        .waitFor();
      expect(await edited.count()).toBe(1);
      expect(await edited.getAttribute('data-edited')).toBe('true');
      expect(await edited.getAttribute('data-from')).toBe('bot');
      expect(await page.getByTestId('message').count()).toBe(messagesBefore);
      await page.screenshot({ path: join(ARTIFACTS, 'web-chat-edited.png') });

      for (const label of [/Netflix/, /Tambah/, /Keranjang/, /Checkout QRIS/]) {
        await page.waitForTimeout(PACE_MS);
        await inlineButton(page, label).click();
      }
      const qr = page.locator('[data-testid="message"][data-from="bot"] img.photo').last();
      await qr.waitFor();
      // The QR code really loaded from the emulator's file store (browser-side expression).
      await page.waitForFunction(
        "[...document.querySelectorAll('img.photo')].some((img) => img.naturalWidth > 0)",
      );

      // The inspector beside the chat, on the order now awaiting payment.
      const open = sandbox.pakasir.transactions().find((transaction) => transaction.status === 'pending');
      expect(open).toBeDefined();
      const orderId = open?.orderId ?? '';
      const inspector = await context.newPage();
      inspector.setDefaultTimeout(WAIT.timeout);
      await inspector.goto(`${sandbox.app.url}/inspect?kind=order`);
      await inspector.locator(`[data-testid="actor-row"][data-id="${orderId}"] a`).click();
      await inspector.waitForSelector('[data-testid="current-state"][data-state="awaitingPayment"]');

      await page.getByTestId('pay').click();
      const delivered = page.getByTestId('message').filter({ hasText: 'demo.netflix' });
      await delivered.first().waitFor();
      expect(await delivered.first().getAttribute('data-from')).toBe('bot');
      await delivered.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'web-chat-purchase.png'), fullPage: true });

      // Live: the open inspector page follows the order to its final state without a reload.
      await inspector.waitForSelector('[data-testid="current-state"][data-state="completed"]');
      await inspector.screenshot({ path: join(ARTIFACTS, 'inspector-live-completed.png') });
      // Time travel back to the entry where the order awaited its payment.
      await inspector
        .locator('[data-testid="journal-entry"][data-state-after="awaitingPayment"] a[data-travel]')
        .first()
        .click();
      await inspector.waitForSelector('[data-testid="current-state"][data-state="awaitingPayment"]');
      await inspector.screenshot({ path: join(ARTIFACTS, 'inspector-time-travel-awaiting-payment.png') });
      await inspector.close();

      const paid = sandbox.pakasir.transactions().find((transaction) => transaction.orderId === orderId);
      expect(paid?.status).toBe('completed');
    });

    it('shows the user text as typed, never as markup', async () => {
      await page.goto(`${chatUrl}?persona=buyer`);
      const typed = '<img src=x onerror="document.body.dataset.owned=1"> <b>tebal</b>';
      await send(page, typed);
      const mine = page
        .locator('[data-testid="message"][data-from="user"]')
        .filter({ hasText: '<b>tebal</b>' });
      await mine.waitFor();
      expect(await mine.locator('img, b').count()).toBe(0);
      expect(await page.evaluate('document.body.dataset.owned')).toBeUndefined();
      // Bot HTML becomes real elements: the welcome is formatted.
      expect(await page.locator('[data-testid="message"][data-from="bot"] .text b').count()).toBeGreaterThan(
        0,
      );
    });

    it("keeps a second persona's chat separate", async () => {
      await page.goto(`${chatUrl}?persona=buyer`);
      await page.getByTestId('message').filter({ hasText: 'demo.netflix' }).first().waitFor();
      await page.getByTestId('persona').selectOption('buyer2');
      await page.waitForURL(/persona=buyer2/);
      await send(page, '/start');
      await inlineButton(page, /Streaming/).waitFor();
      expect(await page.getByTestId('message').filter({ hasText: 'demo.netflix' }).count()).toBe(0);
      expect(await page.getByTestId('message').filter({ hasText: '<b>tebal</b>' }).count()).toBe(0);
      // The reply keyboard sends its label as the persona's text.
      const replyKey = page.getByTestId('reply-button').first();
      await replyKey.waitFor();
      const label = (await replyKey.textContent()) ?? '';
      const sent = await page.locator('[data-testid="message"][data-from="user"]').count();
      await replyKey.click();
      await page
        .locator('[data-testid="message"][data-from="user"]')
        .nth(sent)
        .filter({ hasText: label })
        .waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'web-chat-second-buyer.png'), fullPage: true });

      const buyerChat = sandbox.telegram.chat(SANDBOX_BOT_TOKEN, 100001).transcript();
      const secondChat = sandbox.telegram.chat(SANDBOX_BOT_TOKEN, 100012).transcript();
      expect(buyerChat).toContain('demo.netflix');
      expect(secondChat).not.toContain('demo.netflix');
    });
  },
);

function inlineButton(page: Page, label: RegExp): Locator {
  return page.getByTestId('inline-button').filter({ hasText: label }).last();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Reads `data:` events off a server-sent event stream, one at a time. */
function readEvents(response: Response): { next(): Promise<unknown> } {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = chunk
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data !== '') return JSON.parse(data);
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}
