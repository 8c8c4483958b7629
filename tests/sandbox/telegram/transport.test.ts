import { type Api, InputFile, InputMediaBuilder } from 'grammy';
import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimUser,
  samplePng,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../../src/sandbox/telegram/index.ts';
import { apiFor, rawCall } from './helpers.ts';

const TOKEN = '7500001:transport-token';

async function download(emulator: TelegramEmulator, token: string, fileId: string): Promise<Buffer> {
  const file = await apiFor(emulator, token).getFile(fileId);
  const response = await fetch(`${emulator.apiRoot}/file/bot${token}/${file.file_path}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('request encodings and files', () => {
  let emulator: TelegramEmulator;
  let api: Api;
  let user: SimUser;

  beforeAll(async () => {
    emulator = await startTelegramEmulator({ bots: [{ token: TOKEN, username: 'toko_bot' }] });
    api = apiFor(emulator, TOKEN);
    user = emulator.user({ id: 901, firstName: 'Wati' }, TOKEN);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('accepts GET with a query string and case-insensitive method names', async () => {
    const { status, body } = await rawCall(emulator, TOKEN, `sendmessage?chat_id=${user.id}&text=lewat+GET`);
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      text: 'lewat GET',
      from: { id: 7500001, is_bot: true, username: 'toko_bot' },
    });
    expect((await rawCall(emulator, TOKEN, 'getMe')).body.result).toMatchObject({
      id: 7500001,
      is_bot: true,
    });
  });

  it('accepts urlencoded forms whose objects are JSON strings', async () => {
    const form = new URLSearchParams({
      chat_id: String(user.id),
      text: '<i>form</i>',
      parse_mode: 'HTML',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] }),
    });
    const { body } = await rawCall(emulator, TOKEN, 'sendMessage', { method: 'POST', body: form });
    const message = body.result as Message;
    expect(message).toMatchObject({ text: 'form', entities: [{ type: 'italic', offset: 0, length: 4 }] });
    expect(message.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
  });

  it('builds real message objects with increasing ids per chat and unix dates', async () => {
    const first = await api.sendMessage(user.id, 'a');
    const second = await api.sendMessage(user.id, 'b');
    expect(second.message_id).toBe(first.message_id + 1);
    expect(Math.abs(first.date - Date.now() / 1000)).toBeLessThan(5);
    expect(first.chat).toEqual({ id: 901, type: 'private', first_name: 'Wati' });
    const reply = await api.sendMessage(user.id, 'balas', {
      reply_parameters: { message_id: first.message_id },
    });
    expect(reply.reply_to_message?.text).toBe('a');
  });

  it('stores a document uploaded through grammY multipart and serves identical bytes', async () => {
    const bytes = Buffer.from('kode voucher: ABC-123\n');
    const sent = await api.sendDocument(user.id, new InputFile(bytes, 'voucher.txt'), {
      caption: '<b>Voucher</b> kamu',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Sudah', callback_data: 'done' }]] },
    });
    expect(sent.document).toMatchObject({
      file_name: 'voucher.txt',
      mime_type: 'text/plain',
      file_size: bytes.length,
    });
    expect(sent.caption).toBe('Voucher kamu');
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('Sudah');
    expect((await download(emulator, TOKEN, sent.document?.file_id ?? '')).equals(bytes)).toBe(true);
    const again = await api.sendDocument(user.id, sent.document?.file_id ?? '');
    expect(again.document?.file_id).toBe(sent.document?.file_id);
  });

  it('resolves attach:// references inside JSON fields (editMessageMedia, sendMediaGroup)', async () => {
    const original = await api.sendPhoto(user.id, new InputFile(samplePng(200, 100), 'a.png'));
    expect(original.photo?.map((size) => [size.width, size.height])).toEqual([
      [90, 45],
      [200, 100],
    ]);
    const replacement = samplePng(64, 64, [1, 2, 3]);
    const edited = await api.editMessageMedia(
      user.id,
      original.message_id,
      InputMediaBuilder.photo(new InputFile(replacement, 'b.png'), { caption: 'baru' }),
    );
    expect(edited !== true && edited.photo?.at(-1)).toMatchObject({ width: 64, height: 64 });
    const largest = edited !== true ? edited.photo?.at(-1)?.file_id : undefined;
    expect((await download(emulator, TOKEN, largest ?? '')).equals(replacement)).toBe(true);

    const album: Message[] = await api.sendMediaGroup(user.id, [
      InputMediaBuilder.document(new InputFile(Buffer.from('a,b\n'), 'stok.csv')),
      InputMediaBuilder.document(new InputFile(Buffer.from('%PDF-1.4'), 'struk.pdf'), { caption: 'struk' }),
    ]);
    expect(album).toHaveLength(2);
    expect(album[0]?.media_group_id).toBeDefined();
    expect(album[0]?.media_group_id).toBe(album[1]?.media_group_id);
    expect(album[0]?.document).toMatchObject({ file_name: 'stok.csv', mime_type: 'text/csv' });
    expect(album[1]).toMatchObject({
      caption: 'struk',
      document: { file_name: 'struk.pdf', mime_type: 'application/pdf' },
    });
    const mixed = [
      InputMediaBuilder.photo(new InputFile(samplePng(5, 5), 'x.png')),
      InputMediaBuilder.document(new InputFile(Buffer.from('x'), 'x.txt')),
    ];
    await expect(api.sendMediaGroup(user.id, mixed as never)).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: documents can't be mixed with other media types",
    });
  });

  it('sends a photo again by file_id, and refuses a file of another kind', async () => {
    const proof = samplePng(30, 30);
    const fromUser = user.sendPhoto(proof, 'bukti');
    const fileId = fromUser.photo?.at(-1)?.file_id ?? '';
    const resent = await api.sendPhoto(user.id, fileId, { caption: 'diteruskan' });
    expect(resent.photo).toEqual(fromUser.photo);
    await expect(api.sendDocument(user.id, fileId)).rejects.toMatchObject({
      error_code: 400,
      description: "Bad Request: can't use file of type Photo as Document",
    });
    await expect(
      api.sendPhoto(user.id, new InputFile(Buffer.from('bukan gambar'), 'x.jpg')),
    ).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: IMAGE_PROCESS_FAILED',
    });
  });

  it('answers 404 for unknown file paths and for paths outside the API', async () => {
    expect((await fetch(`${emulator.apiRoot}/file/bot${TOKEN}/photos/nothing.jpg`)).status).toBe(404);
    const response = await fetch(`${emulator.apiRoot}/elsewhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('stores commands per scope and language', async () => {
    await api.setMyCommands([{ command: 'start', description: 'Mulai' }]);
    await api.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'en' });
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Mulai' }]);
    expect(emulator.commands(TOKEN, { languageCode: 'en' })).toEqual([
      { command: 'start', description: 'Start' },
    ]);
    await expect(api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
  });
});
