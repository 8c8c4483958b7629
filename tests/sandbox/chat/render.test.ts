import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import {
  ansiStyle,
  inlineButtons,
  plainStyle,
  type RenderOptions,
  renderEvent,
  renderReplyKeyboard,
  replyLabels,
} from '../../../src/sandbox/chat/render.ts';
import type { ChatEvent } from '../../../src/sandbox/telegram/index.ts';

function event(fields: Partial<ChatEvent>): ChatEvent {
  return {
    kind: 'message',
    seq: 0,
    at: 0,
    messageId: 7,
    from: 'bot',
    text: '',
    html: '',
    entities: [],
    buttons: [],
    replyMarkup: undefined,
    replyKeyboard: undefined,
    photo: undefined,
    document: undefined,
    sticker: undefined,
    edited: false,
    deleted: false,
    raw: {} as Message,
    ...fields,
  };
}

const options: RenderOptions = {
  botName: 'Toko Demo',
  style: plainStyle,
  numbered: true,
  showReplyKeyboard: true,
};

const productKeyboard = {
  inline_keyboard: [
    [
      { text: '🛒 Tambah', callback_data: 'add:1' },
      { text: '➕', callback_data: 'inc:1' },
    ],
    [{ text: '⬅️ Kembali', callback_data: 'back' }],
  ],
};

const menuKeyboard = {
  keyboard: [[{ text: '🛍️ Katalog' }, { text: '🛒 Keranjang' }], [{ text: '❓ Bantuan' }]],
};

describe('renderEvent', () => {
  it('prints the text and numbers inline buttons across rows', () => {
    const lines = renderEvent(event({ text: 'Netflix\nRp 25.000', replyMarkup: productKeyboard }), options);
    expect(lines).toEqual(['🤖 Toko Demo', 'Netflix', 'Rp 25.000', '[1] 🛒 Tambah  [2] ➕', '[3] ⬅️ Kembali']);
  });

  it('shows bullets instead of numbers when the buttons cannot be pressed by number', () => {
    const lines = renderEvent(event({ text: 'Lama', replyMarkup: productKeyboard }), {
      ...options,
      numbered: false,
    });
    expect(lines).toContain('• 🛒 Tambah  • ➕');
  });

  it('letters the reply keyboard, only when asked', () => {
    const withKeyboard = renderEvent(event({ text: 'Halo', replyKeyboard: menuKeyboard }), options);
    expect(withKeyboard.at(-1)).toBe('(a) 🛍️ Katalog  (b) 🛒 Keranjang  (c) ❓ Bantuan');
    const without = renderEvent(event({ text: 'Halo', replyKeyboard: menuKeyboard }), {
      ...options,
      showReplyKeyboard: false,
    });
    expect(without).toEqual(['🤖 Toko Demo', 'Halo']);
  });

  it('names photos and documents', () => {
    const photo = [{ file_id: 'p', file_unique_id: 'p', width: 512, height: 512 }];
    expect(renderEvent(event({ text: 'Scan QRIS ini', photo }), options)).toContain(
      '[📷 foto: QR pembayaran]',
    );
    expect(renderEvent(event({ text: 'Bukti', photo }), options)).toContain('[📷 foto]');
    const document = { file_id: 'd', file_unique_id: 'd', file_name: 'akun.txt' };
    expect(renderEvent(event({ document }), options)).toEqual(['🤖 Toko Demo', '[📄 file: akun.txt]']);
  });

  it('marks edits and deletions', () => {
    expect(renderEvent(event({ kind: 'edit', text: 'Keranjang' }), options)[0]).toBe(
      '🤖 Toko Demo ✏️ (diubah / edited #7)',
    );
    expect(renderEvent(event({ kind: 'delete' }), options)).toEqual(['🗑️  (pesan #7 dihapus / deleted)']);
  });

  it('shows where link buttons lead', () => {
    const replyMarkup = { inline_keyboard: [[{ text: 'Bayar', url: 'https://pay.example/1' }]] };
    expect(renderEvent(event({ replyMarkup }), options).at(-1)).toBe('[1] Bayar 🔗 https://pay.example/1');
  });

  it('colours only with the ANSI style', () => {
    const coloured = renderEvent(event({ text: 'Halo', replyMarkup: productKeyboard }), {
      ...options,
      style: ansiStyle,
    });
    expect(coloured.join('\n')).toContain('\x1b[33m[1]\x1b[39m');
    expect(renderEvent(event({ text: 'Halo' }), options).join('\n')).not.toContain('\x1b[');
  });
});

describe('keyboard helpers', () => {
  it('lists buttons in the order they are numbered and lettered', () => {
    expect(inlineButtons(productKeyboard.inline_keyboard).map((b) => b.text)).toEqual([
      '🛒 Tambah',
      '➕',
      '⬅️ Kembali',
    ]);
    expect(inlineButtons(undefined)).toEqual([]);
    expect(replyLabels(menuKeyboard)).toEqual(['🛍️ Katalog', '🛒 Keranjang', '❓ Bantuan']);
    expect(renderReplyKeyboard({ keyboard: [['Teks']] }, plainStyle)).toBe('(a) Teks');
  });
});
