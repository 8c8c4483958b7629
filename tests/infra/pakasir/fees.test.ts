import { describe, expect, it } from 'vitest';
import { estimatePakasirFee, estimateQrisFee, VA_FEE } from '../../../src/infra/pakasir/fees.ts';

describe('QRIS fee estimate', () => {
  it('matches the documented examples', () => {
    expect(estimateQrisFee(99_000)).toBe(1_003);
    expect(estimateQrisFee(150_000)).toBe(1_500);
  });

  it('switches from 0.7% + Rp310 to 1% above Rp105,000', () => {
    expect(estimateQrisFee(105_000)).toBe(735 + 310);
    expect(estimateQrisFee(105_100)).toBe(1_051);
  });

  it('rounds fractions of a rupiah up', () => {
    expect(estimateQrisFee(10_050)).toBe(71 + 310); // 70.35 → 71
    expect(estimateQrisFee(150_001)).toBe(1_501); // 1500.01 → 1501
  });

  it('rejects amounts that are not whole rupiah', () => {
    expect(() => estimateQrisFee(1.5)).toThrow(RangeError);
    expect(() => estimateQrisFee(-1)).toThrow(RangeError);
  });

  it('charges VA a flat fee and payment links like QRIS', () => {
    expect(estimatePakasirFee('bni_va', 50_000)).toBe(VA_FEE);
    expect(estimatePakasirFee('payment_link', 99_000)).toBe(1_003);
    expect(estimatePakasirFee('qris', 150_000)).toBe(1_500);
  });
});
