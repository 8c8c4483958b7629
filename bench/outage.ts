/**
 * Telegram unreachable for a while: ORDERS buyers get their invoice, Telegram's connections
 * are dropped (or hung) for OUTAGE seconds, every order is paid during the outage, then
 * Telegram comes back. Prints when the orders went undelivered, when admins were told and
 * when each buyer got the items, counted from the end of the outage, plus duplicates.
 * Last line: one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createCipher, parseKey } from '../src/infra/crypto.ts';
import type { OutageMode } from '../src/sandbox/telegram/faults.ts';
import { getProduct } from '../src/shop/catalog.ts';
import { importCatalog } from '../src/shop/catalog-import.ts';
import { checkoutOne, startBenchShop } from './shop.ts';
import { percentile, round } from './support.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '20' },
    outage: { type: 'string', default: '120' },
    mode: { type: 'string', default: 'drop' },
    timeout: { type: 'string', default: '30' },
    retry: { type: 'string', default: '60' },
  },
});
const orders = Number(values.orders);
const outageMs = Number(values.outage) * 1000;
const mode = values.mode as OutageMode;
const token = '7000000001:AAH-bench-token-for-the-outage-run';
const adminId = 9001;

const shop = await startBenchShop('bao_bench_outage', token, {
  TELEGRAM_ADMIN_IDS: String(adminId),
  TELEGRAM_TIMEOUT_SECONDS: values.timeout,
  DELIVERY_RETRY_SECONDS: values.retry,
});
const { app, telegram, pakasir, key } = shop;
const stock = Array.from({ length: orders }, (_, i) => `outage-item-${i}-${randomBytes(4).toString('hex')}`);
const imported = await importCatalog(app.db, createCipher(parseKey(key)), {
  categories: [{ code: 'bench', name: 'Bench' }],
  products: [{ code: 'OUTAGE-1', category: 'bench', name: 'Produk Bench', price: 15_000, stock }],
});
if (!imported.ok) throw new Error(imported.problems.join('\n'));
const product = await getProduct(app.db, 'OUTAGE-1');
const admin = telegram.user({ id: adminId, firstName: 'Admin' }, token);
const buyerId = (i: number) => 810_000 + i;

const ids: string[] = [];
const buyers: ReturnType<typeof telegram.user>[] = [];
for (let i = 0; i < orders; i++) {
  const userId = buyerId(i);
  const buyer = telegram.user({ id: userId, firstName: `Outage${i}` }, token);
  ids.push(await checkoutOne(app, buyer, product!.id, 60_000));
  buyers.push(buyer);
}

const down = performance.now();
telegram.faults.startOutage(mode);
await Promise.all(ids.map((id) => pakasir.simulatePayment(id)));
const undeliveredAt = new Map<string, number>();
const watchUndelivered = setInterval(async () => {
  const rows = await app.db.selectFrom('orders').select('id').where('status', '=', 'undelivered').execute();
  for (const { id } of rows) if (!undeliveredAt.has(id)) undeliveredAt.set(id, performance.now() - down);
}, 200);
await new Promise((r) => setTimeout(r, outageMs));
telegram.faults.endOutage();
const up = performance.now();

const deliveredAfter: number[] = [];
const noticeAfter: number[] = [];
/** Admin notices are polled: they need not arrive in the orders' order. Each order that went
 * undelivered must also get its "belum terkirim" notice. */
async function watchNotices(): Promise<void> {
  const noticed = new Set<string>();
  const told = (orderId: string, text: string) =>
    admin.messages().some((m) => m.text.includes(orderId) && m.text.includes(text));
  while (noticed.size < ids.length) {
    for (const orderId of ids) {
      const done =
        told(orderId, 'baru dibayar') && (!undeliveredAt.has(orderId) || told(orderId, 'belum terkirim'));
      if (done && !noticed.has(orderId)) {
        noticed.add(orderId);
        noticeAfter.push(performance.now() - up);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
await Promise.all([
  watchNotices(),
  ...buyers.map(async (buyer) => {
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 30 * 60_000 });
    deliveredAfter.push(performance.now() - up);
  }),
]);
clearInterval(watchUndelivered);
// Late duplicates would arrive here.
await new Promise((r) => setTimeout(r, 5_000));

let duplicates = 0;
let undeliveredNotices = 0;
for (const [i, orderId] of ids.entries()) {
  const messages = telegram.chat(token, buyerId(i)).messages();
  duplicates += Math.max(0, messages.filter((m) => /Pesanan berhasil/.test(m.text)).length - 1);
  undeliveredNotices += admin
    .messages()
    .filter((m) => m.text.includes(orderId) && m.text.includes('belum terkirim')).length;
}
const paidNotices = admin.messages().filter((m) => m.text.includes('baru dibayar')).length;
const delivered = await app.db.selectFrom('orders').select('id').where('status', '=', 'delivered').execute();
await shop.stop();

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const secs = (ms: number) => round(ms / 1000, 1);
const undelivered = sorted([...undeliveredAt.values()]);
const deliveredSorted = sorted(deliveredAfter);
const noticeSorted = sorted(noticeAfter);
console.log(`orders=${orders} outage=${secs(outageMs)} s mode=${mode} timeout=${values.timeout} s`);
console.log(
  `undelivered during the outage: ${undelivered.length}/${orders}, first after ${secs(undelivered[0] ?? 0)} s, last after ${secs(undelivered.at(-1) ?? 0)} s`,
);
console.log(
  `after recovery: both admin notices p50 ${secs(percentile(noticeSorted, 50))} s, last ${secs(noticeSorted.at(-1) ?? 0)} s; deliveries p50 ${secs(percentile(deliveredSorted, 50))} s, last ${secs(deliveredSorted.at(-1) ?? 0)} s`,
);
console.log(
  `delivered ${delivered.length}/${orders}, duplicates ${duplicates}, "paid" notices ${paidNotices}, "undelivered" notices ${undeliveredNotices}`,
);
console.log(
  JSON.stringify({
    orders,
    outage_s: secs(outageMs),
    mode,
    undelivered: undelivered.length,
    delivered: delivered.length,
    duplicates,
    paid_notices: paidNotices,
    undelivered_notices: undeliveredNotices,
    notice_last_s: secs(noticeSorted.at(-1) ?? 0),
    delivery_p50_s: secs(percentile(deliveredSorted, 50)),
    delivery_last_s: secs(deliveredSorted.at(-1) ?? 0),
  }),
);
process.exit(0);
