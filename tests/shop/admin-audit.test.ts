import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/infra/audit.ts';
import { createDb, type Db } from '../../src/infra/db.ts';
import { adminActionsOn, recordAdminAction } from '../../src/shop/admin-audit.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let db: Db;
let close: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'bao-admin-audit-'));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, close } = createDb(database.url, { max: 2 }));
});

afterAll(async () => {
  await close?.();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin audit', () => {
  it('writes a row and an audit line, and rolls back with the change it records', async () => {
    const audit = createAuditLog({ dir, timeZone: 'Asia/Jakarta', retentionDays: 90, secrets: [] });
    await recordAdminAction(db, audit, {
      adminId: 42,
      action: 'product.update',
      target: 'product:NETFLIX1',
      before: { price: 45000 },
      after: { price: 40000 },
    });
    await db
      .transaction()
      .execute(async (tx) => {
        await recordAdminAction(tx, audit, {
          adminId: 42,
          action: 'product.delete',
          target: 'product:NETFLIX1',
        });
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    audit.close();

    const rows = await adminActionsOn(db, 'product:NETFLIX1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      admin_id: 42,
      action: 'product.update',
      before: { price: 45000 },
      after: { price: 40000 },
    });
    const files = readdirSync(join(dir, 'audit'));
    const lines = readFileSync(join(dir, 'audit', files[0] ?? ''), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      event: 'admin.product.update',
      adminId: 42,
      target: 'product:NETFLIX1',
    });
  });
});
