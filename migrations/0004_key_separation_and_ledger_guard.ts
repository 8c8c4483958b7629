import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Stock fingerprints were keyed with the encryption key itself (version 1). Version 2
  // uses a derived fingerprint key; a migration cannot read the key, so the app
  // re-fingerprints version-1 rows in batches at start (src/shop/stock.ts).
  await sql`ALTER TABLE stock_items ADD COLUMN fingerprint_version smallint NOT NULL DEFAULT 1`.execute(db);
  await sql`CREATE INDEX stock_items_fingerprint_v1 ON stock_items (product_id, id) WHERE fingerprint_version < 2`.execute(
    db,
  );

  // Balances are the sum of the ledger: a row changed or removed would change money
  // silently. Corrections are new entries. TRUNCATE is refused too: nothing needs it
  // (each test file gets its own database) and it is the widest loss of all.
  await sql`
    CREATE FUNCTION balance_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'balance_ledger is append-only: % refused; book a correcting entry instead', TG_OP
        USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER balance_ledger_no_change BEFORE UPDATE OR DELETE ON balance_ledger
    FOR EACH ROW EXECUTE FUNCTION balance_ledger_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER balance_ledger_no_truncate BEFORE TRUNCATE ON balance_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION balance_ledger_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER balance_ledger_no_truncate ON balance_ledger`.execute(db);
  await sql`DROP TRIGGER balance_ledger_no_change ON balance_ledger`.execute(db);
  await sql`DROP FUNCTION balance_ledger_append_only()`.execute(db);
  await sql`DROP INDEX stock_items_fingerprint_v1`.execute(db);
  await sql`ALTER TABLE stock_items DROP COLUMN fingerprint_version`.execute(db);
}
