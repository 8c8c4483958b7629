import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, telegramErrors } from './api-error.ts';
import type { FaultInjector } from './faults.ts';
import { DescribedResult, type MethodContext } from './methods/context.ts';
import { findMethod } from './methods/index.ts';
import type { Params } from './params.ts';
import type { EmulatorState } from './state.ts';

/** The HTTP answer to a Bot API call, or a dropped connection. */
export type ApiReply = { kind: 'json'; status: number; body: unknown } | { kind: 'drop' };

/** One Bot API call as the emulator saw it. */
export interface ApiCallRecord {
  botId: number;
  method: string;
  params: Record<string, unknown>;
  status: number | 'dropped';
  at: number;
}

const CALL_LOG_SIZE = 2_000;

/**
 * Runs one Bot API call: authenticates the token, counts the call, applies injected latency and
 * failures, then runs the method and wraps its result or error in Telegram's envelope.
 */
export class Dispatcher {
  private readonly state: EmulatorState;
  private readonly faults: FaultInjector;
  readonly calls: ApiCallRecord[] = [];

  constructor(state: EmulatorState, faults: FaultInjector) {
    this.state = state;
    this.faults = faults;
  }

  async handle(
    token: string,
    requestedMethod: string,
    readParams: () => Promise<Params>,
    signal: AbortSignal,
  ): Promise<ApiReply> {
    const bot = this.state.bots.resolve(token);
    if (!bot) return errorReply(telegramErrors.unauthorized());
    const known = findMethod(requestedMethod);
    const method = known?.name ?? requestedMethod;
    this.faults.countCall(bot.id, method);
    let params: Params | undefined;
    let reply: ApiReply;
    try {
      if (await this.faults.unreachable(signal)) {
        this.record(bot.id, method, undefined, { kind: 'drop' });
        return { kind: 'drop' };
      }
      params = await readParams();
      await this.delay(method, signal);
      const injected = this.faults.takeFailure(bot.id, method);
      if (injected === 'drop') reply = { kind: 'drop' };
      else if (injected) reply = errorReply(injected);
      else if (!known) reply = errorReply(telegramErrors.notFound());
      else {
        const ctx: MethodContext = { state: this.state, faults: this.faults, bot, params, signal };
        reply = successReply(await known.handler(ctx));
        const hold = this.faults.answerDelayFor(method);
        if (hold > 0) await sleep(hold, undefined, { signal }).catch(() => undefined);
      }
    } catch (error) {
      reply = errorReply(error instanceof ApiError ? error : unexpected(error));
    }
    this.record(bot.id, method, params, reply);
    return reply;
  }

  private async delay(method: string, signal: AbortSignal): Promise<void> {
    const ms = this.faults.latencyFor(method);
    if (ms > 0) await sleep(ms, undefined, { signal }).catch(() => undefined);
  }

  private record(botId: number, method: string, params: Params | undefined, reply: ApiReply): void {
    const status = reply.kind === 'drop' ? 'dropped' : reply.status;
    this.calls.push({ botId, method, params: params?.summary() ?? {}, status, at: Date.now() });
    if (this.calls.length > CALL_LOG_SIZE) this.calls.splice(0, this.calls.length - CALL_LOG_SIZE);
  }
}

function successReply(result: unknown): ApiReply {
  if (result instanceof DescribedResult) {
    return {
      kind: 'json',
      status: 200,
      body: { ok: true, result: result.value, description: result.description },
    };
  }
  return { kind: 'json', status: 200, body: { ok: true, result } };
}

function errorReply(error: ApiError): ApiReply {
  return { kind: 'json', status: error.errorCode, body: error.toBody() };
}

/** A bug in the emulator itself: answered as Telegram's 500, with the cause to ease debugging. */
function unexpected(error: unknown): ApiError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(500, `Internal Server Error: ${detail}`);
}
