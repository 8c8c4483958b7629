/**
 * Both emulators in a process of their own, driven over the IPC channel by a benchmark
 * (bench/remote-emulators.ts), so the app's figures are not paying for the emulators' CPU.
 * Every request is `{ id, op, args }`; every answer `{ id, result }` or `{ id, error }`.
 */
import { startPakasirEmulator } from '../src/sandbox/pakasir/index.ts';
import { startTelegramEmulator } from '../src/sandbox/telegram/index.ts';

type Request = { id: number; op: string; args: Record<string, unknown> };

const telegram = await startTelegramEmulator();
const pakasir = await startPakasirEmulator({
  slug: String(process.env.BENCH_PAKASIR_SLUG ?? 'bench'),
  apiKey: String(process.env.BENCH_PAKASIR_KEY ?? 'pk_bench_0123456789'),
  isSandbox: false,
  statusPollWindowMs: 0,
});

const userFor = (token: string, chat: number) =>
  telegram.user({ id: chat, firstName: `Bench${chat}` }, token);

const ops: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  setWebhookUrl: async ({ url }) => pakasir.setWebhookUrl(String(url)),
  /** Resolves once the chat holds a photo whose caption names the order (the invoice). */
  waitInvoice: async ({ token, chat, orderId, timeout }) => {
    await userFor(String(token), Number(chat)).waitFor((e) => !!e.photo && e.text.includes(String(orderId)), {
      timeout: Number(timeout),
    });
  },
  /** Pays (the emulator posts the webhook) and times it until the delivery message arrives. */
  pay: async ({ token, chat, orderId, pattern }) => {
    const buyer = userFor(String(token), Number(chat));
    const started = performance.now();
    await pakasir.simulatePayment(String(orderId));
    await buyer.waitFor(new RegExp(String(pattern)), { timeout: 120_000 });
    return performance.now() - started;
  },
  /** How many of the chat's messages match. */
  count: async ({ token, chat, pattern }) => {
    const re = new RegExp(String(pattern));
    return telegram
      .chat(String(token), Number(chat))
      .messages()
      .filter((m) => re.test(m.text)).length;
  },
  /** Times one POST to the app, answered after the app's own call back into the emulator. */
  post: async ({ url, body }) => {
    const started = performance.now();
    await fetch(String(url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return performance.now() - started;
  },
  close: async () => {
    await telegram.close();
    await pakasir.close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', (message: Request) => {
  const op = ops[message.op];
  if (!op) return process.send?.({ id: message.id, error: `unknown op ${message.op}` });
  op(message.args).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.send?.({ ready: { apiRoot: telegram.apiRoot, pakasirUrl: pakasir.baseUrl } });
