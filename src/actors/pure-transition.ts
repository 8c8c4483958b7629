import {
  type AnyActorScope,
  type AnyEventObject,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createActor,
} from 'xstate';

/** An action as XState hands it to the executor: what `planActions` reads. */
export interface ResolvedAction {
  type: string;
  params?: unknown;
}

/**
 * XState's own `transition`/`initialTransition` build a throwaway actor for every call,
 * and building it computes the machine's initial context (without input: the factory
 * usually throws, and XState catches it). That was most of the CPU an event cost. One
 * inert scope per machine, with a fresh action collector per call, gives the same
 * pure result. It is safe because the runtime's machines neither spawn nor invoke
 * children, so nothing registers in the scope's system, and nothing is deferred.
 */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function scopeFor(machine: AnyStateMachine, actions: ResolvedAction[]): AnyActorScope {
  let base = scopes.get(machine);
  if (!base) {
    const self = createActor(machine);
    base = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      system: self.system,
      stopChild: () => {},
      emit: () => {},
      actionExecutor: () => {},
    } as unknown as AnyActorScope;
    scopes.set(machine, base);
  }
  return { ...base, actionExecutor: (action: ResolvedAction) => void actions.push(action) } as AnyActorScope;
}

/** The next snapshot and the actions to execute; executes nothing. */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: AnyEventObject,
): [AnyMachineSnapshot, ResolvedAction[]] {
  const actions: ResolvedAction[] = [];
  const next = machine.transition(snapshot, event, scopeFor(machine, actions));
  return [next, actions];
}

/** The initial snapshot for `input` and the actions of entering it; executes nothing. */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: Record<string, unknown>,
): [AnyMachineSnapshot, ResolvedAction[]] {
  const actions: ResolvedAction[] = [];
  const initial = machine.getInitialSnapshot(scopeFor(machine, actions), input);
  return [initial, actions];
}
