import type { AnyStateMachine, EventFromLogic, EventObject, StateMachine } from 'xstate';
import type { EffectDefinition } from './types.ts';

/** Marks a machine's action as an effect: at run time on the stub, in types on its params. */
export const EFFECT: unique symbol = Symbol('effect');

/** An effect action's params, branded with the params type so the runtime's types can find it. */
export type EffectParams<P> = P & { readonly [EFFECT]?: P };

/**
 * A typed no-op implementation for a named action that leaves the process.
 * The machine declares it; the kind's effect handler runs it durably.
 */
export function effect<P>(): ((_args: unknown, _params: EffectParams<P>) => void) & { [EFFECT]: true } {
  return Object.assign((_args: unknown, _params: EffectParams<P>) => {}, { [EFFECT]: true as const });
}

/** The names of the actions a machine declares with `effect<P>()`, read from its implementations. */
export function effectNamesOf(machine: AnyStateMachine): string[] {
  const actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  return Object.entries(actions)
    .filter(([, action]) => typeof action === 'function' && EFFECT in action)
    .map(([name]) => name);
}

// biome-ignore lint/suspicious/noExplicitAny: matching any machine's type parameters
type AnyArgs = any;

/** The machine's actions as XState types them: `{ type: name; params }`. */
type ActionsOf<M> =
  M extends StateMachine<
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    infer A,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs,
    AnyArgs
  >
    ? A
    : never;

/** True for `AnyStateMachine` (its actions are `any`), false for a specific machine. */
export type IsAnyMachine<M> = 0 extends 1 & ActionsOf<M> ? true : false;

type EffectNameOfAction<A> = A extends { type: infer T extends string; params: infer P }
  ? typeof EFFECT extends keyof P
    ? T
    : never
  : never;

/** The names of a machine's effect actions. */
export type EffectName<M> = EffectNameOfAction<ActionsOf<M>>;

/** The params the machine passes to its effect `N`. */
export type EffectParamsOf<M, N extends string> =
  Extract<ActionsOf<M>, { type: N }> extends { params: infer P }
    ? P extends { readonly [EFFECT]?: infer Raw }
      ? NonNullable<Raw>
      : never
    : never;

/** The events a machine accepts: what its effects may report back. */
export type EventsOf<M> = M extends AnyStateMachine ? EventFromLogic<M> : EventObject;

/**
 * One handler per effect the machine names, with the params the machine passes and the
 * machine's own events as results: a missing, misspelt or mistyped handler does not compile.
 */
export type EffectHandlers<M extends AnyStateMachine> = {
  [N in EffectName<M>]: EffectDefinition<EffectParamsOf<M, N>, EventsOf<M>>;
};
