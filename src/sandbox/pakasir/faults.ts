// Queued fault injection: each plan applies to the next N matching requests.
import type { FailOptions, HangOptions, PakasirRoute, ShapeChange, ShapeOptions } from './types.ts';

export type Fault =
  | { kind: 'fail'; status: number; retryAfterSeconds?: number; message: string }
  | { kind: 'hang'; ms: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'reshape'; change: ShapeChange };

interface Plan {
  route: PakasirRoute | undefined;
  remaining: number;
  fault: Fault;
}

export class FaultPlan {
  #plans: Plan[] = [];

  failNext(count: number, options: FailOptions = {}): void {
    this.#add(count, options.route, failFault(options));
  }

  hangNext(count: number, options: HangOptions = {}): void {
    this.#add(count, options.route, { kind: 'hang', ms: options.ms ?? 30_000 });
  }

  slowNext(count: number, options: HangOptions = {}): void {
    this.#add(count, options.route, { kind: 'slow', ms: options.ms ?? 1_000 });
  }

  /** Every matching request fails until `endOutage` (or `clear`): a gateway that is down. */
  startOutage(options: FailOptions = {}): void {
    this.#add(Number.POSITIVE_INFINITY, options.route, failFault(options));
  }

  endOutage(): void {
    this.#plans = this.#plans.filter(
      (p) => !(p.fault.kind === 'fail' && p.remaining === Number.POSITIVE_INFINITY),
    );
  }

  /** The next `count` matching answers (Infinity: until `clear`) come in a changed shape. */
  reshapeNext(count: number, options: ShapeOptions): void {
    this.#add(count, options.route, { kind: 'reshape', change: options.change });
  }

  clear(): void {
    this.#plans = [];
  }

  /** Consumes one use of the first plan matching the route. */
  take(route: PakasirRoute): Fault | undefined {
    const plan = this.#plans.find((p) => p.route === undefined || p.route === route);
    if (!plan) return undefined;
    plan.remaining -= 1;
    if (plan.remaining <= 0) this.#plans = this.#plans.filter((p) => p !== plan);
    return plan.fault;
  }

  #add(count: number, route: PakasirRoute | undefined, fault: Fault): void {
    const whole = Number.isInteger(count) || count === Number.POSITIVE_INFINITY;
    if (!whole || count < 1) throw new RangeError('count must be a positive integer or Infinity');
    this.#plans.push({ route, remaining: count, fault });
  }
}

function failFault(options: FailOptions): Fault {
  return {
    kind: 'fail',
    status: options.status ?? 503,
    message: options.message ?? 'Service temporarily unavailable (injected fault)',
    ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
  };
}

/** Indonesian thousands grouping: 12000 → "12.000", what a careless serializer might send. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/**
 * Rewrites a JSON answer as a changed API would: the transaction object is the body itself
 * (v2), or under `transaction` / `payment` (v1). Error answers are left alone.
 */
export function reshape(body: Record<string, unknown>, change: ShapeChange): Record<string, unknown> {
  const inner = (['transaction', 'payment'] as const).find(
    (k) => typeof body[k] === 'object' && body[k] !== null,
  );
  if (inner) return { ...body, [inner]: reshape(body[inner] as Record<string, unknown>, change) };
  if (body.success === false || !('amount' in body)) return body;
  const { amount, ...rest } = body;
  switch (change) {
    case 'renamed_field':
      return { ...rest, nominal: amount };
    case 'unknown_status':
      return { ...body, status: 'settled' };
    case 'amount_as_string':
      return { ...body, amount: String(amount) };
    case 'amount_formatted':
      return { ...body, amount: grouped(Number(amount)) };
  }
}
