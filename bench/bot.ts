/**
 * Bot throughput: USERS buyers send /start at once; each waits for the whole answer (the
 * welcome with live stats and categories, then the menu: database reads, a user upsert
 * and two messages). The baseline,
 * measured in the same run against the same emulator, is a bare grammY bot on the same
 * runner that answers /start with one plain message. A second baseline answers the way
 * the shop does, with no database behind it: an HTML welcome with an inline keyboard, then
 * a message with the reply keyboard (`ratio_two_messages`). Last line: one JSON object.
 */
import { parseArgs } from 'node:util';
import { run } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { SimUser, TelegramEmulator } from '../src/sandbox/telegram/index.ts';
import { startBenchShop } from './shop.ts';
import { loadAverage, measureCpu, percentile, round, startProfile } from './support.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    // Rounds of one burst per bot: unmeasured first, then measured (the median counts).
    'warm-up': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    // Writes a CPU profile of the measured rounds (.cpuprofile).
    profile: { type: 'string' },
  },
});
const users = Number(values.users);
const token = '7000000001:AAH-bench-token-for-the-bot-throughput';
const echoToken = '7000000002:AAH-bench-token-for-the-bare-echo-bot';
const twoToken = '7000000003:AAH-bench-token-for-the-two-message-bot';

async function burst(telegram: TelegramEmulator, botToken: string, firstId: number, reply: string | RegExp) {
  const buyers: SimUser[] = Array.from({ length: users }, (_, i) =>
    telegram.user({ id: firstId + i, firstName: `U${i}`, languageCode: 'id' }, botToken),
  );
  const started = performance.now();
  const cpu = measureCpu();
  const latencies = await Promise.all(
    buyers.map(async (buyer) => {
      const t = performance.now();
      buyer.sendCommand('/start');
      await buyer.waitFor(reply, { timeout: 120_000 });
      return performance.now() - t;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // CPU time of this process (bots and emulator) per update, in ms.
  const cpuMs = (cpu.stop().process * seconds * 1000) / users;
  return { seconds, latencies: latencies.sort((a, b) => a - b), cpuMs };
}

type Burst = Awaited<ReturnType<typeof burst>>;

/** One bot's measured bursts as one: the median burst's time and CPU, every latency. */
function median(runs: Burst[]): Burst {
  const middle = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
  return { ...middle, latencies: runs.flatMap((r) => r.latencies).sort((x, y) => x - y) };
}

const shop = await startBenchShop('bao_bench_bot', token);
const echo = new Bot(echoToken, { client: { apiRoot: shop.telegram.apiRoot } });
echo.command('start', (ctx) => ctx.reply('halo'));
await echo.init();
const echoRunner = run(echo);
const two = new Bot(twoToken, { client: { apiRoot: shop.telegram.apiRoot } });
two.command('start', async (ctx) => {
  await ctx.reply('👋 <b>Halo</b>, selamat datang di <i>toko</i>!\nPilih kategori:', {
    parse_mode: 'HTML',
    reply_markup: {
      inline_keyboard: [
        [{ text: 'Kategori A', callback_data: 'a' }],
        [{ text: 'Kategori B', callback_data: 'b' }],
      ],
    },
  });
  await ctx.reply('Menu siap.', {
    reply_markup: { keyboard: [[{ text: '🛍 Katalog' }, { text: '❓ Bantuan' }]], resize_keyboard: true },
  });
});
await two.init();
const twoRunner = run(two);

// Warm-up rounds first (compiled code, open connections: the shop has many more code
// paths to compile than a bare bot), then measured rounds, each bot once per round in a
// rotating order, so neither a cold start nor the machine's drift favours one of them.
// Each burst has new users and waits for every user's last message.
let lastUser = 700_000;
/** The first id of a block of `users` ids no burst has used. */
const newUsers = () => {
  lastUser += users;
  return lastUser;
};
const bursts = {
  echo: () => burst(shop.telegram, echoToken, newUsers(), 'halo'),
  two: () => burst(shop.telegram, twoToken, newUsers(), 'Menu siap.'),
  shop: () => burst(shop.telegram, token, newUsers(), 'Menu utama sudah siap'),
};
type Name = keyof typeof bursts;
const names: Name[] = ['echo', 'two', 'shop'];
for (let round = 0; round < Number(values['warm-up']); round++)
  for (const name of names) await bursts[name]();
const measured: Record<Name, Burst[]> = { echo: [], two: [], shop: [] };
const profiler = values.profile ? await startProfile() : undefined;
for (let round = 0; round < Number(values.rounds); round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(round + i) % names.length]!;
    measured[name].push(await bursts[name]());
  }
}
await profiler?.stop(values.profile!);
const bot = median(measured.shop);
const baselineTwo = median(measured.two);
const baseline = median(measured.echo);
const rssMb = process.memoryUsage().rss / 1_048_576;

await echoRunner.stop();
await twoRunner.stop();
await shop.stop();

const perS = users / bot.seconds;
const basePerS = users / baseline.seconds;
const twoPerS = users / baselineTwo.seconds;
console.log(`users=${users}  load average (1 min): ${loadAverage()}`);
console.log(
  `shop /start:    ${round(perS)} updates/s  p50 ${round(percentile(bot.latencies, 50))} ms  p99 ${round(percentile(bot.latencies, 99))} ms  cpu ${round(bot.cpuMs, 2)} ms/update`,
);
console.log(
  `bare echo bot:  ${round(basePerS)} updates/s  p50 ${round(percentile(baseline.latencies, 50))} ms  p99 ${round(percentile(baseline.latencies, 99))} ms  cpu ${round(baseline.cpuMs, 2)} ms/update`,
);
console.log(
  `two-message bot: ${round(twoPerS)} updates/s  p50 ${round(percentile(baselineTwo.latencies, 50))} ms  p99 ${round(percentile(baselineTwo.latencies, 99))} ms  cpu ${round(baselineTwo.cpuMs, 2)} ms/update`,
);
console.log(
  JSON.stringify({
    users,
    updates_per_s: round(perS),
    p50_ms: round(percentile(bot.latencies, 50)),
    p99_ms: round(percentile(bot.latencies, 99)),
    baseline_updates_per_s: round(basePerS),
    ratio: round(perS / basePerS, 2),
    baseline_two_messages_per_s: round(twoPerS),
    ratio_two_messages: round(perS / twoPerS, 2),
    rss_mb: round(rssMb),
    load_1m: loadAverage(),
  }),
);
process.exit(0);
