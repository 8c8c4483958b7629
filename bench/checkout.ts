/**
 * The buyer's journey under load: BUYERS buyers at once fill a cart, check out, get a
 * QRIS invoice; once every invoice is out, all of them pay in the same instant (the Pakasir
 * emulator sends each webhook) and receive their item. Latency is measured from the
 * payment to the delivery message. The baseline,
 * measured in the same run, is the bare transport: a webhook answered by one plain
 * sendMessage. The emulators run in a child process (`--emulators child`, the default) so
 * the app's figures do not pay for their CPU; both the latency and the baseline are timed
 * there, from the webhook sent to the message received. Last line: one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { createCipher, parseKey } from '../src/infra/crypto.ts';
import { getProduct } from '../src/shop/catalog.ts';
import { importCatalog } from '../src/shop/catalog-import.ts';
import { newOrderId } from '../src/shop/ids.ts';
import { type RemoteEmulators, startRemoteEmulators } from './remote-emulators.ts';
import { startBenchApp, startBenchShop } from './shop.ts';
import { loadAverage, measureCpu, measureCpuByCommand, percentile, round, startProfile } from './support.ts';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string', default: '200' },
    // "child": the emulators run in a process of their own (the figure is the app's);
    // "inline": app and emulators in this one process (the older figures; for comparison).
    emulators: { type: 'string', default: 'child' },
    // Writes a CPU profile of the app's process for the payment burst only (.cpuprofile).
    profile: { type: 'string' },
  },
});
const buyers = Number(values.buyers);
const token = '7000000001:AAH-bench-token-for-the-checkout-run';
const delivered = 'Pesanan berhasil';

/** The in-process emulators behind the same calls the child process answers. */
async function startInline(): Promise<{
  emulators: RemoteEmulators;
  bench: Awaited<ReturnType<typeof startBenchApp>>;
}> {
  const shop = await startBenchShop('bao_bench_checkout', token);
  const user = (chat: number) => shop.telegram.user({ id: chat, firstName: `Bench${chat}` }, token);
  const emulators: RemoteEmulators = {
    apiRoot: shop.telegram.apiRoot,
    pakasirUrl: shop.pakasir.baseUrl,
    setWebhookUrl: async (url) => shop.pakasir.setWebhookUrl(url),
    waitInvoice: async (_token, chat, orderId, timeout) => {
      await user(chat).waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout });
    },
    pay: async (_token, chat, orderId, pattern) => {
      const t = performance.now();
      await shop.pakasir.simulatePayment(orderId);
      await user(chat).waitFor(new RegExp(pattern), { timeout: 120_000 });
      return performance.now() - t;
    },
    count: async (_token, chat, pattern) =>
      shop.telegram
        .chat(token, chat)
        .messages()
        .filter((m) => new RegExp(pattern).test(m.text)).length,
    post: async (url, body) => {
      const t = performance.now();
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return performance.now() - t;
    },
    close: async () => {},
  };
  return { emulators, bench: { app: shop.app, key: shop.key, stop: shop.stop } };
}

async function startChild() {
  const emulators = await startRemoteEmulators();
  const bench = await startBenchApp('bao_bench_checkout', token, emulators);
  await emulators.setWebhookUrl(`${bench.app.url}/webhooks/pakasir`);
  return { emulators, bench };
}

const { emulators, bench } = values.emulators === 'inline' ? await startInline() : await startChild();
const { app, key } = bench;
const stock = Array.from(
  { length: buyers + 10 },
  (_, i) => `bench-item-${i}-${randomBytes(4).toString('hex')}`,
);
const imported = await importCatalog(app.db, createCipher(parseKey(key)), {
  categories: [{ code: 'bench', name: 'Bench' }],
  products: [{ code: 'BENCH-1', category: 'bench', name: 'Produk Bench', price: 15_000, stock }],
});
if (!imported.ok) throw new Error(imported.problems.join('\n'));
const product = await getProduct(app.db, 'BENCH-1');

/** Fills a cart and checks out; resolves with the order id once the invoice is shown. */
async function checkout(i: number) {
  const chat = 800_000 + i;
  const orderId = newOrderId();
  await app.runtime.send('checkout', String(chat), { type: 'ADD', productId: product!.id, quantity: 1 });
  await app.runtime.send('checkout', String(chat), { type: 'CHECKOUT', orderId, method: 'qris', lang: 'id' });
  await emulators.waitInvoice(token, chat, orderId, 120_000);
  return { chat, orderId };
}

// When each order's payment is committed (it enters "delivering"): splits the latency in two.
const paidAt = new Map<string, number>();
const committed: number[] = [];
app.runtime.changes.on('change', (change) => {
  const at = paidAt.get(change.id);
  if (change.kind === 'order' && change.state === 'delivering' && at !== undefined) {
    committed.push(performance.now() - at);
    paidAt.delete(change.id);
  }
});

