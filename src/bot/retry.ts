import type { Api } from 'grammy';

/** Exponential backoff: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number, baseMs = 1_000, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Waits, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** grammY types its signals with an AbortSignal shim; at run time Node's own is used. */
export type GrammySignal = Parameters<Api['getMe']>[0];

/** The signal of one outbound attempt: the caller's, bounded by a timeout. */
export function attemptSignal(signal: AbortSignal, timeoutMs: number): GrammySignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) as unknown as GrammySignal;
}

export function timeoutSignal(timeoutMs: number): GrammySignal {
  return AbortSignal.timeout(timeoutMs) as unknown as GrammySignal;
}

/** A short, secret-free description of a failed call for logs and /health. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { error?: unknown }).error ?? error.cause;
    const code = (cause as { code?: string; cause?: { code?: string } } | undefined)?.code;
    const inner = (cause as { cause?: { code?: string } } | undefined)?.cause?.code;
    return code || inner ? `${error.message} (${code ?? inner})` : error.message;
  }
  return String(error);
}
