import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';

const SLUG = 'toko-simpan';
const API_KEY = 'key-simpan-123';
const dir = mkdtempSync(join(tmpdir(), 'bao-pakasir-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function create(baseUrl: string, orderId: string) {
  return fetch(`${baseUrl}/api/v2/create-transaction/${SLUG}/${orderId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ method: 'qris', amount: 25_000 }),
  });
}

describe('Pakasir emulator state file', () => {
  it('knows its transactions again after a restart, open and paid alike', async () => {
    const stateFile = join(dir, 'pakasir-emulator.json');
    const first = await startPakasirEmulator({
      slug: SLUG,
      apiKey: API_KEY,
      stateFile,
      statusPollWindowMs: 0,
    });
    expect((await create(first.baseUrl, 'INV-OPEN')).status).toBe(200);
    expect((await create(first.baseUrl, 'INV-PAID')).status).toBe(200);
    await first.simulatePayment('INV-PAID');
    await first.close();

    const second = await startPakasirEmulator({
      slug: SLUG,
      apiKey: API_KEY,
      stateFile,
      statusPollWindowMs: 0,
    });
    try {
      const byOrder = Object.fromEntries(second.transactions().map((txn) => [txn.orderId, txn.status]));
      expect(byOrder).toEqual({ 'INV-OPEN': 'pending', 'INV-PAID': 'completed' });
      // Find-or-create still holds across the restart: the same order is the same transaction.
      const again = (await (await create(second.baseUrl, 'INV-OPEN')).json()) as { txn_id: string };
      expect(second.transactions().filter((txn) => txn.orderId === 'INV-OPEN')).toHaveLength(1);
      expect(again.txn_id).toBe(second.transactions().find((txn) => txn.orderId === 'INV-OPEN')?.txnId);
    } finally {
      await second.close();
    }
  });

  it('keeps state in memory only when no file is given', async () => {
    const emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 0 });
    await create(emulator.baseUrl, 'INV-MEMORY');
    await emulator.close();
    const fresh = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 0 });
    expect(fresh.transactions()).toEqual([]);
    await fresh.close();
  });

  it('refuses a damaged state file with a message naming it', async () => {
    const stateFile = join(dir, 'damaged.json');
    writeFileSync(stateFile, '{ not json');
    await expect(startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, stateFile })).rejects.toThrow(
      /damaged\.json .*move it away/,
    );
  });
});
