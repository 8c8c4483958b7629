import type { SimUser } from '../../src/sandbox/telegram/index.ts';

/** The flood guard allows a burst of four, then one action a second: a buyer at human pace. */
export const pace = () => new Promise((resolve) => setTimeout(resolve, 1_100));

/** /katalog → a category → a product page, as a buyer taps through. */
export async function openProduct(
  buyer: SimUser,
  category: RegExp,
  product: RegExp,
  priceLine: string,
): Promise<void> {
  buyer.sendCommand('/katalog');
  await buyer.waitFor('Pilih kategori');
  buyer.press(category);
  await buyer.waitFor(product);
  buyer.press(product);
  await buyer.waitFor(priceLine);
}
