import { describe, expect, it } from 'vitest';
import { parseOrderLine } from '../../src/shop/admin-orders.ts';
import { csvField, parseDateRange } from '../../src/shop/reports/orders-csv.ts';

describe('admin line and report helpers', () => {
  it('reads order_id|status|catatan and requires a note for paid and refunded', () => {
    expect(parseOrderLine('inv123|paid|TRX123')).toEqual({
      ok: true,
      orderId: 'INV123',
      command: { status: 'paid', note: 'TRX123' },
    });
    expect(parseOrderLine('INV1|cancelled')).toMatchObject({ ok: true, command: { status: 'cancelled' } });
    expect(parseOrderLine('INV1|paid')).toEqual({ ok: false, problem: 'note' });
    expect(parseOrderLine('INV1|refunded| ')).toEqual({ ok: false, problem: 'note' });
    expect(parseOrderLine('INV1|shipped|x')).toEqual({ ok: false, problem: 'status' });
    expect(parseOrderLine('not an order')).toEqual({ ok: false, problem: 'format' });
  });

  it('escapes CSV fields and reads date ranges', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(parseDateRange('2026-11-01 2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(parseDateRange('2026-11-30 2026-11-01')).toBeNull();
    expect(parseDateRange('2026-02-30 2026-03-01')).toBeNull();
    expect(parseDateRange('kemarin')).toBeNull();
  });
});
