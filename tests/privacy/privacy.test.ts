import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserExport } from '../../src/privacy/export.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { buyAndReceive } from '../alerts/purchase.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

const OWNER_TOKEN = '7000000004:AAH-test-token-for-the-owner-bot-0004';
const OWNER_ID = 9300;

let shop: Shop;
let owner: SimUser;

beforeAll(async () => {
  // Debug level: even the chattiest lines must hold an id at most.
  shop = await startShop({
    env: { OWNER_BOT_TOKEN: OWNER_TOKEN, TELEGRAM_OWNER_IDS: String(OWNER_ID), LOG_LEVEL: 'debug' },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner', languageCode: 'en' }, OWNER_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
});

/** A buyer with a name, a username, a delivered order and a cart in progress. */
async function buyerWithHistory(id: number, firstName: string, username: string): Promise<string> {
  const buyer = shop.telegram.user({ id, firstName, username, languageCode: 'id' }, shop.app.bot.token);
  buyer.sendCommand('/start');
  await buyer.nextMessage({ timeout: 15_000 });
  const orderId = await buyAndReceive(shop, buyer, 'SPOTIFY-1B');
  const product = await getProduct(shop.app.db, 'NETFLIX-1B');
  await shop.app.runtime.send('checkout', String(id), { type: 'ADD', productId: product!.id, quantity: 1 });
  return orderId;
}

/** Downloads a document the owner bot sent, through the Bot API file endpoint. */
async function download(fileId: string): Promise<string> {
  const api = shop.telegram.apiRoot;
  const file = (await (await fetch(`${api}/bot${OWNER_TOKEN}/getFile?file_id=${fileId}`)).json()) as {
    result: { file_path: string };
  };
  return (await fetch(`${api}/file/bot${OWNER_TOKEN}/${file.result.file_path}`)).text();
}

function auditEvents(): { event: string; userId?: number }[] {
  const dir = join(shop.logDir, 'audit');
  return readdirSync(dir).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
  );
}

function cli(args: string[]) {
  const env = {
    ...process.env,
    DATABASE_URL: shop.app.config.DATABASE_URL,
    LOG_DIR: shop.logDir,
    DATA_DIR: shop.app.config.DATA_DIR,
    TELEGRAM_BOT_TOKEN: '',
  } as NodeJS.ProcessEnv;
  const result = spawnSync('npm', ['run', '--silent', 'privacy', '--', ...args], { env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('privacy through the owner bot', () => {
  it('/export_user sends one JSON document with profile, orders, ledger, deposits and delivery metadata', async () => {
    const orderId = await buyerWithHistory(4501, 'Rahasia', 'rahasia_buyer');
    owner.sendCommand('/export_user', '4501');
    const sent = await owner.waitFor((e) => e.document !== undefined, { timeout: 15_000 });
    expect(sent.document?.file_name).toBe('user-4501.json');
    const data = JSON.parse(await download(sent.document!.file_id)) as UserExport;
    expect(data.user).toMatchObject({ id: 4501, first_name: 'Rahasia', username: 'rahasia_buyer' });
    expect(data.orders.map((o) => o.id)).toEqual([orderId]);
    expect(data.deliveries).toEqual([expect.objectContaining({ order_id: orderId, status: 'sent' })]);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['ledger', 'deposits', 'payments', 'deliveries', 'voucherRedemptions']),
    );
    // Never what was delivered: no stock item's content anywhere in the document.
    const items = await shop.app.db
      .selectFrom('stock_items')
      .select('content_enc')
      .where('order_id', '=', orderId)
      .execute();
    expect(items.length).toBe(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain(items[0]!.content_enc);
    expect(text).not.toContain('content');
    expect(auditEvents()).toContainEqual(
      expect.objectContaining({ event: 'privacy.exported', userId: 4501 }),
    );
  });

  it('/erase_user asks first, then erases the person and keeps the anonymised books', async () => {
    const orderId = (await shop.app.db
      .selectFrom('orders')
      .select('id')
      .where('user_id', '=', 4501)
      .executeTakeFirst())!.id;
    owner.sendCommand('/erase_user', '4501');
    await owner.waitFor(/Erase the personal data of user 4501/, { timeout: 15_000 });
    expect(
      (await shop.app.db.selectFrom('users').select('first_name').where('id', '=', 4501).executeTakeFirst())
        ?.first_name,
    ).toBe('Rahasia');
    owner.press('🗑️ Yes, erase');
    await owner.waitFor(/personal data of user 4501 is erased/, { timeout: 15_000 });
    const user = await shop.app.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', 4501)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ first_name: '', last_name: null, username: null, language_code: null });
    expect(user.erased_at).not.toBeNull();
    const order = await shop.app.db
      .selectFrom('orders')
      .select(['id', 'total'])
      .where('id', '=', orderId)
      .executeTakeFirst();
    expect(order?.id).toBe(orderId);
    const cart = await shop.app.db
      .selectFrom('actors')
      .select('id')
      .where('kind', '=', 'checkout')
      .where('id', '=', '4501')
      .execute();
    expect(cart).toEqual([]);
    const journal = await shop.app.db
      .selectFrom('actor_journal')
      .select('actor_id')
      .where('kind', '=', 'checkout')
      .where('actor_id', '=', '4501')
      .execute();
    expect(journal).toEqual([]);
    expect(auditEvents()).toContainEqual(expect.objectContaining({ event: 'privacy.erased', userId: 4501 }));
  });

  it('cancel erases nothing; a bad id gets the usage line', async () => {
    await buyerWithHistory(4502, 'Tetap', 'tetap_ada');
    owner.sendCommand('/erase_user', '4502');
    await owner.waitFor(/Erase the personal data of user 4502/, { timeout: 15_000 });
    owner.press('✖️ Cancel');
    await owner.waitFor(/nothing erased/, { timeout: 15_000 });
    expect(
      (await shop.app.db.selectFrom('users').select('username').where('id', '=', 4502).executeTakeFirst())
        ?.username,
    ).toBe('tetap_ada');
    owner.sendCommand('/export_user', 'abc');
    await owner.waitFor(/Usage: \/export_user/, { timeout: 15_000 });
    owner.sendCommand('/export_user', '777777');
    await owner.waitFor(/No user 777777/, { timeout: 15_000 });
  });
});

describe('npm run privacy', () => {
  it('exports to a private file and erases with --yes; refuses without it', () => {
    const file = join(shop.logDir, 'export-4502.json');
    const exported = cli(['export', '4502', file]);
    expect(exported.status).toBe(0);
    const data = JSON.parse(readFileSync(file, 'utf8')) as UserExport;
    expect(data.user).toMatchObject({ id: 4502, username: 'tetap_ada' });
    expect(statSync(file).mode & 0o077).toBe(0);

    const refused = cli(['erase', '4502']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('add --yes');
    const erased = cli(['erase', '4502', '--yes']);
    expect(erased.status).toBe(0);
    expect(erased.stdout).toMatch(/Erased the personal data of user 4502; kept 1 orders/);
    const again = JSON.parse(cli(['export', '4502']).stdout) as UserExport;
    expect(again.user).toMatchObject({ username: null, first_name: '' });
    expect(again.orders).toHaveLength(1);

    expect(cli(['export', '999999']).status).toBe(2);
    expect(cli(['wipe', '1']).status).toBe(2);
  });

  it('keeps an id, never a name, in the logs', async () => {
    await eventually(() => {
      const lines = ['bot', 'privacy'].flatMap((service) => {
        const dir = join(shop.logDir, service);
        return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
      });
      expect(lines.length).toBeGreaterThan(20);
      for (const personal of ['Rahasia', 'rahasia_buyer', 'Tetap', 'tetap_ada']) {
        expect(lines.filter((line) => line.includes(personal))).toEqual([]);
      }
    });
  });
});
