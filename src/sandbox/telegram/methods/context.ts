import type { BotAccount } from '../bot-registry.ts';
import type { FaultInjector } from '../faults.ts';
import type { Params } from '../params.ts';
import type { EmulatorState } from '../state.ts';

/** Everything a method handler may use for one call. */
export interface MethodContext {
  state: EmulatorState;
  faults: FaultInjector;
  bot: BotAccount;
  params: Params;
  /** Aborted when the caller goes away (matters for long polling). */
  signal: AbortSignal;
}

/** Returns the `result` of a successful call, or throws an ApiError. */
export type MethodHandler = (ctx: MethodContext) => unknown;

/** A result that Telegram accompanies with a description (`"Webhook was set"`). */
export class DescribedResult {
  readonly value: unknown;
  readonly description: string;

  constructor(value: unknown, description: string) {
    this.value = value;
    this.description = description;
  }
}
