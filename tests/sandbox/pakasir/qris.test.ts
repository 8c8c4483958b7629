import { describe, expect, it } from 'vitest';
import { buildQrisString, crc16Ccitt, hasValidQrisCrc } from '../../../src/sandbox/pakasir/qris.ts';

describe('QRIS payload', () => {
  it('uses CRC-16/CCITT-FALSE', () => {
    // Standard check value of the algorithm.
    expect(crc16Ccitt('123456789')).toBe('29B1');
  });

  it('builds a dynamic EMV string with the amount, currency and a valid CRC', () => {
    const qris = buildQrisString({
      merchantName: 'Toko Digital',
      city: 'Jakarta',
      amount: 100_003,
      reference: 'TX1',
    });
    expect(qris.startsWith('000201010212')).toBe(true);
    expect(qris).toContain('5303360');
    expect(qris).toContain('5406100003');
    expect(qris).toContain('5802ID');
    expect(hasValidQrisCrc(qris)).toBe(true);
    expect(hasValidQrisCrc(qris.replace('5406100003', '5406100004'))).toBe(false);
  });
});
