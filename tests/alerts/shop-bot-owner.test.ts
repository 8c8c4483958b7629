import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

const OWNER_ID = 9400;
let shop: Shop;
let owner: SimUser;
let blocked: string;

beforeAll(async () => {
  blocked = mkdtempSync(join(tmpdir(), 'bao-blocked-logs-'));
  // A file where the log directory should be: the log files cannot be written.
  writeFileSync(join(blocked, 'logs'), 'not a directory');
  shop = await startShop({
    env: {
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
      BOT_STORE_NAME: 'Toko Satu',
      LOG_DIR: join(blocked, 'logs'),
    },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner' }, BOT_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
  rmSync(blocked, { recursive: true, force: true });
});

describe('without OWNER_BOT_TOKEN the shop bot serves the owner', () => {
  it('sends the alerts itself, to owners only: a log file that cannot be written is one', async () => {
    const alert = await eventually(() => {
      const found = owner.messages().find((m) => m.text.includes('Cannot write the log file'));
      if (!found) throw new Error('no alert yet');
      return found;
    });
    expect(alert.text.startsWith('[Toko Satu] 🔴 Cannot write the log file')).toBe(true);
    expect(shop.admin.messages().some((m) => m.text.includes('Cannot write the log file'))).toBe(false);
  });

  it('answers /status and /backup for owners; for an admin they do not exist', async () => {
    owner.sendCommand('/status');
    const status = await owner.waitFor(/Status Toko Satu/, { timeout: 15_000 });
    expect(status.text).toContain('✅ Database');
    owner.sendCommand('/backup');
    await owner.waitFor(/Backup belum diatur/, { timeout: 15_000 });
    shop.admin.sendCommand('/status');
    const answer = await shop.admin.waitFor((e) => e.kind === 'message', { timeout: 15_000 });
    expect(answer.text).not.toContain('Status Toko Satu');
  });
});
