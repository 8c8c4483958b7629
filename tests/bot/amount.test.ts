import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/bot/features/balance.ts';

describe('parseAmount', () => {
  it.each([
    ['25000', 25_000],
    ['25.000', 25_000],
    ['25,000', 25_000],
    ['1.250.000', 1_250_000],
    ['Rp 25.000', 25_000],
    ['rp25000', 25_000],
    ['Rp. 50.000', 50_000],
    ['25k', 25_000],
    ['25K', 25_000],
    ['25 k', 25_000],
    ['25rb', 25_000],
    ['25 ribu', 25_000],
    ['2,5jt', 2_500_000],
    ['1.5k', 1_500],
    ['1jt', 1_000_000],
    ['  10000  ', 10_000],
    ['5000', 5_000],
    ['0.1k', 100],
  ])('reads %j as %d', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  it.each([
    'abc',
    '',
    '0',
    '-25000',
    '25.5',
    '2.50.000',
    '25.00',
    '1.2345k',
    '25kk',
    'k',
    '25 000 000 000 000 000',
    '12345678901234567890',
    '25000abc',
    '1e5',
    '0x10',
  ])('rejects %j', (input) => {
    expect(parseAmount(input)).toBeNull();
  });
});
