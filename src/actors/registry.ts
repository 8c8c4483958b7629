import type { AnyStateMachine } from 'xstate';
import { effectNamesOf } from './effect.ts';
import type { ActorKind } from './types.ts';

export { effect } from './effect.ts';

/** Refuses a kind whose machine names an effect without a handler, or a handler no action names. */
function checkEffects(definition: ActorKind): void {
  const named = new Set(effectNamesOf(definition.machine));
  const handled = new Set(Object.keys(definition.effects ?? {}));
  const missing = [...named].filter((name) => !handled.has(name));
  const unknown = [...handled].filter((name) => !named.has(name));
  if (missing.length > 0)
    throw new Error(`actor kind "${definition.kind}" has no handler for effect(s): ${missing.join(', ')}`);
  if (unknown.length > 0)
    throw new Error(`actor kind "${definition.kind}" has handler(s) no action names: ${unknown.join(', ')}`);
}

export class ActorRegistry {
  private readonly kinds = new Map<string, ActorKind>();

  register<M extends AnyStateMachine>(typed: ActorKind<M>): this {
    // Stored untyped: the runtime works on any kind; typing is at the definition.
    const definition = typed as unknown as ActorKind;
    if (this.kinds.has(definition.kind))
      throw new Error(`actor kind "${definition.kind}" is registered twice`);
    for (let v = 1; v < definition.version; v++) {
      if (!definition.migrations?.[v])
        throw new Error(`actor kind "${definition.kind}" lacks a migration from v${v}`);
    }
    checkEffects(definition);
    this.kinds.set(definition.kind, definition);
    return this;
  }

  get(kind: string): ActorKind {
    const definition = this.kinds.get(kind);
    if (!definition) throw new Error(`unknown actor kind "${kind}"`);
    return definition;
  }

  all(): ActorKind[] {
    return [...this.kinds.values()];
  }
}
