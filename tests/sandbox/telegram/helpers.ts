import { Api, GrammyError } from 'grammy';
import { expect } from 'vitest';
import type { TelegramEmulator } from '../../../src/sandbox/telegram/index.ts';

/** A grammY Api client pointed at the emulator. */
export function apiFor(emulator: TelegramEmulator, token: string): Api {
  return new Api(token, { apiRoot: emulator.apiRoot });
}

/** Asserts that a call fails as grammY reports Telegram errors, and returns the error. */
export async function expectGrammyError(
  call: Promise<unknown>,
  errorCode: number,
  description: string | RegExp,
) {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(GrammyError);
  const grammyError = error as GrammyError;
  expect(grammyError.error_code).toBe(errorCode);
  if (typeof description === 'string') expect(grammyError.description).toBe(description);
  else expect(grammyError.description).toMatch(description);
  return grammyError;
}

type RawBody = { ok: boolean; result?: unknown; error_code?: number; description?: string };

/** A Bot API call over plain HTTP, returning status and parsed body. */
export async function rawCall(
  emulator: TelegramEmulator,
  token: string,
  method: string,
  init: RequestInit = {},
): Promise<{ status: number; body: RawBody }> {
  const response = await fetch(`${emulator.apiRoot}/bot${token}/${method}`, init);
  return { status: response.status, body: (await response.json()) as RawBody };
}

export function jsonBody(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Polls a condition without busy-waiting the event loop. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
