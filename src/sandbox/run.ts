import path from 'node:path';
import { onSignals } from '../infra/shutdown.ts';
import { runTerminalChat } from './chat/terminal-chat.ts';
import { SANDBOX_STORE_NAME, type SandboxStep, startSandbox } from './sandbox.ts';

/** `npm run sandbox`: the shop with local emulators and a terminal chat as its buyer. */

const STEPS: Record<SandboxStep, string> = {
  emulators: 'Menyalakan emulator Telegram & Pakasir / starting the emulators',
  database: 'Menyalakan database / starting the database (the first time takes a while)',
  bot: 'Menyalakan bot / starting the bot',
  catalog: 'Memeriksa katalog / checking the catalog',
};

const DATA_DIR = path.join('.data', 'sandbox');

const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);

const starting = startSandbox({
  dataDir: DATA_DIR,
  databaseUrl: process.env.DATABASE_URL || undefined,
  quietDb: false,
  onStep: (step) => console.log(dim(`⏳ ${STEPS[step]}…`)),
});

/** Stops everything that started (after the start finishes, if it is still running). */
let leaving: Promise<void> | undefined;
const leave = () => {
  leaving ??= (async () => {
    console.log(dim('\n👋 Menghentikan sandbox / stopping…'));
    await starting.then((sandbox) => sandbox.stop()).catch(() => undefined);
  })();
  return leaving;
};
// Ctrl+C reaches the process itself while starting, or when stdin is not a terminal.
onSignals(leave);

const sandbox = await starting.catch((error: unknown) => {
  console.error(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Details are in logs/bot/ and logs/sandbox/.');
  process.exit(1);
});

const { catalog } = sandbox;
if (catalog) {
  const counts = `${catalog.products.created} produk, ${catalog.stock.added} stok, ${catalog.vouchers.created} voucher`;
  console.log(dim(`📦 Katalog demo dimuat / demo catalog loaded: ${counts}`));
}
const database = process.env.DATABASE_URL ? 'DATABASE_URL' : `${DATA_DIR}/postgres`;
console.log(dim(`📝 Log: logs/bot/ · data: ${DATA_DIR}/ · database: ${database}\n`));

await runTerminalChat({
  buyer: sandbox.buyer,
  pakasir: sandbox.pakasir,
  botName: SANDBOX_STORE_NAME,
  input: process.stdin,
  output: process.stdout,
});
await leave();
process.exit(0);
