import { Bot, InlineKeyboard, InputFile } from 'grammy';
import { expect } from 'vitest';
import { type SimUser, samplePng } from '../../../src/sandbox/telegram/index.ts';

/** The invoice picture the demo bot uploads. */
export const QRIS_PNG = samplePng(40, 30, [0, 0, 0]);

/** A tiny shop bot written against grammY the way the real bot is, to exercise the emulator. */
export function buildDemoShopBot(token: string, apiRoot: string): { bot: Bot; receivedProofs: Buffer[] } {
  const bot = new Bot(token, { client: { apiRoot } });
  const receivedProofs: Buffer[] = [];
  bot.command('start', (ctx) =>
    ctx.reply('<b>Selamat datang</b> di toko &amp; kios!', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Katalog', 'catalog').text('Bantuan', 'help'),
    }),
  );
  bot.callbackQuery('catalog', async (ctx) => {
    await ctx.editMessageText('Katalog: <i>Netflix 1 bulan</i>', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Beli', 'buy'),
    });
    await ctx.answerCallbackQuery({ text: 'Membuka katalog' });
  });
  bot.callbackQuery('buy', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.replyWithPhoto(new InputFile(QRIS_PNG, 'qris.png'), { caption: 'Scan QRIS untuk membayar' });
  });
  bot.on('message:photo', async (ctx) => {
    const file = await ctx.getFile();
    const response = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    receivedProofs.push(bytes);
    await ctx.reply(`Bukti diterima (${bytes.length} byte)`);
  });
  return { bot, receivedProofs };
}

/**
 * The scenario both delivery modes must pass: /start → inline keyboard → press → edit + callback
 * answer → photo uploaded by the bot → photo sent by the user and downloaded by the bot.
 */
export async function runShopScenario(user: SimUser, botId: number, receivedProofs: Buffer[]): Promise<void> {
  user.sendCommand('/start');
  const welcome = await user.nextMessage();
  expect(welcome.kind).toBe('message');
  expect(welcome.text).toBe('Selamat datang di toko & kios!');
  expect(welcome.entities).toEqual([{ type: 'bold', offset: 0, length: 14 }]);
  expect(welcome.buttons).toEqual([['Katalog', 'Bantuan']]);
  expect(welcome.raw.from?.id).toBe(botId);
  expect(welcome.raw.chat).toMatchObject({ id: user.id, type: 'private' });

  const press = user.press('Katalog');
  expect(press.kind).toBe('callback');
  const edit = await user.nextMessage();
  expect(edit).toMatchObject({
    kind: 'edit',
    messageId: welcome.messageId,
    text: 'Katalog: Netflix 1 bulan',
  });
  expect(edit.buttons).toEqual([['Beli']]);
  expect(edit.raw.edit_date).toBeTypeOf('number');
  const answer = await user.waitForCallbackAnswer(
    press.kind === 'callback' ? press.callbackQueryId : undefined,
  );
  expect(answer).toMatchObject({ text: 'Membuka katalog', showAlert: false, data: 'catalog' });

  user.press('Beli');
  const invoice = await user.nextMessage();
  expect(invoice.kind).toBe('message');
  expect(invoice.text).toBe('Scan QRIS untuk membayar');
  expect(invoice.photo?.at(-1)).toMatchObject({ width: 40, height: 30, file_size: QRIS_PNG.length });

  const proof = samplePng(12, 8, [10, 200, 10]);
  user.sendPhoto(proof, 'bukti transfer');
  const receipt = await user.waitFor(/Bukti diterima/);
  expect(receipt.text).toBe(`Bukti diterima (${proof.length} byte)`);
  expect(receivedProofs).toHaveLength(1);
  expect(receivedProofs[0]?.equals(proof)).toBe(true);
}
