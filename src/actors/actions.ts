import { randomUUID } from 'node:crypto';
import type { JobInsert } from 'pg-boss';
import { uuidFromName } from './ids.ts';
import type { ActorKind } from './types.ts';

/** The queue every kind shared before kinds had their own: still drained after an upgrade. */
export const EFFECTS_QUEUE = 'actor-effects';
export const DEAD_EFFECTS_QUEUE = 'actor-effects-dead';
export const TIMERS_QUEUE = 'actor-timers';
export const DEAD_TIMERS_QUEUE = 'actor-timers-dead';
export const EFFECT_HEARTBEAT_SECONDS = 10;

/** Effects of one kind run on its own queue, so a flood of one kind cannot starve another. */
export function effectQueueOf(kind: ActorKind): string {
  return kind.queue?.name ?? `${EFFECTS_QUEUE}/${kind.kind}`;
}

export interface EffectJob {
  kind: string;
  actorId: string;
  type: string;
  params: unknown;
  effectId: string;
}

export interface TimerJob {
  token: string;
}

export interface ActionPlan {
  timers: { token: string; sendId: string; event: unknown; dueAt: Date }[];
  cancels: string[];
  effects: JobInsert<EffectJob>[];
}

interface ActionLike {
  type: string;
  params?: unknown;
}

// Actions XState resolves itself or that leave no trace outside the snapshot.
const LOCAL_ACTIONS = new Set([
  'xstate.assign',
  'xstate.log',
  'xstate.emit',
  'xstate.spawnChild',
  'xstate.stopChild',
]);

/**
 * Turns the actions returned by `transition` into durable work: delayed raises become
 * timers, cancels delete them, named actions become outbox effects with stable ids.
 */
export function planActions(
  kind: ActorKind,
  actorId: string,
  revision: number,
  actions: ActionLike[],
): ActionPlan {
  const plan: ActionPlan = { timers: [], cancels: [], effects: [] };
  for (const [index, action] of actions.entries()) {
    if (action.type === 'xstate.raise') planRaise(plan, action.params);
    else if (action.type === 'xstate.cancel')
      planCancel(plan, String((action.params as { sendId: unknown }).sendId));
    else if (!LOCAL_ACTIONS.has(action.type))
      plan.effects.push(planEffect(kind, actorId, revision, index, action));
  }
  return plan;
}

function planEffect(kind: ActorKind, actorId: string, revision: number, index: number, action: ActionLike) {
  const definition = kind.effects?.[action.type];
  if (!definition)
    throw new Error(`actor kind "${kind.kind}" has no effect handler for action "${action.type}"`);
  const effectId = uuidFromName(`${kind.kind}/${actorId}/${revision}/${index}`);
  return {
    id: effectId,
    data: { kind: kind.kind, actorId, type: action.type, params: action.params ?? null, effectId },
    retryLimit: definition.retryLimit ?? 5,
    retryDelay: definition.retryDelaySeconds ?? 2,
    retryBackoff: true,
    retryDelayMax: definition.retryDelayMaxSeconds ?? 300,
    priority: definition.priority ?? 0,
    deadLetter: DEAD_EFFECTS_QUEUE,
    // A process that dies mid-effect stops beating; the job is retried within seconds.
    heartbeatSeconds: EFFECT_HEARTBEAT_SECONDS,
  };
}

function planCancel(plan: ActionPlan, sendId: string): void {
  plan.timers = plan.timers.filter((t) => t.sendId !== sendId);
  plan.cancels.push(sendId);
}

function planRaise(plan: ActionPlan, params: unknown): void {
  const { event, id, delay } = params as { event: unknown; id?: string; delay?: number };
  // A raise without delay is processed inside the same macrostep by XState itself.
  if (delay === undefined) return;
  const sendId = id ?? randomUUID();
  // Re-entering a state raises the same id again: the new timer replaces the old one.
  plan.timers = plan.timers.filter((t) => t.sendId !== sendId);
  plan.timers.push({ token: randomUUID(), sendId, event, dueAt: new Date(Date.now() + Math.max(0, delay)) });
}
