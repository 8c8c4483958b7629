import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PakasirClient } from '../../../src/infra/pakasir/client.ts';
import { createPakasirClient } from '../../../src/infra/pakasir/client.ts';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';

const SLUG = 'toko-legacy';
const API_KEY = 'legacy-key';

let emulator: PakasirEmulator;
let client: PakasirClient;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY });
  client = createPakasirClient({ baseUrl: emulator.baseUrl, slug: SLUG, apiKey: API_KEY, version: 'v1' });
});
afterAll(() => emulator.close());

describe('Pakasir client, API v1', () => {
  it('runs create → pending → paid → completed, and cancels another invoice', async () => {
    const invoice = await client.createInvoice({ orderId: 'c1-paid', amount: 99_000 });
    expect(invoice).toMatchObject({
      txnId: 'c1-paid',
      orderId: 'c1-paid',
      amount: 99_000,
      fee: 1_003,
      totalPayment: 100_003,
      method: 'qris',
      isSandbox: null,
      status: 'pending',
    });
    expect(invoice.paymentNumber?.startsWith('000201')).toBe(true);
    const url = new URL(invoice.paymentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${emulator.baseUrl}/pay/${SLUG}/99000`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ order_id: 'c1-paid', qris_only: '1' });
    expect((await fetch(invoice.paymentUrl)).status).toBe(200);

    const ref = { txnId: invoice.txnId, orderId: invoice.orderId, amount: invoice.amount };
    expect(await client.getStatus(ref)).toMatchObject({
      status: 'pending',
      completedAt: null,
      project: SLUG,
    });

    await emulator.simulatePayment('c1-paid');
    const paid = await client.getStatus(ref);
    expect(paid).toMatchObject({ status: 'completed', orderId: 'c1-paid', amount: 99_000 });
    expect(paid.completedAt).toBeInstanceOf(Date);

    const other = await client.createInvoice({ orderId: 'c1-cancel', amount: 10_000 });
    const otherRef = { txnId: other.txnId, orderId: other.orderId, amount: other.amount };
    await client.cancelInvoice(otherRef);
    expect((await client.getStatus(otherRef)).status).toBe('canceled');
  });

  it('identifies invoices by (order_id, amount)', async () => {
    await client.createInvoice({ orderId: 'c1-pair', amount: 10_000 });
    await expect(
      client.getStatus({ txnId: 'c1-pair', orderId: 'c1-pair', amount: 10_001 }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('has no payment_link method', async () => {
    await expect(
      client.createInvoice({ orderId: 'c1-link', amount: 10_000, method: 'payment_link' }),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });
});
