// Turns a wire body into a typed value or a PakasirError naming every problem.
import type { z } from 'zod';
import { PakasirError } from './errors.ts';
import { describeIssues } from './schemas.ts';

export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, label: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new PakasirError({
    kind: 'invalid_response',
    message: `${label}: unexpected response (${describeIssues(result.error).join('; ')})`,
    body,
  });
}

/** The gateway must answer about the invoice we asked for; anything else is a bug upstream. */
export function assertSameInvoice(
  label: string,
  expected: { orderId: string; amount: number },
  actual: { orderId: string; amount: number },
  body: unknown,
): void {
  if (expected.orderId === actual.orderId && expected.amount === actual.amount) return;
  throw new PakasirError({
    kind: 'invalid_response',
    message: `${label}: answered for order ${actual.orderId} / ${actual.amount}, asked ${expected.orderId} / ${expected.amount}`,
    body,
  });
}
