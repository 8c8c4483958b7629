// What the route modules share with the emulator.
import type { preHandlerHookHandler } from 'fastify';
import type { EmulatorClock } from './clock.ts';
import type { PaymentDriver } from './payments.ts';
import type { PollLimiter } from './poll-limiter.ts';
import type { TransactionStore } from './store.ts';
import type { PakasirRoute } from './types.ts';
import type { WebhookDispatcher } from './webhooks.ts';

export interface RouteContext {
  slug: string;
  apiKey: string;
  isSandbox: boolean;
  clock: EmulatorClock;
  store: TransactionStore;
  polls: PollLimiter;
  payments: PaymentDriver;
  dispatcher: WebhookDispatcher;
  /** Counts the call and applies any injected fault once the body is read (a held request must still carry its body when released). */
  guard(route: PakasirRoute): preHandlerHookHandler;
}
