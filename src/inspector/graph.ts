import type { AnyStateMachine } from 'xstate';

/**
 * A machine's statechart as plain data, read from `machine.root`: what the inspector
 * draws and the docs generator writes. Pure: no database, no effects.
 */

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface GraphState {
  /** XState's id, e.g. "order.awaitingPayment". */
  id: string;
  /** Dotted path below the root, as `actors.state` stores it ("" for the root). */
  path: string;
  key: string;
  type: StateType;
  parent: string | null;
  /** Id of the initial child state (compound states). */
  initial: string | null;
  /** Named actions run on entry and exit. */
  entry: string[];
  exit: string[];
  /** Effects (actions with a durable handler) among entry actions. */
  effects: string[];
  /** Delays of the timers this state starts on entry. */
  timers: string[];
}

export interface GraphTransition {
  source: string;
  /** Empty for a targetless transition (stays in the state, runs its actions). */
  targets: string[];
  /** The event name; for `after` "after <delay>", for `always` "always". */
  event: string;
  trigger: 'event' | 'after' | 'always';
  guard: string | null;
  delay: string | null;
  actions: string[];
  effects: string[];
}

export interface MachineGraph {
  kind: string;
  root: string;
  states: GraphState[];
  transitions: GraphTransition[];
}

interface NodeLike {
  id: string;
  key: string;
  path: string[];
  type: StateType;
  parent?: NodeLike;
  states: Record<string, NodeLike>;
  initial?: { target?: NodeLike[] };
  entry: unknown[];
  exit: unknown[];
  transitions: Map<string, TransitionLike[]>;
  after: (TransitionLike & { delay: unknown })[];
  always?: TransitionLike[];
}

interface TransitionLike {
  eventType: string;
  target?: NodeLike[];
  guard?: unknown;
  actions: unknown[];
  delay?: unknown;
}

const AFTER_PREFIX = 'xstate.after.';

/** A readable name for an action: its name, or XState's type for inline built-ins. */
export function actionName(action: unknown): string | null {
  if (typeof action === 'string') return action;
  if (typeof action === 'function') {
    const type = (action as { type?: unknown }).type;
    return typeof type === 'string' ? type : 'inline';
  }
  if (action && typeof action === 'object' && 'type' in action) return String(action.type);
  return null;
}

/** "isPaid", "effectFailed(sendInvoice)", "not(x)"; inline guard functions are "guard". */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as { guards?: unknown[]; name?: string };
    if (Array.isArray(fn.guards)) return `${fn.name || 'guard'}(${fn.guards.map(guardName).join(', ')})`;
    return 'guard';
  }
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    if (params && typeof params === 'object') {
      const values = Object.values(params as Record<string, unknown>).map((v) =>
        typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v),
      );
      return `${String(type)}(${values.join(', ')})`;
    }
    return String(type);
  }
  return null;
}

function delayName(delay: unknown): string {
  if (typeof delay === 'number') return delay % 1000 === 0 ? `${delay / 1000}s` : `${delay}ms`;
  return String(delay);
}

function names(actions: unknown[], effectNames: ReadonlySet<string>) {
  const all = actions.map(actionName).filter((n): n is string => n !== null);
  return { actions: all, effects: all.filter((n) => effectNames.has(n)) };
}

function transitionOf(
  source: NodeLike,
  t: TransitionLike,
  trigger: GraphTransition['trigger'],
  effectNames: ReadonlySet<string>,
): GraphTransition {
  const delay = trigger === 'after' ? delayName(t.delay) : null;
  return {
    source: source.id,
    targets: (t.target ?? []).map((n) => n.id),
    event: trigger === 'after' ? `after ${delay}` : trigger === 'always' ? 'always' : t.eventType,
    trigger,
    guard: guardName(t.guard),
    delay,
    ...names(t.actions, effectNames),
  };
}

/**
 * Every state and transition of the machine, in document order. `effectNames` are the
 * kind's durable effects, told apart from local actions (assign, raise, …).
 */
export function extractGraph(
  kind: string,
  machine: AnyStateMachine,
  effectNames: Iterable<string> = [],
): MachineGraph {
  const effects = new Set(effectNames);
  const graph: MachineGraph = { kind, root: machine.root.id, states: [], transitions: [] };
  const visit = (node: NodeLike) => {
    const entry = names(node.entry, effects);
    graph.states.push({
      id: node.id,
      path: node.path.join('.'),
      key: node.key,
      type: node.type,
      parent: node.parent?.id ?? null,
      initial: node.initial?.target?.[0]?.id ?? null,
      entry: entry.actions.filter((a) => a !== 'xstate.raise'),
      exit: names(node.exit, effects).actions.filter((a) => a !== 'xstate.cancel'),
      effects: entry.effects,
      timers: node.after.map((t) => delayName(t.delay)),
    });
    for (const [eventType, list] of node.transitions) {
      if (eventType.startsWith(AFTER_PREFIX)) continue; // drawn from `after`, with its delay
      for (const t of list) graph.transitions.push(transitionOf(node, t, 'event', effects));
    }
    for (const t of node.after) graph.transitions.push(transitionOf(node, t, 'after', effects));
    for (const t of node.always ?? []) graph.transitions.push(transitionOf(node, t, 'always', effects));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root as unknown as NodeLike);
  return graph;
}

/** The state ids a stored state string ("a.b,c.d") makes active, ancestors included. */
export function activeStateIds(graph: MachineGraph, state: string): Set<string> {
  const byPath = new Map(graph.states.map((s) => [s.path, s]));
  const active = new Set<string>();
  for (const leaf of state.split(',')) {
    const parts = leaf.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const found = byPath.get(parts.slice(0, i).join('.'));
      if (found) active.add(found.id);
    }
  }
  return active;
}
