/**
 * Callback data of the admins' orders, users and statistics screens (all under `admin:`):
 *
 *   admin:orders:l:<status>:<period>:<buyerId|0>:<productId|0>:<page>   filtered order list
 *   admin:orders:<verb>:<orderId>      v (view) rs (resend) cx/cxy (cancel, confirmed) mp (mark paid) rf (refund)
 *   admin:orders:line | admin:orders:buyer | admin:orders:product       prompts
 *   admin:users:home | admin:users:find
 *   admin:users:<verb>:<userId>        v (view) bl/bly (block, confirmed) ub/uby (unblock) adj (adjust balance)
 *   admin:stats:<d1|d7|d30> | admin:stats:chart | admin:stats:csv:<d7|d30|ask>
 */

export const ORDER_STATUS_FILTERS = ['all', 'aw', 'pd', 'dl', 'ud', 'cx', 'ex', 'rf'] as const;
export type OrderStatusFilter = (typeof ORDER_STATUS_FILTERS)[number];
export const PERIODS = ['all', 'd1', 'd7', 'd30'] as const;
export type Period = (typeof PERIODS)[number];
export type StatsPeriod = Exclude<Period, 'all'>;

export const ORDER_VERBS = ['v', 'rs', 'cx', 'cxy', 'mp', 'rf'] as const;
export type AdminOrderVerb = (typeof ORDER_VERBS)[number];
export const USER_VERBS = ['v', 'bl', 'bly', 'ub', 'uby', 'adj'] as const;
export type AdminUserVerb = (typeof USER_VERBS)[number];

export type AdminOpsAction =
  | {
      type: 'adminOrders';
      status: OrderStatusFilter;
      period: Period;
      buyerId: number;
      productId: number;
      page: number;
    }
  | { type: 'adminOrder'; verb: AdminOrderVerb; orderId: string }
  | { type: 'adminOrderPrompt'; prompt: 'line' | 'buyer' | 'product' }
  | { type: 'adminUsers' }
  | { type: 'adminUserFind' }
  | { type: 'adminUser'; verb: AdminUserVerb; userId: number }
  | { type: 'adminStats'; period: StatsPeriod }
  | { type: 'adminStatsChart' }
  | { type: 'adminStatsCsv'; range: 'd7' | 'd30' | 'ask' };

export type AdminOpsType = AdminOpsAction['type'];

export const ADMIN_OPS_SAMPLES: { [T in AdminOpsType]: Extract<AdminOpsAction, { type: T }> } = {
  adminOrders: { type: 'adminOrders', status: 'all', period: 'd7', buyerId: 0, productId: 0, page: 1 },
  adminOrder: { type: 'adminOrder', verb: 'mp', orderId: 'INV000000SAMPLE' },
  adminOrderPrompt: { type: 'adminOrderPrompt', prompt: 'line' },
  adminUsers: { type: 'adminUsers' },
  adminUserFind: { type: 'adminUserFind' },
  adminUser: { type: 'adminUser', verb: 'bly', userId: 1 },
  adminStats: { type: 'adminStats', period: 'd1' },
  adminStatsChart: { type: 'adminStatsChart' },
  adminStatsCsv: { type: 'adminStatsCsv', range: 'd30' },
};

const NUMBER = /^(0|[1-9]\d{0,14})$/;
const PAGE = /^[1-9]\d{0,5}$/;
const ORDER_ID = /^[A-Z0-9]{1,40}$/;
const num = (text: string | undefined) => (text !== undefined && NUMBER.test(text) ? Number(text) : null);
const oneOf = <T extends string>(list: readonly T[], text: string | undefined): T | null =>
  list.includes(text as T) ? (text as T) : null;

export function formatAdminOps(action: AdminOpsAction): string {
  switch (action.type) {
    case 'adminOrders':
      return `admin:orders:l:${action.status}:${action.period}:${action.buyerId}:${action.productId}:${action.page}`;
    case 'adminOrder':
      return `admin:orders:${action.verb}:${action.orderId}`;
    case 'adminOrderPrompt':
      return `admin:orders:${action.prompt}`;
    case 'adminUsers':
      return 'admin:users:home';
    case 'adminUserFind':
      return 'admin:users:find';
    case 'adminUser':
      return `admin:users:${action.verb}:${action.userId}`;
    case 'adminStats':
      return `admin:stats:${action.period}`;
    case 'adminStatsChart':
      return 'admin:stats:chart';
    case 'adminStatsCsv':
      return `admin:stats:csv:${action.range}`;
  }
}

/** `args` are the parts after `admin:`; null for anything not issued by these screens. */
export function parseAdminOps(args: string[]): AdminOpsAction | null {
  const [area, verb, ...rest] = args;
  if (area === 'orders') return parseOrders(verb, rest);
  if (area === 'users') return parseUsers(verb, rest);
  if (area === 'stats') return parseStats(verb, rest);
  return null;
}

function parseOrders(verb: string | undefined, rest: string[]): AdminOpsAction | null {
  if (verb === 'l') {
    const [rawStatus, rawPeriod, rawBuyer, rawProduct, rawPage, ...extra] = rest;
    const status = oneOf(ORDER_STATUS_FILTERS, rawStatus);
    const period = oneOf(PERIODS, rawPeriod);
    const buyerId = num(rawBuyer);
    const productId = num(rawProduct);
    const page = rawPage !== undefined && PAGE.test(rawPage) ? Number(rawPage) : null;
    if (!status || !period || buyerId === null || productId === null || page === null || extra.length)
      return null;
    return { type: 'adminOrders', status, period, buyerId, productId, page };
  }
  if ((verb === 'line' || verb === 'buyer' || verb === 'product') && rest.length === 0)
    return { type: 'adminOrderPrompt', prompt: verb };
  const orderVerb = oneOf(ORDER_VERBS, verb);
  const [orderId, ...extra] = rest;
  if (!orderVerb || orderId === undefined || !ORDER_ID.test(orderId) || extra.length) return null;
  return { type: 'adminOrder', verb: orderVerb, orderId };
}

function parseUsers(verb: string | undefined, rest: string[]): AdminOpsAction | null {
  if (verb === 'home' && rest.length === 0) return { type: 'adminUsers' };
  if (verb === 'find' && rest.length === 0) return { type: 'adminUserFind' };
  const userVerb = oneOf(USER_VERBS, verb);
  const userId = num(rest[0]);
  if (!userVerb || userId === null || userId === 0 || rest.length !== 1) return null;
  return { type: 'adminUser', verb: userVerb, userId };
}

function parseStats(verb: string | undefined, rest: string[]): AdminOpsAction | null {
  if (verb === 'chart' && rest.length === 0) return { type: 'adminStatsChart' };
  if (verb === 'csv') {
    const range = oneOf(['d7', 'd30', 'ask'] as const, rest[0]);
    return range && rest.length === 1 ? { type: 'adminStatsCsv', range } : null;
  }
  const period = oneOf(['d1', 'd7', 'd30'] as const, verb);
  return period && rest.length === 0 ? { type: 'adminStats', period } : null;
}
