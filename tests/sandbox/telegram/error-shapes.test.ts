import { type Api, HttpError, InlineKeyboard } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../../src/sandbox/telegram/index.ts';
import { apiFor, expectGrammyError, jsonBody, rawCall } from './helpers.ts';

const TOKEN = '7300001:error-shapes-token';

describe('Telegram error shapes, as grammY raises them', () => {
  let emulator: TelegramEmulator;
  let api: Api;
  let user: SimUser;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    api = apiFor(emulator, TOKEN);
    user = emulator.user({ id: 701, firstName: 'Tono' }, TOKEN);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('answers with the exact JSON envelope', async () => {
    const { status, body } = await rawCall(
      emulator,
      TOKEN,
      'sendMessage',
      jsonBody({ chat_id: 999, text: 'x' }),
    );
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat not found' });
  });

  it('400 chat not found for a user who never talked to the bot', async () => {
    await expectGrammyError(api.sendMessage(999_999, 'halo'), 400, 'Bad Request: chat not found');
  });

  it('401 Unauthorized for a malformed or revoked token', async () => {
    await expectGrammyError(apiFor(emulator, 'not-a-token').getMe(), 401, 'Unauthorized');
    await expectGrammyError(apiFor(emulator, '7300001:revoked-secret').getMe(), 401, 'Unauthorized');
  });

  it('403 when the user blocked the bot', async () => {
    const blocked = emulator.user({ id: 702, firstName: 'Blok' }, TOKEN);
    emulator.blockUser(blocked.id, { bot: TOKEN });
    await expectGrammyError(
      api.sendMessage(blocked.id, 'promo'),
      403,
      'Forbidden: bot was blocked by the user',
    );
    emulator.unblockUser(blocked.id);
    expect((await api.sendMessage(blocked.id, 'promo')).text).toBe('promo');
  });

  it('429 with parameters.retry_after when rate limits are exceeded', async () => {
    emulator.faults.enableRateLimits({ perChat: { perSecond: 1, burst: 1 } });
    try {
      await api.sendMessage(user.id, 'satu');
      const error = await expectGrammyError(
        api.sendMessage(user.id, 'dua'),
        429,
        'Too Many Requests: retry after 1',
      );
      expect(error.parameters.retry_after).toBe(1);
    } finally {
      emulator.faults.disableRateLimits();
    }
  });

  it('409 when a second getUpdates takes over a long poll', async () => {
    const other = '7300002:conflict-token';
    const first = apiFor(emulator, other).getUpdates({ timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = apiFor(emulator, other).getUpdates({ timeout: 0 });
    await expectGrammyError(
      first,
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    expect(await second).toEqual([]);
  });

  it('400 message is not modified', async () => {
    const keyboard = new InlineKeyboard().text('A', 'a');
    const sent = await api.sendMessage(user.id, 'sama', { reply_markup: keyboard });
    await expectGrammyError(
      api.editMessageText(user.id, sent.message_id, 'sama', { reply_markup: keyboard }),
      400,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    // Dropping the keyboard is a change, as on Telegram.
    const edited = await api.editMessageText(user.id, sent.message_id, 'sama');
    expect(edited).toMatchObject({ text: 'sama' });
    expect(edited !== true && edited.reply_markup).toBeFalsy();
  });

  it('400 message to edit not found / message to delete not found', async () => {
    await expectGrammyError(
      api.editMessageText(user.id, 4242, 'x'),
      400,
      'Bad Request: message to edit not found',
    );
    await expectGrammyError(
      api.deleteMessage(user.id, 4242),
      400,
      'Bad Request: message to delete not found',
    );
    const sent = await api.sendMessage(user.id, 'hapus aku');
    expect(await api.deleteMessage(user.id, sent.message_id)).toBe(true);
    await expectGrammyError(
      api.deleteMessage(user.id, sent.message_id),
      400,
      'Bad Request: message to delete not found',
    );
    await expectGrammyError(
      api.editMessageText(user.id, sent.message_id, 'x'),
      400,
      'Bad Request: message to edit not found',
    );
  });

  it('400 for texts and captions out of bounds', async () => {
    await expectGrammyError(api.sendMessage(user.id, ''), 400, 'Bad Request: message text is empty');
    await expectGrammyError(
      api.sendMessage(user.id, '<b> </b>', { parse_mode: 'HTML' }),
      400,
      'Bad Request: message text is empty',
    );
    await expectGrammyError(
      api.sendMessage(user.id, 'x'.repeat(4097)),
      400,
      'Bad Request: message is too long',
    );
    // The limit counts text after entity parsing: 4096 characters wrapped in tags fit.
    const fits = await api.sendMessage(user.id, `<b>${'y'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(fits.text).toHaveLength(4096);
    const photo = user.sendPhoto(Buffer.from('not really a picture'));
    const fileId = photo.photo?.at(-1)?.file_id ?? '';
    await expectGrammyError(
      api.sendPhoto(user.id, fileId, { caption: 'c'.repeat(1025) }),
      400,
      'Bad Request: message caption is too long',
    );
  });

  it("400 can't parse entities for invalid HTML", async () => {
    const cases: Array<[string, string]> = [
      ['<b>tebal', 'Can\'t find end tag corresponding to start tag "b"'],
      ['<br>baris', 'Unsupported start tag "br" at byte offset 0'],
      ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      ['harga < 10', 'Unsupported start tag "" at byte offset 6'],
      ['Tom & Jerry', 'Unescaped "&" at byte offset 4'],
      ['</b>', 'Unexpected end tag at byte offset 0'],
      ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ];
    for (const [html, detail] of cases) {
      await expectGrammyError(
        api.sendMessage(user.id, html, { parse_mode: 'HTML' }),
        400,
        `Bad Request: can't parse entities: ${detail}`,
      );
    }
  });

  it('400 for invalid buttons and missing parameters', async () => {
    const tooLong = new InlineKeyboard().text('Beli', 'x'.repeat(65));
    await expectGrammyError(
      api.sendMessage(user.id, 'menu', { reply_markup: tooLong }),
      400,
      'Bad Request: BUTTON_DATA_INVALID',
    );
    const { body } = await rawCall(emulator, TOKEN, 'sendMessage', jsonBody({ text: 'tanpa chat' }));
    expect(body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    await expectGrammyError(
      api.raw.sendMessage({ chat_id: user.id } as Parameters<Api['raw']['sendMessage']>[0]),
      400,
      'Bad Request: message text is empty',
    );
    await expectGrammyError(api.answerCallbackQuery('123'), 400, /query is too old/);
    await expectGrammyError(api.getFile('nope'), 400, 'Bad Request: invalid file_id');
  });

  it('injected 500 and 502 failures, and dropped connections', async () => {
    emulator.faults.failNext('sendMessage', { status: 500 });
    emulator.faults.failNext('sendMessage', { status: 502 });
    await expectGrammyError(api.sendMessage(user.id, 'a'), 500, 'Internal Server Error');
    await expectGrammyError(api.sendMessage(user.id, 'b'), 502, 'Bad Gateway');
    emulator.faults.failNext('getMe', { dropConnection: true });
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
    expect((await api.sendMessage(user.id, 'c')).text).toBe('c');
  });

  it('404 Not Found for an unknown method', async () => {
    await expectGrammyError(api.raw.getMyStarBalance(), 404, 'Not Found');
  });
});
