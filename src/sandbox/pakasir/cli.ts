// Runs the Pakasir emulator by hand:
//   npm run sandbox:pakasir -- --port 8790 --webhook-url http://127.0.0.1:3000/pakasir/webhook
import { parseArgs } from 'node:util';
import { startPakasirEmulator } from './emulator.ts';

const USAGE =
  'usage: npm run sandbox:pakasir -- [--port N] [--host H] [--webhook-url URL] [--slug s] [--api-key k] [--secret x] [--production] [--lifetime-ms N] [--poll-window-ms N]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8790' },
      host: { type: 'string', default: '127.0.0.1' },
      'webhook-url': { type: 'string' },
      slug: { type: 'string', default: 'sandbox-shop' },
      'api-key': { type: 'string', default: 'sandbox-api-key' },
      secret: { type: 'string', default: 'sandbox-webhook-secret' },
      production: { type: 'boolean', default: false },
      'lifetime-ms': { type: 'string' },
      'poll-window-ms': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startPakasirEmulator({
    port: toInt(values.port, 'port'),
    host: values.host,
    slug: values.slug,
    apiKey: values['api-key'],
    webhookSecret: values.secret,
    isSandbox: !values.production,
    logger: true,
    ...(values['webhook-url'] === undefined ? {} : { webhookUrl: values['webhook-url'] }),
    ...(values['lifetime-ms'] === undefined
      ? {}
      : { invoiceLifetimeMs: toInt(values['lifetime-ms'], 'lifetime-ms') }),
    ...(values['poll-window-ms'] === undefined
      ? {}
      : { statusPollWindowMs: toInt(values['poll-window-ms'], 'poll-window-ms') }),
  });
  console.log(`Pakasir emulator listening on ${emulator.baseUrl}`);
  console.log(`PAKASIR_BASE_URL=${emulator.baseUrl} slug=${emulator.slug} api key=${emulator.apiKey}`);
  console.log(`webhooks → ${values['webhook-url'] ?? '(none)'}`);
  const stop = (signal: string) => {
    console.log(`${signal} received, stopping`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function toInt(value: string | undefined, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`);
  return parsed;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
