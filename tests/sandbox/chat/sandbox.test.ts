import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainStyle, renderEvent } from '../../../src/sandbox/chat/render.ts';
import { runTerminalChat } from '../../../src/sandbox/chat/terminal-chat.ts';
import {
  SANDBOX_BOT_TOKEN,
  SANDBOX_STORE_NAME,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../../src/sandbox/sandbox.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

const WAIT = { timeout: 20_000 };

describe('sandbox', () => {
  let database: TestDatabase;
  let dir: string;
  let options: SandboxOptions;
  let sandbox: Sandbox | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'bao-sandbox-'));
    options = { dataDir: join(dir, 'data'), logDir: join(dir, 'logs'), databaseUrl: database.url, env: {} };
    sandbox = await startSandbox(options);
  });

  afterAll(async () => {
    await sandbox?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the demo catalog into an empty shop', () => {
    expect(sandbox?.catalog?.products.created).toBeGreaterThan(0);
    expect(sandbox?.catalog?.stock.added).toBeGreaterThan(0);
  });

  it('answers /start with a welcome whose buttons are numbered on screen', async () => {
    const buyer = sandbox!.buyer;
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor((event) => event.buttons.length > 0, WAIT);
    expect(welcome.text).toContain(SANDBOX_STORE_NAME);
    const lines = renderEvent(welcome, {
      botName: SANDBOX_STORE_NAME,
      style: plainStyle,
      numbered: true,
      showReplyKeyboard: true,
    });
    expect(lines[0]).toBe(`🤖 ${SANDBOX_STORE_NAME}`);
    expect(lines.join('\n')).toMatch(/^\[1\] \S/m);
  });

  it('runs the terminal chat through a purchase: numbers press buttons, /pay pays, the item arrives', async () => {
    const telegram = sandbox!.telegram;
    const buyer = telegram.user({ id: 100002, firstName: 'Uji', languageCode: 'id' }, SANDBOX_BOT_TOKEN);
    // A second reader of the same chat: the terminal chat consumes the buyer's own cursor.
    const view = telegram.chat(SANDBOX_BOT_TOKEN, buyer.id);
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
    });
    const chat = runTerminalChat({
      buyer,
      pakasir: sandbox!.pakasir,
      botName: SANDBOX_STORE_NAME,
      input,
      output,
    });

    await until(() => /^\[1\] /m.test(screen));
    expect(screen).toContain('/pay');
    expect(screen).toContain('» /start');
    view.skipPending();
    input.write('1\n'); // the first category of the demo catalog: Streaming
    await view.waitFor(/Netflix/, WAIT);
    expect(screen).toMatch(/» \[.*Streaming.*\]/);

    for (const label of [/Netflix/, /Tambah/, /Keranjang/, /Checkout QRIS/]) {
      // Paced like a person: the bot throttles buyers who press faster than about once a second.
      await sleep(1_100);
      const pressed = buyer.press(label);
      if (pressed.kind === 'callback') await buyer.waitForCallbackAnswer(pressed.callbackQueryId, WAIT);
    }
    await view.waitFor((event) => event.photo !== undefined, WAIT);
    input.write('/pay\n');
    await view.waitFor(/demo\.netflix/, WAIT);
    expect(screen).toMatch(/dibayar \/ paid — order \S+/);
    await until(() => screen.includes('demo.netflix'));

    input.write('/pay\n');
    await until(() => screen.includes('no open invoice'));
    input.write('/quit\n');
    await chat;
  });

  it('keeps the shop and the gateway invoices on a second start, and does not import the catalog again', async () => {
    const invoices = sandbox!.pakasir.transactions().map((txn) => `${txn.orderId}:${txn.status}`);
    expect(invoices.length).toBeGreaterThan(0);
    await sandbox!.stop();
    sandbox = await startSandbox(options);
    expect(sandbox.catalog).toBeUndefined();
    expect(sandbox.pakasir.transactions().map((txn) => `${txn.orderId}:${txn.status}`)).toEqual(invoices);
    sandbox.buyer.sendCommand('/start');
    await sandbox.buyer.waitFor((event) => event.buttons.length > 0, WAIT);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
