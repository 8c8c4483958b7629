import { randomBytes } from 'node:crypto';
import { createCipher } from '../../src/infra/crypto.ts';
import type { Db } from '../../src/infra/db.ts';
import { addStock } from '../../src/shop/stock.ts';

export const cipher = createCipher(randomBytes(32));

let serial = 0;

/** A unique code per call, so tests in one database never collide. */
export function uniqueCode(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial}-${randomBytes(3).toString('hex')}`;
}

export async function seedCategory(
  db: Db,
  values: { code?: string; name?: string; sort?: number; active?: boolean } = {},
) {
  const code = values.code ?? uniqueCode('cat');
  return db
    .insertInto('categories')
    .values({
      code,
      name: values.name ?? code,
      emoji: '🧪',
      sort_order: values.sort ?? 0,
      active: values.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function seedProduct(
  db: Db,
  values: {
    code?: string;
    name?: string;
    price?: number;
    categoryId?: number | null;
    active?: boolean;
    sort?: number;
    stock?: number;
  } = {},
) {
  const code = values.code ?? uniqueCode('PRD');
  const product = await db
    .insertInto('products')
    .values({
      code,
      name: values.name ?? `Product ${code}`,
      price: values.price ?? 10_000,
      category_id: values.categoryId ?? null,
      active: values.active ?? true,
      sort_order: values.sort ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const count = values.stock ?? 0;
  if (count > 0)
    await addStock(
      db,
      cipher,
      product.id,
      Array.from({ length: count }, (_, i) => `${code}-item-${i + 1}|secret-${i + 1}`),
    );
  return product;
}
