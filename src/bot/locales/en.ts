import type { Texts } from '../i18n.ts';
import { ordersEn } from './en/orders.ts';

/** English texts, same keys as Indonesian (the type says so). */
export const en: Texts = {
  orders: ordersEn,
};
