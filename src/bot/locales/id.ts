import { adminId } from './id/admin.ts';
import { adminCatalogId } from './id/admin-catalog.ts';
import { adminConfigId } from './id/admin-config.ts';
import { adminOpsId } from './id/admin-ops.ts';
import { adminStockId } from './id/admin-stock.ts';
import { adminTemplatesId } from './id/admin-templates.ts';
import { balanceId } from './id/balance.ts';
import { broadcastId } from './id/broadcast.ts';
import { cartId } from './id/cart.ts';
import { catalogId } from './id/catalog.ts';
import { conversationId } from './id/conversation.ts';
import { historyId } from './id/history.ts';
import { menuId } from './id/menu.ts';
import { ordersId } from './id/orders.ts';
import { ownerId } from './id/owner.ts';
import { snkId } from './id/snk.ts';
import { templatesId } from './id/templates.ts';

/** Indonesian texts (the default). HTML parse mode: escape every user-provided value. */
export const id = {
  orders: ordersId,
  menu: menuId,
  catalog: catalogId,
  cart: cartId,
  history: historyId,
  balance: balanceId,
  admin: adminId,
  adminCatalog: adminCatalogId,
  adminConfig: adminConfigId,
  adminOps: adminOpsId,
  adminStock: adminStockId,
  adminTemplates: adminTemplatesId,
  templates: templatesId,
  conversation: conversationId,
  owner: ownerId,
  snk: snkId,
  broadcast: broadcastId,
};