/** Pays the invoice (the emulator posts the webhook) and waits for the delivery message. */
async function pay({ chat, orderId }: Awaited<ReturnType<typeof checkout>>): Promise<number> {
  // Measured here too (committed split); the latency itself is the emulators' clock.
  paidAt.set(orderId, performance.now());
  return emulators.pay(token, chat, orderId, delivered);
}

// Every buyer checks out first, then all pay in the same instant: the burst the latency is about.
const started = performance.now();
const invoiced = await Promise.all(Array.from({ length: buyers }, (_, i) => checkout(i)));
const checkoutSeconds = (performance.now() - started) / 1000;
const profiler = values.profile ? await startProfile() : undefined;
const paying = performance.now();
const payCpu = measureCpu();
const payCpuByCommand = measureCpuByCommand();
const latencies = (await Promise.all(invoiced.map(pay))).sort((a, b) => a - b);
const payCpuShare = payCpu.stop();
const paySpent = payCpuByCommand.stop();
await profiler?.stop(values.profile!);
const paySeconds = (performance.now() - paying) / 1000;
const seconds = (performance.now() - started) / 1000;

// The delivery message goes out just before the order is marked delivered.
for (let settled = false; !settled; await new Promise((r) => setTimeout(r, 100))) {
  const open = await app.db
    .selectFrom('orders')
    .select('id')
    .where('status', '!=', 'delivered')
    .executeTakeFirst();
  settled = !open;
}
let duplicates = 0;
for (let i = 0; i < buyers; i++) {
  duplicates += Math.max(0, (await emulators.count(token, 800_000 + i, delivered)) - 1);
}
const soldRow = await app.db
  .selectFrom('stock_items')
  .select((eb) => eb.fn.countAll<number>().as('sold'))
  .where('status', '=', 'sold')
  .executeTakeFirst();
const sold = Number(soldRow?.sold ?? 0);
const oversold = Math.max(0, sold - buyers);
const rssMb = process.memoryUsage().rss / 1_048_576;

// Baseline: the same webhook → Telegram path with no shop behind it.
const echo = Fastify();
echo.post('/bench/echo', async (request) => {
  const { chat } = request.body as { chat: number };
  await app.bot.api.sendMessage(chat, 'echo');
  return { ok: true };
});
const echoUrl = await echo.listen({ host: '127.0.0.1', port: 0 });
const baseline = await Promise.all(
  Array.from({ length: buyers }, (_, i) => emulators.post(`${echoUrl}/bench/echo`, { chat: 800_000 + i })),
);
baseline.sort((a, b) => a - b);

await echo.close();
await bench.stop();
await emulators.close();

const p50 = percentile(latencies, 50);
const baseP50 = percentile(baseline, 50);
console.log(
  `buyers=${buyers} wall=${round(seconds, 2)} s (checkout ${round(checkoutSeconds, 2)} s, payments ${round(paySeconds, 2)} s) sold=${sold}`,
);
committed.sort((a, b) => a - b);
console.log(`payment webhook → delivery: p50 ${round(p50)} ms  p99 ${round(percentile(latencies, 99))} ms`);
console.log(
  `  of which webhook → payment committed: p50 ${round(percentile(committed, 50))} ms  p99 ${round(percentile(committed, 99))} ms`,
);
console.log(
  `  cpu during the payments (busy cores): app ${payCpuShare.process}, machine ${payCpuShare.machine}`,
);
// Where the machine's CPU went: "this process" is the app, "node" the emulators' child.
const spent = paySpent.slice(0, 5).map(([name, seconds]) => `${name} ${seconds}`);
console.log(`  cpu seconds during the payments: ${spent.join(', ')}`);
console.log(
  `baseline webhook → sendMessage: p50 ${round(baseP50)} ms  p99 ${round(percentile(baseline, 99))} ms  ratio p50 ${round(p50 / baseP50, 2)}`,
);
console.log(
  JSON.stringify({
    buyers,
    emulators: values.emulators,
    orders_per_s: round(buyers / seconds, 2),
    p50_ms: round(p50),
    p99_ms: round(percentile(latencies, 99)),
    duplicates,
    oversold,
    rss_mb: round(rssMb),
    committed_p99_ms: round(percentile(committed, 99)),
    baseline_p50_ms: round(baseP50),
    baseline_p99_ms: round(percentile(baseline, 99)),
    payment_cpu_s: Object.fromEntries(paySpent.slice(0, 5)),
    load_1m: loadAverage(),
  }),
);
process.exit(0);
