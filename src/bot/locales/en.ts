import type { Texts } from '../i18n.ts';
import { adminEn } from './en/admin.ts';
import { adminCatalogEn } from './en/admin-catalog.ts';
import { adminConfigEn } from './en/admin-config.ts';
import { adminOpsEn } from './en/admin-ops.ts';
import { adminStockEn } from './en/admin-stock.ts';
import { adminTemplatesEn } from './en/admin-templates.ts';
import { balanceEn } from './en/balance.ts';
import { broadcastEn } from './en/broadcast.ts';
import { cartEn } from './en/cart.ts';
import { catalogEn } from './en/catalog.ts';
import { conversationEn } from './en/conversation.ts';
import { historyEn } from './en/history.ts';
import { menuEn } from './en/menu.ts';
import { ordersEn } from './en/orders.ts';
import { ownerEn } from './en/owner.ts';
import { snkEn } from './en/snk.ts';
import { templatesEn } from './en/templates.ts';

/** English texts, same keys as Indonesian (the type says so). */
export const en: Texts = {
  orders: ordersEn,
  menu: menuEn,
  catalog: catalogEn,
  cart: cartEn,
  history: historyEn,
  balance: balanceEn,
  admin: adminEn,
  adminCatalog: adminCatalogEn,
  adminConfig: adminConfigEn,
  adminOps: adminOpsEn,
  adminStock: adminStockEn,
  adminTemplates: adminTemplatesEn,
  templates: templatesEn,
  conversation: conversationEn,
  owner: ownerEn,
  snk: snkEn,
  broadcast: broadcastEn,
};
