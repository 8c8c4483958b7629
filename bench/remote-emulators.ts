import { fork } from 'node:child_process';

type Answer = {
  id: number;
  result?: unknown;
  error?: string;
  ready?: { apiRoot: string; pakasirUrl: string };
};

/**
 * Starts bench/emulators-child.ts (Telegram + Pakasir emulators in their own process) and
 * returns a typed client for it.
 */
export async function startRemoteEmulators() {
  const child = fork(new URL('./emulators-child.ts', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<{ apiRoot: string; pakasirUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulators exited with ${code}`)));
    child.on('message', (answer: Answer) => {
      if (answer.ready) return resolve(answer.ready);
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.error !== undefined) waiter?.reject(new Error(answer.error));
      else waiter?.resolve(answer.result);
    });
  });
  const call = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  const { apiRoot, pakasirUrl } = await ready;
  return {
    apiRoot,
    pakasirUrl,
    setWebhookUrl: (url: string) => call<void>('setWebhookUrl', { url }),
    waitInvoice: (token: string, chat: number, orderId: string, timeout: number) =>
      call<void>('waitInvoice', { token, chat, orderId, timeout }),
    /** Milliseconds from the payment to the chat's message matching `pattern`. */
    pay: (token: string, chat: number, orderId: string, pattern: string) =>
      call<number>('pay', { token, chat, orderId, pattern }),
    count: (token: string, chat: number, pattern: string) => call<number>('count', { token, chat, pattern }),
    /** Milliseconds for one JSON POST made from the emulators' process. */
    post: (url: string, body: unknown) => call<number>('post', { url, body }),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => {});
      await exited;
    },
  };
}

export type RemoteEmulators = Awaited<ReturnType<typeof startRemoteEmulators>>;
