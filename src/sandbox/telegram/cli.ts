import { parseCommandLine } from '../../infra/cli-args.ts';
import { startTelegramEmulator } from './emulator.ts';

const USAGE = [
  'usage: npm run sandbox:telegram -- [--port N] [--host H] [--bot TOKEN[,USERNAME]]...',
  '',
  '  --port N                  port to listen on (default 8081)',
  '  --host H                  address to listen on (default 127.0.0.1)',
  '  --bot TOKEN[,USERNAME]    register a bot up front; repeatable (any <digits>:<secret>',
  '                            token is also accepted on first use)',
  '  --help                    show this help',
].join('\n');

/** Runs the Telegram Bot API emulator until SIGINT/SIGTERM: `npm run sandbox:telegram -- --port 8081`. */
async function main(): Promise<void> {
  const values = parseCommandLine(
    {
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      bot: { type: 'string', multiple: true, default: [] },
    },
    USAGE,
  );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got "${values.port}"\n\n${USAGE}\n`);
    process.exit(2);
  }
  const bots = values.bot.map((spec) => {
    const [token = '', username] = spec.split(',');
    return username ? { token, username } : { token };
  });
  const emulator = await startTelegramEmulator({ port, host: values.host, bots });
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
