import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../src/bot/i18n.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { html, placeholdersIn } from '../../src/messages/fill.ts';
import { Messages, type RenderFallback } from '../../src/messages/messages.ts';
import { specOf, TEMPLATE_KEYS } from '../../src/messages/registry.ts';
import { listTemplateVersions } from '../../src/messages/store.ts';
import { validateTemplate } from '../../src/messages/validate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { silentLogger } from '../support/runtime.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const paidValues = { order_id: 'INV1' };

describe('template registry and defaults', () => {
  it.each(TEMPLATE_KEYS.flatMap((key) => (['id', 'en'] as const).map((locale) => [key, locale] as const)))(
    '%s (%s): the default passes the checks overrides must pass',
    (key, locale) => {
      const body = texts(locale).templates[key];
      expect(validateTemplate(key, body)).toEqual([]);
      for (const name of placeholdersIn(body)) expect(Object.keys(specOf(key).placeholders)).toContain(name);
    },
  );
});

describe('validating an override', () => {
  it('refuses an unknown placeholder and lists the allowed ones', () => {
    expect(validateTemplate('welcome', 'Halo {nama}, saldo {saldo_kamu}')).toEqual([
      {
        kind: 'unknown_placeholder',
        names: ['saldo_kamu'],
        allowed: ['nama', 'store_name', 'total_users', 'total_produk', 'total_transaksi'],
      },
    ]);
  });

  it('refuses a body without a required placeholder', () => {
    expect(validateTemplate('order_paid', '✅ Pembayaran diterima!')).toEqual([
      { kind: 'missing_placeholder', names: ['order_id'] },
    ]);
  });

  it('refuses HTML that Telegram would not parse', () => {
    expect(validateTemplate('welcome', '<b>Halo {nama}')).toEqual([
      { kind: 'html', detail: 'Can\'t find end tag corresponding to start tag "b"' },
    ]);
    expect(validateTemplate('welcome', 'Halo <blink>{nama}</blink>')[0]).toMatchObject({ kind: 'html' });
    expect(validateTemplate('welcome', 'Beli & bayar {nama}')[0]).toMatchObject({ kind: 'html' });
  });

  it('refuses an empty body and one longer than Telegram takes', () => {
    expect(validateTemplate('welcome', '  ')).toEqual([{ kind: 'empty' }]);
    expect(validateTemplate('order_paid', `{order_id} ${'x'.repeat(1_100)}`)[0]).toMatchObject({
      kind: 'too_long',
      max: 1024,
    });
  });
});

