import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack, unpack } from '../../src/backup/archive.ts';
import { dumpDatabase } from '../../src/backup/dump.ts';
import { BackupFileError, open, readHeader, seal } from '../../src/backup/envelope.ts';
import { tablesInDependencyOrder, topologicalOrder } from '../../src/backup/schema.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { sql } from './support.ts';

const fields = {
  created_at: '2026-12-01T02:00:00.000Z',
  schema_version: '0006_message_templates',
  app_version: '0.1.0',
  automatic: false,
};

describe('the encrypted envelope', () => {
  it('round-trips, with the header readable without the password', async () => {
    const plain = pack([{ kind: 'file', name: 'a', data: Buffer.from('hello\nworld') }]);
    const file = await seal(plain, 'password-for-tests', fields);
    expect(readHeader(file).header).toMatchObject({ ...fields, format: 1, cipher: 'aes-256-gcm' });
    const opened = await open(file, 'password-for-tests');
    expect(unpack(opened.plain)).toEqual([{ kind: 'file', name: 'a', data: Buffer.from('hello\nworld') }]);
  });

  it('tells a wrong password from a changed header or body', async () => {
    const file = await seal(pack([]), 'password-for-tests', fields);
    await expect(open(file, 'another-password')).rejects.toMatchObject({ reason: 'wrong-password' });
    // The header is authenticated: a changed schema version fails like a changed body.
    const header = Buffer.from(file);
    const at = header.indexOf('0006_message_templates');
    header[at + 3] = '9'.charCodeAt(0);
    await expect(open(header, 'password-for-tests')).rejects.toMatchObject({ reason: 'corrupt' });
    const truncated = file.subarray(0, file.length - 1);
    await expect(open(truncated, 'password-for-tests')).rejects.toBeInstanceOf(BackupFileError);
    await expect(open(Buffer.from('PK\u0003\u0004 a zip file'), 'x')).rejects.toMatchObject({
      reason: 'not-a-backup',
    });
  });
});

describe('dependency order', () => {
  it('puts every table after the tables it references; cycles and self references do not loop', () => {
    expect(
      topologicalOrder(
        ['b', 'a', 'c', 'self', 'x', 'y'],
        [
          ['b', 'c'],
          ['c', 'a'],
          ['self', 'self'],
          ['x', 'y'],
          ['y', 'x'],
        ],
      ),
    ).toEqual(['a', 'c', 'b', 'self', 'y', 'x']);
  });

  let database: TestDatabase;
  let handle: DbHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    handle = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('is read from the database, so a table added later is dumped after what it references', async () => {
    await sql(database.url, 'CREATE TABLE aaa_order_notes (order_id text REFERENCES orders (id), note text)');
    const order = await tablesInDependencyOrder(handle.db);
    expect(order).toContain('aaa_order_notes');
    expect(order.indexOf('aaa_order_notes')).toBeGreaterThan(order.indexOf('orders'));
    expect(order.indexOf('order_items')).toBeGreaterThan(order.indexOf('products'));
    expect(order.indexOf('products')).toBeGreaterThan(order.indexOf('categories'));
    expect(order).not.toContain('kysely_migration');
    const dump = await dumpDatabase(handle.db);
    expect(dump.tables.map((t) => t.name)).toEqual(order);
  });
});
