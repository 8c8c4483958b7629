import type { AnyStateMachine } from 'xstate';
import type { ActorKind } from './types.ts';

/**
 * A typed no-op implementation for a named action that leaves the process.
 * The machine declares it; the registry's effect handler runs it durably.
 */
export const effect =
  <P>() =>
  (_args: unknown, _params: P): void => {};

export class ActorRegistry {
  private readonly kinds = new Map<string, ActorKind>();

  register<M extends AnyStateMachine>(definition: ActorKind<M>): this {
    if (this.kinds.has(definition.kind))
      throw new Error(`actor kind "${definition.kind}" is registered twice`);
    for (let v = 1; v < definition.version; v++) {
      if (!definition.migrations?.[v])
        throw new Error(`actor kind "${definition.kind}" lacks a migration from v${v}`);
    }
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