describe('overrides at runtime', () => {
  it('saves versions, renders the live one, rolls back to an older version and to the default', async () => {
    const messages = new Messages({ db: handle.db, logger: silentLogger });
    const refused = await messages.save({
      key: 'order_paid',
      locale: 'id',
      body: 'Lunas {order_id} {kode}',
      author: 1,
    });
    expect(refused).toMatchObject({ ok: false, problems: [{ kind: 'unknown_placeholder' }] });

    const v1 = await messages.save({
      key: 'order_paid',
      locale: 'id',
      body: 'Lunas v1 {order_id}',
      author: 1,
    });
    const v2 = await messages.save({
      key: 'order_paid',
      locale: 'id',
      body: 'Lunas v2 {order_id}',
      author: 2,
    });
    expect([v1, v2]).toEqual([
      { ok: true, version: 1 },
      { ok: true, version: 2 },
    ]);
    expect(await messages.render('order_paid', 'id', paidValues)).toBe('Lunas v2 INV1');
    // Other locales keep their default.
    expect(await messages.render('order_paid', 'en', paidValues)).toContain('Payment for <code>INV1</code>');

    expect(await messages.activate({ key: 'order_paid', locale: 'id', version: 1, author: 1 })).toEqual({
      ok: true,
    });
    expect(await messages.render('order_paid', 'id', paidValues)).toBe('Lunas v1 INV1');
    const versions = await listTemplateVersions(handle.db, 'order_paid', 'id');
    expect(versions.map((v) => [v.version, v.active, v.author])).toEqual([
      [2, false, 2],
      [1, true, 1],
    ]);

    expect(await messages.activate({ key: 'order_paid', locale: 'id', version: 9, author: 1 })).toEqual({
      ok: false,
      reason: 'unknown_version',
    });
    expect(await messages.activate({ key: 'order_paid', locale: 'id', version: null, author: 1 })).toEqual({
      ok: true,
    });
    expect(await messages.render('order_paid', 'id', paidValues)).toBe(
      '✅ Pembayaran <code>INV1</code> diterima! Produk sedang dikirim... 🚀',
    );
  });

  it('escapes values and keeps the shop’s own HTML fragments', async () => {
    const messages = new Messages({ db: handle.db, logger: silentLogger });
    const text = await messages.render('admin_order_paid', 'id', {
      order_id: '<i>x</i>',
      pembeli: html('Budi (<code>1</code>)'),
      produk: html('• <b>Netflix</b>'),
      metode: 'QRIS',
      total: 'Rp 25.000',
      tanggal: '1 Des 2026',
    });
    expect(text).toContain('<code>&lt;i&gt;x&lt;/i&gt;</code>');
    expect(text).toContain('• <b>Netflix</b>');
  });

  it('another process sees a change on its next check', async () => {
    const writer = new Messages({ db: handle.db, logger: silentLogger });
    const reader = new Messages({ db: handle.db, logger: silentLogger, refreshEveryMs: 0 });
    const cached = new Messages({ db: handle.db, logger: silentLogger, refreshEveryMs: 3_600_000 });
    const values = { store_name: 'Toko' };
    const before = await reader.render('help', 'id', values);
    expect(await cached.render('help', 'id', values)).toBe(before);
    await writer.save({ key: 'help', locale: 'id', body: 'Bantuan baru {store_name}', author: null });
    expect(await reader.render('help', 'id', values)).toBe('Bantuan baru Toko');
    // Within its refresh interval a process serves what it cached (no query per message).
    expect(await cached.render('help', 'id', values)).toBe(before);
    cached.invalidate();
    expect(await cached.render('help', 'id', values)).toBe('Bantuan baru Toko');
    await writer.activate({ key: 'help', locale: 'id', version: null, author: null });
  });

  it('falls back to the default and logs when a stored override cannot be rendered', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const fallbacks: RenderFallback[] = [];
    const messages = new Messages({
      db: handle.db,
      logger,
      refreshEveryMs: 0,
      onFallback: (f) => fallbacks.push(f),
    });
    // A body saved before its placeholder was retired: the checks never saw it this way.
    await handle.db
      .insertInto('message_template_versions')
      .values({ key: 'order_paid', locale: 'en', version: 1, body: 'Paid {order_id} {old_code}', author: 7 })
      .execute();
    await sql`
      INSERT INTO message_templates (key, locale, active_version) VALUES ('order_paid', 'en', 1)`.execute(
      handle.db,
    );

    const text = await messages.render('order_paid', 'en', paidValues);
    expect(await messages.render('order_paid', 'en', paidValues)).toBe(text);
    expect(text).toBe('✅ Payment for <code>INV1</code> received! Sending your item... 🚀');
    expect(fallbacks).toEqual([
      { key: 'order_paid', locale: 'en', version: 1, error: 'no value for placeholder {old_code}' },
    ]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 50,
        key: 'order_paid',
        locale: 'en',
        version: 1,
        msg: 'template override failed to render; sent the default',
      }),
    );
    expect(
      logged.filter((l) => l.msg === 'template override failed to render; sent the default'),
    ).toHaveLength(1);
    // Rolling back to it now is refused: it no longer passes the checks.
    expect(await messages.activate({ key: 'order_paid', locale: 'en', version: 1, author: 1 })).toMatchObject(
      {
        ok: false,
        reason: 'invalid',
      },
    );
  });
});
