import { parseArgs } from 'node:util';
import { startTelegramEmulator } from './emulator.ts';

/** Runs the Telegram Bot API emulator until SIGINT/SIGTERM: `npm run sandbox:telegram -- --port 8081`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      bot: { type: 'string', multiple: true, default: [] },
    },
  });
  const bots = values.bot.map((spec) => {
    const [token = '', username] = spec.split(',');
    return username ? { token, username } : { token };
  });
  const emulator = await startTelegramEmulator({ port: Number(values.port), host: values.host, bots });
  console.log(`Telegram Bot API emulator listening on ${emulator.apiRoot}`);
  console.log(`Use it with TELEGRAM_API_ROOT=${emulator.apiRoot}`);
  const stop = async (): Promise<void> => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
