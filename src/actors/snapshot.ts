import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { ActorKind, PersistedSnapshot } from './types.ts';

/** "a", "a.b", or "a.b,c.d" for parallel states: one sortable string per state. */
export function stateString(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      const inner = child === undefined ? '' : stateString(child as StateValue);
      return inner
        ? inner
            .split(',')
            .map((s) => `${key}.${s}`)
            .join(',')
        : key;
    })
    .join(',');
}

export function persist(kind: ActorKind, snapshot: AnyMachineSnapshot): PersistedSnapshot {
  return kind.machine.getPersistedSnapshot(snapshot) as unknown as PersistedSnapshot;
}

/** Upgrades a stored snapshot step by step to the kind's current version, then restores it. */
export function restore(
  kind: ActorKind,
  stored: PersistedSnapshot,
  storedVersion: number,
): AnyMachineSnapshot {
  if (storedVersion > kind.version) {
    throw new Error(
      `actor kind "${kind.kind}" stored at v${storedVersion} is newer than the code (v${kind.version})`,
    );
  }
  let snapshot = stored;
  for (let v = storedVersion; v < kind.version; v++) {
    const migrate = kind.migrations?.[v];
    if (!migrate) throw new Error(`actor kind "${kind.kind}" lacks a migration from v${v}`);
    snapshot = migrate(snapshot);
  }
  return kind.machine.resolveState(snapshot as Parameters<typeof kind.machine.resolveState>[0]);
}
