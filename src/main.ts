import { startApp } from './app.ts';
import { parseCommandLine } from './infra/cli-args.ts';
import { loadConfig, loadDotEnv } from './infra/config.ts';
import { exitOnConfigError } from './infra/fatal.ts';
import { limitHeapGrowth } from './infra/heap.ts';
import { onSignals } from './infra/shutdown.ts';

const USAGE = [
  'usage: npm start -- [--mode polling|webhook|auto]',
  '',
  '  --mode M   how Telegram updates arrive; overrides BOT_MODE (default auto):',
  '             polling  the bot asks Telegram for updates (no public address needed)',
  '             webhook  Telegram posts updates to TELEGRAM_WEBHOOK_URL',
  '             auto     webhook when TELEGRAM_WEBHOOK_URL is set, falling back to polling',
  '                      while Telegram cannot deliver to it',
  '  --help     show this help',
].join('\n');
const BOT_MODES = ['polling', 'webhook', 'auto'];

const flags = parseCommandLine({ mode: { type: 'string' } }, USAGE);
if (flags.mode !== undefined && !BOT_MODES.includes(flags.mode)) {
  process.stderr.write(`--mode must be polling, webhook or auto, got "${flags.mode}"\n\n${USAGE}\n`);
  process.exit(2);
}
limitHeapGrowth();
loadDotEnv();
// The flag wins over BOT_MODE from the environment or .env.
const config = exitOnConfigError(() =>
  loadConfig(flags.mode === undefined ? process.env : { ...process.env, BOT_MODE: flags.mode }),
);
if (!config.TELEGRAM_BOT_TOKEN) {
  process.stderr.write(
    [
      'TELEGRAM_BOT_TOKEN is not set, so there is no bot to run.',
      '',
      '  • To run your shop: create a bot with @BotFather, put its token in .env',
      '    (copy .env.example), add your Pakasir project slug and API key, then npm start.',
      '  • To try the shop right now without Telegram: npm run sandbox',
      '',
    ].join('\n'),
  );
  process.exit(2);
}
// Signals are handled from the start: a Ctrl+C while starting stops the bot once it is up.
const starting = startApp(config).catch((error: unknown) => {
  // The log has the details; the terminal gets one line saying what went wrong.
  process.stderr.write(
    `The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
onSignals(async (signal) => {
  const app = await starting;
  app.logger.info({ signal }, 'shutting down');
  await app.stop();
});
