import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Admins are told once when a sale brings a product's available stock down to its threshold;
  // the mark is cleared when stock is added above it again.
  await sql`
    ALTER TABLE products
      ADD COLUMN low_stock_threshold integer NOT NULL DEFAULT 3 CHECK (low_stock_threshold >= 0),
      ADD COLUMN low_stock_notified_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE products DROP COLUMN low_stock_threshold, DROP COLUMN low_stock_notified_at`.execute(
    db,
  );
}
