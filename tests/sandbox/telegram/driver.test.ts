import { type Api, InlineKeyboard, Keyboard } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../../src/sandbox/telegram/index.ts';
import { apiFor } from './helpers.ts';

const SHOP = '7600001:shop-token';
const ALERTS = '7600002:alert-token';

describe('the test driver', () => {
  let emulator: TelegramEmulator;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTelegramEmulator({
      bots: [{ token: SHOP, username: 'toko_bot', firstName: 'Toko' }],
    });
    api = apiFor(emulator, SHOP);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('creates updates with real shapes and increasing ids', async () => {
    const user = emulator.user({
      id: 1001,
      firstName: 'Budi',
      lastName: 'S',
      username: 'budis',
      languageCode: 'id',
    });
    user.sendCommand('/start', 'ref_42');
    const [update] = await api.getUpdates({ timeout: 0 });
    expect(update?.message).toMatchObject({
      message_id: 1,
      from: {
        id: 1001,
        is_bot: false,
        first_name: 'Budi',
        last_name: 'S',
        username: 'budis',
        language_code: 'id',
      },
      chat: { id: 1001, type: 'private', first_name: 'Budi', last_name: 'S', username: 'budis' },
      text: '/start ref_42',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
    expect(update?.message?.date).toBeTypeOf('number');

    const menu = await api.sendMessage(user.id, 'Menu', {
      reply_markup: new InlineKeyboard().text('Saldo 💰', 'balance'),
    });
    const press = user.press('Saldo', { match: 'substring' });
    const updates = await api.getUpdates({ offset: (update?.update_id ?? 0) + 1, timeout: 0 });
    expect(updates[0]?.update_id).toBe((update?.update_id ?? 0) + 1);
    const query = updates[0]?.callback_query;
    expect(query).toMatchObject({
      from: { id: 1001 },
      data: 'balance',
      message: { message_id: menu.message_id },
    });
    expect(query?.id).toBe(press.kind === 'callback' ? press.callbackQueryId : '');
    expect(query?.chat_instance).toMatch(/^-?\d+$/);
    await api.answerCallbackQuery(query?.id ?? '', { text: 'Saldo: Rp0', show_alert: true });
    expect(user.callbackAnswers()).toMatchObject([{ text: 'Saldo: Rp0', showAlert: true, data: 'balance' }]);
    expect(emulator.callbackAnswers(SHOP)).toHaveLength(1);
    await api.getUpdates({ offset: (updates[0]?.update_id ?? 0) + 1, timeout: 0 });
  });

  it('reads the chat as events, messages and a transcript', async () => {
    const user = emulator.user({ id: 1002, firstName: 'Sari' });
    user.sendText('halo');
    const sent = await api.sendMessage(user.id, '<b>Halo</b> Sari\nbaris dua', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard()
        .text('A', 'a')
        .text('B', 'b')
        .row()
        .url('Situs', 'https://example.com'),
    });
    await api.editMessageReplyMarkup(user.id, sent.message_id);
    await api.deleteMessage(user.id, sent.message_id);

    const message = await user.nextMessage();
    expect(message).toMatchObject({
      kind: 'message',
      text: 'Halo Sari\nbaris dua',
      html: '<b>Halo</b> Sari\nbaris dua',
    });
    expect(message.buttons).toEqual([['A', 'B'], ['Situs']]);
    expect(await user.nextMessage()).toMatchObject({ kind: 'edit', buttons: [] });
    expect(await user.nextMessage()).toMatchObject({ kind: 'delete', messageId: sent.message_id });
    expect(user.lastMessage()).toBeUndefined();
    expect(user.messages().map((entry) => entry.text)).toEqual(['halo']);
    expect(user.transcript()).toBe(
      [
        '> user #1: halo',
        '< bot #2: Halo Sari\n  baris dua\n    [A] [B]\n    [Situs]',
        '< bot edited #2: Halo Sari\n  baris dua',
        '< bot deleted #2',
      ].join('\n'),
    );
  });

  it('rejects a wait on timeout with the transcript, and a press on a missing button', async () => {
    const user = emulator.user({ id: 1003, firstName: 'Tono' });
    user.sendText('ada orang?');
    await expect(user.nextMessage({ timeout: 50 })).rejects.toThrow(
      /Timed out after 50 ms[\s\S]*> user #1: ada orang\?/,
    );
    expect(() => user.press('Tidak Ada')).toThrow(/No button Tidak Ada/);
  });

  it('waits for a matching message, skipping others', async () => {
    const user = emulator.user({ id: 1004, firstName: 'Rina' });
    const waiting = user.waitFor(/Pembayaran diterima/, { timeout: 2_000 });
    await api.sendMessage(user.id, 'Menunggu pembayaran...');
    await api.sendMessage(user.id, 'Pembayaran diterima ✅');
    expect((await waiting).text).toBe('Pembayaran diterima ✅');
    await expect(user.nextMessage({ timeout: 20 })).rejects.toThrow(/Timed out/);
  });

  it('presses reply-keyboard buttons by sending their text', async () => {
    const user = emulator.user({ id: 1005, firstName: 'Dewi' });
    await api.sendMessage(user.id, 'Pilih menu', {
      reply_markup: new Keyboard().text('🛍 Katalog').text('❓ Bantuan').resized(),
    });
    const pressed = user.press('🛍 Katalog');
    expect(pressed).toMatchObject({ kind: 'reply', message: { text: '🛍 Katalog' } });
    expect(user.pressReply(/Bantuan/).text).toBe('❓ Bantuan');
    expect(user.transcript()).toContain('{🛍 Katalog} {❓ Bantuan}');
    await api.sendMessage(user.id, 'Keyboard ditutup', { reply_markup: { remove_keyboard: true } });
    expect(() => user.pressReply('🛍 Katalog')).toThrow(/No reply keyboard button/);
  });

  it('shares users between bots, each bot with its own chat', async () => {
    const owner = emulator.user({ id: 1006, firstName: 'Pemilik' }, SHOP);
    const alerts = owner.via(ALERTS);
    const alertApi = apiFor(emulator, ALERTS);
    const alert = await alertApi.sendMessage(owner.id, '⚠️ Stok habis');
    expect(alert.message_id).toBe(1);
    expect(alert.from?.id).toBe(7600002);
    expect((await alerts.nextMessage()).text).toBe('⚠️ Stok habis');
    expect(owner.messages()).toEqual([]);
    expect(emulator.chat(ALERTS, owner.id).transcript()).toBe('< bot #1: ⚠️ Stok habis');
  });

  it('forwards and copies a user photo to an admin chat', async () => {
    const buyer = emulator.user({ id: 1007, firstName: 'Pembeli' });
    const admin = emulator.user({ id: 1008, firstName: 'Admin' });
    const proof = buyer.sendPhoto(Buffer.from('bytes from a phone'), 'bukti');
    const forwarded = await api.forwardMessage(admin.id, buyer.id, proof.message_id);
    expect(forwarded.forward_origin).toMatchObject({ type: 'user', sender_user: { id: 1007 } });
    expect(forwarded.photo).toEqual(proof.photo);
    const copy = await api.copyMessage(admin.id, buyer.id, proof.message_id, {
      caption: 'Bukti dari Pembeli',
    });
    const copied = admin.messages().find((message) => message.messageId === copy.message_id);
    expect(copied).toMatchObject({ text: 'Bukti dari Pembeli', photo: proof.photo });
    expect(admin.transcript()).toContain('[forwarded]');
  });
});
