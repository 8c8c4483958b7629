import { describe, expect, it } from 'vitest';
import { helpLines, newestOpenInvoice, parseInput } from '../../../src/sandbox/chat/commands.ts';
import { plainStyle } from '../../../src/sandbox/chat/render.ts';
import type { EmulatedTransaction } from '../../../src/sandbox/pakasir/index.ts';

describe('parseInput', () => {
  it('presses inline buttons by number, counting from 1 on screen', () => {
    expect(parseInput('1')).toEqual({ kind: 'press-inline', index: 0 });
    expect(parseInput(' 12 ')).toEqual({ kind: 'press-inline', index: 11 });
  });

  it('sends longer numbers and zero as text (amounts, not buttons)', () => {
    expect(parseInput('50000')).toEqual({ kind: 'send', text: '50000' });
    expect(parseInput('0')).toEqual({ kind: 'send', text: '0' });
  });

  it('presses reply-keyboard keys by letter', () => {
    expect(parseInput('a')).toEqual({ kind: 'press-reply', index: 0 });
    expect(parseInput('C')).toEqual({ kind: 'press-reply', index: 2 });
  });

  it('knows the sandbox commands, case-insensitively', () => {
    expect(parseInput('/pay')).toEqual({ kind: 'pay' });
    expect(parseInput('/HELP')).toEqual({ kind: 'help' });
    expect(parseInput('/quit')).toEqual({ kind: 'quit' });
    expect(parseInput('/exit')).toEqual({ kind: 'quit' });
  });

  it('sends everything else to the bot, commands included', () => {
    expect(parseInput('/start')).toEqual({ kind: 'send', text: '/start' });
    expect(parseInput('/pay later')).toEqual({ kind: 'send', text: '/pay later' });
    expect(parseInput('halo kak')).toEqual({ kind: 'send', text: 'halo kak' });
  });

  it("sends a line starting with ' as typed", () => {
    expect(parseInput("'2")).toEqual({ kind: 'send', text: '2' });
    expect(parseInput("'b")).toEqual({ kind: 'send', text: 'b' });
    expect(parseInput("'")).toBeUndefined();
  });

  it('ignores blank lines', () => {
    expect(parseInput('')).toBeUndefined();
    expect(parseInput('   ')).toBeUndefined();
  });
});

describe('newestOpenInvoice', () => {
  const txn = (orderId: string, status: EmulatedTransaction['status'], minute: number) =>
    ({ orderId, status, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) }) as EmulatedTransaction;

  it('picks the most recent pending transaction', () => {
    const list = [
      txn('A', 'pending', 1),
      txn('B', 'pending', 3),
      txn('C', 'completed', 5),
      txn('D', 'expired', 6),
    ];
    expect(newestOpenInvoice(list)?.orderId).toBe('B');
  });

  it('finds none when nothing waits for payment', () => {
    expect(newestOpenInvoice([txn('A', 'completed', 1)])).toBeUndefined();
    expect(newestOpenInvoice([])).toBeUndefined();
  });
});

describe('helpLines', () => {
  it('lists every sandbox command', () => {
    const text = helpLines(plainStyle).join('\n');
    for (const command of ['/pay', '/help', '/quit', '1, 2', 'a, b']) expect(text).toContain(command);
  });
});
