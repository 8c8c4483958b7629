import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import { checkDatabase, checkQueues } from './database.ts';
import { checkPakasir, checkTelegram } from './services.ts';
import { checkCpu, checkDisk, checkLogUsage, checkMemory } from './system.ts';

/** What one check found: ok or not, a figure a person can read, and the raw numbers. */
export interface CheckOutcome {
  ok: boolean;
  summary: string;
  figures?: Record<string, number | string>;
}

export interface CheckResult extends CheckOutcome {
  name: string;
  ms: number;
}

export interface HealthReport {
  ok: boolean;
  checkedAt: Date;
  checks: CheckResult[];
  /** Names of the checks that failed, in order. */
  failed: string[];
}

export interface HealthDeps {
  config: Config;
  /** Null when there is no database to talk to (the reason is in `databaseProblem`). */
  db: Db | null;
  databaseProblem?: string;
}

/** Longest a single check may take; a hanging dependency is a failing one. */
export const CHECK_TIMEOUT_MS = 8_000;

type Check = { name: string; run: (deps: HealthDeps) => Promise<CheckOutcome> };

const CHECKS: Check[] = [
  { name: 'telegram', run: ({ config }) => checkTelegram(config) },
  { name: 'database', run: (deps) => checkDatabase(requireDb(deps)) },
  { name: 'queues', run: (deps) => checkQueues(requireDb(deps)) },
  { name: 'pakasir', run: ({ config }) => checkPakasir(config) },
  { name: 'disk', run: ({ config }) => checkDisk(config) },
  { name: 'memory', run: ({ config }) => checkMemory(config) },
  { name: 'cpu', run: ({ config }) => checkCpu(config) },
  { name: 'logs', run: ({ config }) => checkLogUsage(config) },
];

export const CHECK_NAMES = CHECKS.map((check) => check.name);

/** Runs every check at once; one that throws or hangs fails with its reason, the others go on. */
export async function runHealthChecks(deps: HealthDeps): Promise<HealthReport> {
  const checks = await Promise.all(CHECKS.map((check) => runOne(check, deps)));
  const failed = checks.filter((c) => !c.ok).map((c) => c.name);
  return { ok: failed.length === 0, checkedAt: new Date(), checks, failed };
}

async function runOne(check: Check, deps: HealthDeps): Promise<CheckResult> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await withTimeout(check.run(deps), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
  } catch (error) {
    outcome = { ok: false, summary: errorText(error) };
  }
  return { name: check.name, ...outcome, ms: Math.round(performance.now() - started) };
}

function requireDb(deps: HealthDeps): Db {
  if (!deps.db) throw new Error(deps.databaseProblem ?? 'no database configured');
  return deps.db;
}

export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One line; an AggregateError (every address refused) names its first cause. */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length > 0)
    return errorText(error.errors[0]);
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
