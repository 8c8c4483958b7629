import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A voucher may apply to one product or one category only; 'all': the whole cart.
  // The scope is its own column so that deleting the product or category (which sets the
  // reference to NULL) leaves a voucher that applies to nothing, never a shop-wide one,
  // and its redemptions stay.
  await sql`
    ALTER TABLE vouchers
      ADD COLUMN scope       text    NOT NULL DEFAULT 'all',
      ADD COLUMN product_id  integer REFERENCES products (id) ON DELETE SET NULL,
      ADD COLUMN category_id integer REFERENCES categories (id) ON DELETE SET NULL,
      ADD CONSTRAINT vouchers_scope CHECK (
        (scope = 'all' AND product_id IS NULL AND category_id IS NULL)
        OR (scope = 'product' AND category_id IS NULL)
        OR (scope = 'category' AND product_id IS NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE vouchers DROP COLUMN scope, DROP COLUMN product_id, DROP COLUMN category_id`.execute(
    db,
  );
}
