import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A voucher may apply to one product or one category only (never both); neither set:
  // the whole cart. Deleting the product or category deletes its vouchers rather than
  // silently turning them into shop-wide ones (a product with orders cannot be deleted,
  // so no redeemed voucher goes with it).
  await sql`
    ALTER TABLE vouchers
      ADD COLUMN product_id  integer REFERENCES products (id) ON DELETE CASCADE,
      ADD COLUMN category_id integer REFERENCES categories (id) ON DELETE CASCADE,
      ADD CONSTRAINT vouchers_one_scope CHECK (product_id IS NULL OR category_id IS NULL)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE vouchers DROP COLUMN product_id, DROP COLUMN category_id`.execute(db);
}
