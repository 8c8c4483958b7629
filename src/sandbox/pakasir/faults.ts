// Queued fault injection: each plan applies to the next N matching requests.
import type { FailOptions, HangOptions, PakasirRoute } from './types.ts';

export type Fault =
  | { kind: 'fail'; status: number; retryAfterSeconds?: number; message: string }
  | { kind: 'hang'; ms: number }
  | { kind: 'slow'; ms: number };

interface Plan {
  route: PakasirRoute | undefined;
  remaining: number;
  fault: Fault;
}

export class FaultPlan {
  #plans: Plan[] = [];

  failNext(count: number, options: FailOptions = {}): void {
    const fault: Fault = {
      kind: 'fail',
      status: options.status ?? 503,
      message: options.message ?? 'Service temporarily unavailable (injected fault)',
      ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
    };
    this.#add(count, options.route, fault);
  }

  hangNext(count: number, options: HangOptions = {}): void {
    this.#add(count, options.route, { kind: 'hang', ms: options.ms ?? 30_000 });
  }

  slowNext(count: number, options: HangOptions = {}): void {
    this.#add(count, options.route, { kind: 'slow', ms: options.ms ?? 1_000 });
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
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    this.#plans.push({ route, remaining: count, fault });
  }
}
