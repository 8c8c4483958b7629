import type { EmulatedTransaction } from '../pakasir/index.ts';
import type { Style } from './render.ts';

/** What one line typed in the terminal chat asks for. Indexes count from 0. */
export type ChatAction =
  | { kind: 'press-inline'; index: number }
  | { kind: 'press-reply'; index: number }
  | { kind: 'pay' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'send'; text: string };

const SANDBOX_COMMANDS: Record<string, ChatAction> = {
  '/pay': { kind: 'pay' },
  '/help': { kind: 'help' },
  '/quit': { kind: 'quit' },
  '/exit': { kind: 'quit' },
};

/** Telegram allows at most 100 inline buttons, so longer numbers are amounts, not buttons. */
const BUTTON_NUMBER = /^[1-9]\d?$/;
const KEY_LETTER = /^[a-z]$/i;
/** A leading quote sends the rest as typed: `'2` sends "2" instead of pressing [2]. */
const LITERAL_PREFIX = "'";

/** Parses one input line; undefined for a blank line. */
export function parseInput(line: string): ChatAction | undefined {
  const input = line.trim();
  if (input === '') return undefined;
  if (input.startsWith(LITERAL_PREFIX)) {
    const text = input.slice(LITERAL_PREFIX.length).trim();
    return text === '' ? undefined : { kind: 'send', text };
  }
  if (BUTTON_NUMBER.test(input)) return { kind: 'press-inline', index: Number(input) - 1 };
  if (KEY_LETTER.test(input)) return { kind: 'press-reply', index: input.toLowerCase().charCodeAt(0) - 97 };
  return SANDBOX_COMMANDS[input.toLowerCase()] ?? { kind: 'send', text: input };
}

/** The invoice `/pay` settles: the most recently created one still waiting for payment. */
export function newestOpenInvoice(transactions: EmulatedTransaction[]): EmulatedTransaction | undefined {
  return transactions
    .filter((transaction) => transaction.status === 'pending')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

/** Shown once at start: what this is and how to drive it, in Indonesian and English. */
export function bannerLines(storeName: string, style: Style): string[] {
  return [
    style.bold(`🧪 Sandbox ${storeName}`),
    style.dim(
      '   ID: toko sungguhan di emulator lokal — kamu pembeli (dan admin). Tanpa Telegram, tanpa uang.',
    ),
    style.dim(
      '   EN: the real shop on local emulators — you are the buyer (and admin). No Telegram, no money.',
    ),
    ...controlLines(style),
    '',
  ];
}

/** The sandbox commands, for `/help`. */
export function helpLines(style: Style): string[] {
  return [
    style.bold('Perintah sandbox / sandbox commands'),
    ...controlLines(style),
    `   ${style.button("'teks")}    kirim apa adanya / send as typed (e.g. '2 sends "2")`,
    `   ${style.button("'/help")}   bantuan toko / the shop's own /help`,
    style.dim('   Pesan lain dikirim ke bot; "/" di depan = perintah bot, mis. /start.'),
    style.dim('   Anything else goes to the bot; a leading "/" is a bot command, e.g. /start.'),
  ];
}

function controlLines(style: Style): string[] {
  return [
    `   ${style.button('1, 2, …')}  tekan tombol [n] pesan terbaru / press button [n] of the newest message`,
    `   ${style.button('a, b, …')}  tekan tombol keyboard (a) / press reply-keyboard key (a)`,
    `   ${style.button('/pay')}     bayar tagihan QRIS terbuka / pay the open QRIS invoice`,
    `   ${style.button('/help')}    bantuan ini / this help`,
    `   ${style.button('/quit')}    keluar (juga Ctrl+C, Ctrl+D) / exit (also Ctrl+C, Ctrl+D)`,
  ];
}
