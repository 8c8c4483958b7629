// The chaos drill's shared types: its context, hooks, options and report.
import type { ActorRuntime } from '../src/actors/runtime.ts';
import type { Db } from '../src/infra/db.ts';
import type { ShopMachines } from '../src/machines/kinds.ts';
import type { PakasirEmulator } from '../src/sandbox/pakasir/types.ts';
import type { TelegramEmulator } from '../src/sandbox/telegram/index.ts';

/** What the drill hands to a hook: everything the buyers and the checks use. */
export interface ChaosContext {
  db: Db;
  telegram: TelegramEmulator;
  pakasir: PakasirEmulator;
  /** Sends events to actors from outside the app (no workers: the app runs the effects). */
  runtime: ActorRuntime<ShopMachines>;
  botToken: string;
  adminId: number;
  buyerIds: number[];
  /** Seeded: a run can be repeated with --seed. */
  random: () => number;
  /** When each SIGKILL was sent (ms since the epoch). */
  kills: number[];
  /** Figures the checks add (e.g. deliveries sent again after a kill mid-send). */
  counted: Record<string, number>;
}

/**
 * An extra activity during the rounds and its own checks at the end. A broadcast drill is
 * one of these: `start` begins a broadcast to the buyers, `check` counts each recipient's
 * copies (none twice); pass it in `hooks` and its figures and problems join the report.
 */
export interface ChaosHook {
  name: string;
  /** Extra environment for the app process (e.g. BROADCAST_RATE), merged in before the first start. */
  env?: Record<string, string>;
  /** Called once, when the app is first up (before the first kill). */
  start?(ctx: ChaosContext): Promise<void>;
  /** Called each round once the app is up again. */
  round?(ctx: ChaosContext, round: number): Promise<void>;
  /** After quiescence: problems found (empty when none) and figures to print. */
  check(ctx: ChaosContext): Promise<{ problems: string[]; figures: Record<string, number> }>;
}

export interface ChaosOptions {
  rounds: number;
  buyers?: number;
  /** The app lives a random time in this range each round before the SIGKILL. */
  minUpMs?: number;
  maxUpMs?: number;
  seed?: number;
  hooks?: ChaosHook[];
  /** Progress lines (one per round). */
  log?: (line: string) => void;
}

export interface ChaosReport {
  rounds: number;
  kills: number;
  seed: number;
  seconds: number;
  secondsPerRound: number;
  figures: Record<string, number>;
  problems: string[];
}
