import { startApp } from './app.ts';
import { loadConfig, loadDotEnv } from './infra/config.ts';
import { exitOnConfigError } from './infra/fatal.ts';
import { onSignals } from './infra/shutdown.ts';

loadDotEnv();
const config = exitOnConfigError(loadConfig);
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
