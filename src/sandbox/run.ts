import path from 'node:path';
import { parseArgs } from 'node:util';
import { onSignals } from '../infra/shutdown.ts';
import { runTerminalChat } from './chat/terminal-chat.ts';
import { SANDBOX_STORE_NAME, type SandboxStep, startSandbox } from './sandbox.ts';

/**
 * `npm run sandbox`: the shop with local emulators, a web chat and a terminal chat as its buyer.
 * `--no-terminal` (or `--web-only`) keeps only the web chat, `--no-web` only the terminal chat,
 * `--web-port N` picks the web chat's port (default 8088, any free one when busy).
 */

const STEPS: Record<SandboxStep, string> = {
  emulators: 'Menyalakan emulator Telegram & Pakasir / starting the emulators',
  database: 'Menyalakan database / starting the database (the first time takes a while)',
  bot: 'Menyalakan bot / starting the bot',
  catalog: 'Memeriksa katalog / checking the catalog',
};

const DATA_DIR = path.join('.data', 'sandbox');
const DEFAULT_WEB_PORT = 8088;

const flags = parseFlags();

const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);

const starting = startSandbox({
  dataDir: DATA_DIR,
  databaseUrl: process.env.DATABASE_URL || undefined,
  quietDb: false,
  web: flags.web ? { port: flags.webPort } : false,
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
console.log(dim(`📝 Log: logs/bot/ · data: ${DATA_DIR}/ · database: ${database}`));
if (sandbox.web) console.log(`🌐 Chat di browser / web chat: ${sandbox.web.url}`);
console.log(dim(`🔎 Inspector: ${sandbox.app.url}/inspect\n`));

if (!flags.terminal) {
  console.log(dim('Ctrl+C menghentikan sandbox / stops the sandbox.'));
  // The servers keep the process alive; onSignals stops everything and exits.
  await new Promise<never>(() => {});
}

await runTerminalChat({
  buyer: sandbox.buyer,
  pakasir: sandbox.pakasir,
  botName: SANDBOX_STORE_NAME,
  input: process.stdin,
  output: process.stdout,
});
await leave();
process.exit(0);

function parseFlags(): { terminal: boolean; web: boolean; webPort: number } {
  try {
    const { values } = parseArgs({
      options: {
        'no-terminal': { type: 'boolean' },
        'web-only': { type: 'boolean' },
        'no-web': { type: 'boolean' },
        'web-port': { type: 'string' },
      },
    });
    const port = Number(values['web-port'] ?? DEFAULT_WEB_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--web-port expects 0-65535');
    const terminal = !values['no-terminal'] && !values['web-only'];
    const web = !values['no-web'];
    if (!terminal && !web) throw new Error('--no-web with --no-terminal leaves nothing to chat with');
    return { terminal, web, webPort: port };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}`);
    console.error('Usage: npm run sandbox -- [--no-terminal | --web-only] [--no-web] [--web-port N]');
    process.exit(2);
  }
}
