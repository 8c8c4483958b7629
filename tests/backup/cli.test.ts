import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql as kysql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/backup/cli.ts';
import { dumpDatabase } from '../../src/backup/dump.ts';
import { rowsOf } from '../../src/backup/verify.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { createCipher, parseKey } from '../../src/infra/crypto.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { exampleCatalog } from '../support/shop.ts';
import { hasStackTrace, runBackupCli, sql, tableChecksums } from './support.ts';

const PASSWORD = 'cli-test-password-1234';
let database: TestDatabase;
let handle: DbHandle;
let cwd: string;
let env: NodeJS.ProcessEnv;

const backup = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runBackupCli(args, { cwd, env: { ...env, ...extra } });

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 4 });
  const imported = await importCatalog(handle.db, createCipher(parseKey('ab'.repeat(32))), exampleCatalog());
  expect(imported.ok).toBe(true);
  cwd = mkdtempSync(join(tmpdir(), 'bao-backup-cli-'));
  env = { DATABASE_URL: database.url, BACKUP_ENCRYPTION_PASSWORD: PASSWORD };
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('npm run backup: bad input gets one clear line and exit 2', () => {
  it.each([
    [[], /^Usage: npm run backup -- create/],
    [['backup-everything'], /^unknown command "backup-everything"/],
    [['create', '--everything'], /^unexpected argument "--everything"/],
    [['verify'], /^expected one backup file/],
    [['verify', 'no-such-file.baobak'], /^no such backup file: no-such-file\.baobak/],
    [['prune', '--keep', '0'], /^expected --keep N/],
  ])('%j', async (args, message) => {
    const run = await backup(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it('without BACKUP_ENCRYPTION_PASSWORD nothing is written', async () => {
    const run = await backup(['create'], { BACKUP_ENCRYPTION_PASSWORD: '' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'BACKUP_ENCRYPTION_PASSWORD is not set: put it in .env (at least 12 characters)',
    );
    expect(existsSync(join(cwd, 'backups'))).toBe(false);
  });

  it('a short password is a configuration error that does not print it', async () => {
    const run = await backup(['create'], { BACKUP_ENCRYPTION_PASSWORD: 'short-pw' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('BACKUP_ENCRYPTION_PASSWORD: expected at least 12 characters');
    expect(run.stderr).not.toContain('short-pw');
  });

  it('an unreachable database: exit 1, one line, no stack trace, no file', async () => {
    const run = await backup(['create'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^backup create failed: .*ECONNREFUSED/);
    // The whole error went to the command's log file, without the password.
    const logs = readdirSync(join(cwd, 'logs', 'backup')).map((f) =>
      readFileSync(join(cwd, 'logs', 'backup', f), 'utf8'),
    );
    expect(logs.join('')).toContain('backup command failed');
    expect(logs.join('')).not.toContain(PASSWORD);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(existsSync(join(cwd, 'backups'))).toBe(false);
  });
});

describe('restore into the same database DATABASE_URL names', () => {
  it('brings back every row and the sequences after the data changed', async () => {
    const created = await backup(['create']);
    expect(created.code, created.stderr).toBe(0);
    const file = /Backup written: (\S+)/.exec(created.stdout)?.[1] as string;
    const before = await tableChecksums(database.url);
    const nextCategory = await kysql<{ v: number }>`SELECT last_value AS v FROM categories_id_seq`.execute(
      handle.db,
    );

    await sql(database.url, "UPDATE products SET price = price + 1000, name = name || ' (changed)'");
    await sql(database.url, 'DELETE FROM vouchers');
    await sql(database.url, "INSERT INTO users (id, first_name) VALUES (424242, 'Late')");
    await sql(database.url, "INSERT INTO categories (code, name) VALUES ('late', 'Late')");
    expect(await tableChecksums(database.url)).not.toEqual(before);

    // By its name alone: found in BACKUP_LOCAL_DIR.
    const name = file.split('/').at(-1) as string;
    const run = await backup(['restore', name, '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(await tableChecksums(database.url)).toEqual(before);
    const after = await kysql<{ v: number }>`SELECT last_value AS v FROM categories_id_seq`.execute(
      handle.db,
    );
    expect(after.rows[0]?.v).toBe(nextCategory.rows[0]?.v);
    // A new row takes the next id, as it would have before the backup.
    await sql(database.url, "INSERT INTO categories (code, name) VALUES ('next', 'Next')");
  });
});

describe('restore asks on a terminal', () => {
  it('anything but "restore" as the answer changes nothing', async () => {
    const created = await backup(['create']);
    const file = /Backup written: (\S+)/.exec(created.stdout)?.[1] as string;
    await sql(database.url, "INSERT INTO users (id, first_name) VALUES (515151, 'Kept')");
    const before = await tableChecksums(database.url);
    const questions: string[] = [];
    const out: string[] = [];
    const code = await main(['restore', file], {
      config: loadConfig({ ...env, BACKUP_LOCAL_DIR: join(cwd, 'backups', 'local') }),
      interactive: true,
      ask: async (question) => {
        questions.push(question);
        return 'yes';
      },
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: () => true },
      cwd,
    });
    expect(code).toBe(1);
    expect(questions[0]).toMatch(
      /^Replace ALL data in database \S+ on 127\.0\.0\.1:\d+ with the backup of .*Type "restore"/,
    );
    expect(out.join('')).toBe('Nothing was changed.\n');
    expect(await tableChecksums(database.url)).toEqual(before);
  });
});

describe('list and prune', () => {
  it('prune keeps the newest N locally and offsite; list shows what is left and flags a stray file', async () => {
    for (let i = 0; i < 3; i++) expect((await backup(['create', '--offsite'])).code).toBe(0);
    const local = join(cwd, 'backups', 'local');
    const offsite = join(cwd, 'backups', 'offsite');
    const newest = readdirSync(local).sort().slice(-2);
    const pruned = await backup(['prune', '--keep', '2']);
    expect(pruned.code).toBe(0);
    expect(readdirSync(local).sort()).toEqual(newest);
    expect(readdirSync(offsite)).toHaveLength(2);

    mkdirSync(offsite, { recursive: true });
    writeFileSync(join(offsite, 'bao-00000000T000000000Z.baobak'), 'not a backup at all');
    const list = await backup(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/local .*: 2 backups/);
    expect(list.stdout).toMatch(/offsite .*: 3 backups/);
    expect(list.stdout).toMatch(/bao-00000000T000000000Z\.baobak .* unreadable: not a backup file/);
    for (const name of newest) expect(list.stdout).toContain(name);
  });
});

describe('a consistent dump under concurrent writes', () => {
  it('rows committed while the dump runs are in no table of it', async () => {
    let userId = 900_000;
    const writePair = async () => {
      userId++;
      // One transaction writes a user and their ledger entry: a consistent dump has both or neither.
      await handle.db.transaction().execute(async (trx) => {
        await kysql`INSERT INTO users (id, first_name) VALUES (${userId}, 'Concurrent')`.execute(trx);
        await kysql`INSERT INTO balance_ledger (user_id, amount, reason, ref)
          VALUES (${userId}, 1000, 'adjustment', ${`concurrent-${userId}`})`.execute(trx);
      });
    };
    await writePair();
    // After every table the dump waits while another connection commits a pair.
    const dump = await dumpDatabase(handle.db, async (_table, _rows, done) => {
      if (done) await writePair();
    });
    const rows = (name: string) => rowsOf(dump.entries.find((e) => e.name === name)?.data ?? Buffer.alloc(0));
    const users = rows('users')
      .filter((u) => u.first_name === 'Concurrent')
      .map((u) => u.id);
    const ledger = rows('balance_ledger').map((l) => l.user_id);
    expect(users).toEqual([900_001]);
    expect(ledger).toEqual([900_001]);
    const committed = await kysql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM users WHERE first_name = 'Concurrent'`.execute(handle.db);
    expect(committed.rows[0]?.n).toBe(1 + dump.tables.length);
  });
});
