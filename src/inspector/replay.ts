import { type AnyEventObject, type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { restore, stateString } from '../actors/snapshot.ts';
import type { ActorKind, PersistedSnapshot } from '../actors/types.ts';

/**
 * Time travel: the actor as it was after a journal entry, rebuilt by replaying the
 * journal's events through `transition()` from the initial snapshot (pure: no actions
 * run). The journal stores events, not snapshots, so:
 * - the latest entry is the stored snapshot itself, upgraded by the kind's migrations;
 * - an earlier entry is replayed with today's machine. If a step lands elsewhere than
 *   the journal recorded (the machine changed since, or the actor was created by an
 *   event with input), the result says `diverged` and the journal's state is the truth.
 */

export interface JournalEvent {
  revision: number;
  event: Record<string, unknown>;
  state_after: string;
}

export interface PastState {
  revision: number;
  /** The state the journal recorded after this entry. */
  state: string;
  context: unknown;
  /** Where the replay ended up, when it differs from `state`. */
  replayedState: string | null;
  diverged: boolean;
  source: 'stored' | 'replay';
}

export function stateAt(
  kind: ActorKind,
  actorId: string,
  entries: JournalEvent[],
  stored?: { revision: number; snapshot: PersistedSnapshot; machineVersion: number },
): PastState {
  const last = entries.at(-1);
  if (!last) throw new Error('no journal entry to replay to');
  if (stored && stored.revision === last.revision) {
    const snapshot = restore(kind, stored.snapshot, stored.machineVersion);
    return {
      revision: last.revision,
      state: last.state_after,
      context: snapshot.context,
      replayedState: null,
      diverged: false,
      source: 'stored',
    };
  }
  let snapshot: AnyMachineSnapshot | undefined;
  let diverged = false;
  for (const entry of entries) {
    const event = entry.event as AnyEventObject;
    if (!snapshot) {
      const input = event.type === 'xstate.init' ? (event.input as Record<string, unknown> | undefined) : {};
      [snapshot] = initialTransition(kind.machine, { actorId, ...input });
      if (event.type !== 'xstate.init') [snapshot] = transition(kind.machine, snapshot, event);
    } else {
      [snapshot] = transition(kind.machine, snapshot, event);
    }
    if (stateString(snapshot.value) !== entry.state_after) diverged = true;
  }
  const replayed = stateString((snapshot as AnyMachineSnapshot).value);
  return {
    revision: last.revision,
    state: last.state_after,
    context: (snapshot as AnyMachineSnapshot).context,
    replayedState: replayed === last.state_after ? null : replayed,
    diverged,
    source: 'replay',
  };
}
