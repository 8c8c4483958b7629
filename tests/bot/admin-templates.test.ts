import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.ts';
import { createAuditLog } from '../../src/infra/audit.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, type Harness, pressAndAnswer, pressData, STORE_NAME, startHarness } from './harness.ts';

const TOKEN = '7200040:admin-templates-bot-token-for-tests';
const OWNER_ID = 9002;
const FAST = { capacity: 10_000, refillPerSecond: 10_000 };
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4d60000000049454e44ae426082',
  'hex',
);
const DEFAULT_WELCOME = `Halo, Rina! Selamat datang di ${STORE_NAME}`;

describe('message templates from the admin menu', () => {
  let h: Harness;
  let bot: Bot<BotContext>;
  let owner: SimUser;
  let admin: SimUser;
  let buyer: SimUser;
  let logDir: string;

  const versions = () =>
    h.deps.db
      .selectFrom('message_template_versions')
      .select(['version', 'body', 'author', 'photo_file_id'])
      .where('key', '=', 'welcome')
      .orderBy('version')
      .execute();
  const audit = async () =>
    (
      await h.deps.db
        .selectFrom('admin_audit')
        .select(['action', 'target', 'admin_id'])
        .orderBy('id')
        .execute()
    ).map((r) => `${r.action} ${r.target} by ${r.admin_id}`);

  /** /start as the buyer; the welcome (the message with the category buttons). */
  async function start() {
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor((e) => e.kind === 'message' && e.buttons.length > 0);
    await buyer.waitFor('Menu utama');
    return welcome;
  }

  async function openWelcome(user: SimUser) {
    user.sendCommand('/admin');
    await user.waitFor('Panel Admin');
    user.press('🛠 Template');
    await user.waitFor('Template pesan');
    user.press(/Sapaan \/start/);
    return user.waitFor('Placeholder yang boleh dipakai');
  }

  async function edit(body: string) {
    await openWelcome(owner);
    owner.press('✏️ Ubah');
    await owner.waitFor('Ubah 👋 Sapaan /start');
    owner.sendText(body);
  }

  beforeAll(async () => {
    h = await startHarness({ TELEGRAM_OWNER_IDS: String(OWNER_ID) });
    logDir = mkdtempSync(join(tmpdir(), 'admin-templates-'));
    h.deps.audit = createAuditLog({ dir: logDir, timeZone: 'Asia/Jakarta', retentionDays: 7, secrets: [] });
    bot = await h.startBot(TOKEN, FAST);
    owner = h.user(TOKEN, OWNER_ID, 'Pemilik');
    admin = h.user(TOKEN, ADMIN_ID, 'Admin');
    buyer = h.user(TOKEN, 631, 'Rina');
  });

  afterAll(async () => {
    h?.deps.audit.close();
    await h?.stop();
  });

  it('lists every template and previews one with the registry’s sample values', async () => {
    owner.sendCommand('/admin');
    await owner.waitFor('Panel Admin');
    owner.press('🛠 Template');
    const list = await owner.waitFor('Template pesan');
    expect(list.buttons.flat()).toEqual(
      expect.arrayContaining([
        '👋 Sapaan /start · default',
        '❓ Bantuan & cara order · default',
        '✅ Pembayaran diterima · default',
        '📜 Pesan SNK · default',
      ]),
    );
    owner.press(/Pesan SNK/);
    const screen = await owner.waitFor('Placeholder yang boleh dipakai');
    expect(screen.text).toContain('{produk} (wajib) — contoh: Netflix Premium 1 Bulan');
    expect(screen.text).toContain('{order_id} — contoh: INV261201K7Q2MX');
    owner.press('👁 Pratinjau');
    await owner.waitFor('Pratinjau 📜 Pesan SNK');
    const preview = await owner.waitFor('Syarat & Ketentuan Netflix Premium 1 Bulan');
    expect(preview.text).toContain('1. Jangan ubah PIN profil.');
    expect(preview.text).toContain('Halo Budi');
  });

  it('an owner edits the welcome: an unknown placeholder is refused with the allowed list', async () => {
    expect((await start()).text).toContain(DEFAULT_WELCOME);
    await edit('Halo {nama}, saldo kamu {saldo}');
    const refused = await owner.waitFor('Belum sesuai');
    expect(refused.text).toContain(
      'placeholder tidak dikenal: {saldo}. Yang boleh: {nama}, {store_name}, {total_users}, {total_produk}, {total_transaksi}',
    );
    owner.sendText('<b>Halo {nama}</i>');
    expect((await owner.waitFor('Belum sesuai')).text).toContain('HTML yang bisa dibaca Telegram');
    expect(await versions()).toEqual([]);

    // A valid text: previewed with the sample values, saved only on ✅ Simpan.
    owner.sendText('🎉 <b>{store_name}</b> menyapa {nama}!');
    await owner.waitFor('Pratinjau (dengan contoh nilai)');
    const draft = await owner.waitFor('Toko Digital menyapa Budi!');
    expect(draft.buttons).toEqual([['✅ Simpan', '❌ Batal']]);
    expect(await versions()).toEqual([]);
    expect((await start()).text).toContain(DEFAULT_WELCOME);

    await pressAndAnswer(owner, '✅ Simpan');
    await owner.waitFor('disimpan sebagai versi 1');
    const notice = await owner.waitFor('Template diubah');
    expect(notice.text).toContain(
      '👋 Sapaan /start (welcome, Indonesia) — versi 1 disimpan oleh Pemilik (9002)',
    );
    expect((await start()).text).toBe(`🎉 ${STORE_NAME} menyapa Rina!`);
  });

  it('a second version, then rollback to the first and to the default, from the history', async () => {
    await edit('Versi dua untuk {nama}');
    await owner.waitFor('Versi dua untuk Budi');
    await pressAndAnswer(owner, '✅ Simpan');
    await owner.waitFor('disimpan sebagai versi 2');
    expect((await start()).text).toBe('Versi dua untuk Rina');

    await openWelcome(owner);
    owner.press('🕘 Riwayat versi');
    const history = await owner.waitFor('Riwayat 👋 Sapaan /start');
    expect(history.text).toContain('2 versi');
    expect(history.text).toMatch(/📌 v2 — .*, oleh 9002/);
    expect(history.text).toMatch(/▫️ v1 — .*, oleh 9002/);
    expect(history.buttons.flat()).toEqual(expect.arrayContaining(['↩️ Pakai v1', '↩️ Kembalikan default']));
    expect(history.buttons.flat()).not.toContain('↩️ Pakai v2');

    await pressAndAnswer(owner, '↩️ Pakai v1');
    await owner.waitFor('kembali ke versi 1');
    expect((await start()).text).toBe(`🎉 ${STORE_NAME} menyapa Rina!`);
    await owner.waitFor('dikembalikan ke versi 1 oleh Pemilik');

    await pressAndAnswer(owner, '↩️ Kembalikan default');
    await owner.waitFor('kembali ke teks bawaan');
    expect((await start()).text).toContain(DEFAULT_WELCOME);
    expect((await versions()).map((v) => [v.version, v.author])).toEqual([
      [1, OWNER_ID],
      [2, OWNER_ID],
    ]);
  });

  it('a photo with a caption becomes the welcome photo; ❌ Batal saves nothing', async () => {
    await edit('ignored');
    await owner.waitFor('Pratinjau (dengan contoh nilai)');
    owner.press('❌ Batal');
    await owner.waitFor('dibatalkan');
    expect(await versions()).toHaveLength(2);

    await openWelcome(owner);
    owner.press('✏️ Ubah');
    await owner.waitFor('foto dengan caption');
    owner.sendPhoto(PNG, `📸 Selamat datang {nama}! ${'x'.repeat(1_100)}`);
    expect((await owner.waitFor('Belum sesuai')).text).toContain('paling panjang 1024 karakter');
    owner.sendPhoto(PNG, '📸 Selamat datang <b>{nama}</b>!');
    const draft = await owner.waitFor((e) => !!e.photo && e.text.includes('Selamat datang Budi'));
    expect(draft.buttons).toEqual([['✅ Simpan', '❌ Batal']]);
    await pressAndAnswer(owner, '✅ Simpan');
    await owner.waitFor('disimpan sebagai versi 3');

    const welcome = await start();
    expect(welcome.photo).toBeDefined();
    expect(welcome.text).toBe('📸 Selamat datang Rina!');
    expect(welcome.buttons.flat().length).toBeGreaterThan(0);
    expect((await versions())[2]?.photo_file_id).toBe(draft.photo?.at(-1)?.file_id);

    // The help / how-to-order message takes a photo the same way; a text-only one does not.
    owner.sendCommand('/admin');
    await owner.waitFor('Panel Admin');
    owner.press('🛠 Template');
    await owner.waitFor('Template pesan');
    owner.press(/Bantuan & cara order/);
    await owner.waitFor('Placeholder yang boleh dipakai');
    owner.press('✏️ Ubah');
    await owner.waitFor('Placeholder (* = wajib): <code>{store_name}</code>'.replace(/<\/?code>/g, ''));
    owner.sendPhoto(PNG, '🧭 Cara order di {store_name}: pilih produk → checkout → bayar QRIS');
    await owner.waitFor((e) => !!e.photo && e.text.includes('Cara order di Toko Digital'));
    await pressAndAnswer(owner, '✅ Simpan');
    await owner.waitFor('disimpan sebagai versi 1');
    buyer.sendCommand('/help');
    const help = await buyer.waitFor((e) => !!e.photo && e.text.includes('Cara order'));
    expect(help.text).toBe(`🧭 Cara order di ${STORE_NAME}: pilih produk → checkout → bayar QRIS`);

    await openWelcome(owner);
    owner.press('✏️ Ubah');
    await owner.waitFor('Ubah 👋 Sapaan /start');
    owner.press('❌ Batal');
    await owner.waitFor('dibatalkan');
    owner.press('⬅️ Daftar template');
    await owner.waitFor('Template pesan');
    owner.press(/Pesan SNK/);
    await owner.waitFor('Placeholder yang boleh dipakai');
    owner.press('✏️ Ubah');
    await owner.waitFor('(* = wajib): {produk}*, {order_id}, {nama}, {snk}*');
    owner.sendPhoto(PNG, '{produk} {snk}');
    expect((await owner.waitFor('Belum sesuai')).text).toContain('template ini hanya teks, tanpa foto');
    owner.sendText('❌ Batal');
    await owner.waitFor('dibatalkan');
  });

  it('an admin who is not an owner previews only: no edit buttons, crafted ones refused', async () => {
    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🛠 Template');
    expect((await admin.waitFor('Template pesan')).text).toContain('hanya bisa oleh owner');
    admin.press(/Sapaan \/start/);
    const screen = await admin.waitFor('Placeholder yang boleh dipakai');
    expect(screen.text).toContain('Aktif: versi 3 🖼 dengan foto');
    const labels = screen.buttons.flat();
    expect(labels).toContain('👁 Pratinjau');
    expect(labels).not.toContain('✏️ Ubah');
    expect(labels).not.toContain('🕘 Riwayat versi');
    expect(labels).not.toContain('↩️ Kembalikan default');
    admin.press('👁 Pratinjau');
    await admin.waitFor((e) => !!e.photo && e.text.includes('Selamat datang Budi'));

    for (const data of [
      'admin:tpl:ed:welcome:id',
      'admin:tpl:sv:welcome:id',
      'admin:tpl:h:welcome:id:1',
      'admin:tpl:rb:welcome:id:0',
      'admin:tpl:rb:welcome:id:1',
    ]) {
      const answer = await pressData(bot, admin, data);
      expect(answer.text).toBe('⛔ Hanya owner yang bisa mengubah template.');
    }
    expect(await versions()).toHaveLength(3);
    expect((await start()).text).toBe('📸 Selamat datang Rina!');
  });

  it('audits every change, in the table and the audit log', async () => {
    const target = 'template:welcome:id';
    expect(await audit()).toEqual([
      `template.save ${target} by ${OWNER_ID}`,
      `template.save ${target} by ${OWNER_ID}`,
      `template.rollback ${target} by ${OWNER_ID}`,
      `template.rollback ${target} by ${OWNER_ID}`,
      `template.save ${target} by ${OWNER_ID}`,
      `template.save template:help:id by ${OWNER_ID}`,
    ]);
    await eventually(() => {
      const lines = readdirSync(join(logDir, 'audit')).flatMap((file) =>
        readFileSync(join(logDir, 'audit', file), 'utf8')
          .split('\n')
          .filter(Boolean),
      );
      expect(lines.filter((l) => l.includes('admin.template.save'))).toHaveLength(4);
      expect(lines.filter((l) => l.includes('admin.template.rollback'))).toHaveLength(2);
    });
  });
});
