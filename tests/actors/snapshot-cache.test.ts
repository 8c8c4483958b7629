import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { SnapshotCache } from '../../src/actors/snapshot-cache.ts';

const actor = (revision: number) => ({ revision, state: 's', snapshot: {} as AnyMachineSnapshot });

describe('snapshot cache', () => {
  it('keeps at most maxEntries actors, dropping the least recently used', () => {
    const cache = new SnapshotCache({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) cache.set('k', id, actor(1), 10);
    expect(cache.get('k', 'a')?.revision).toBe(1); // "a" is now the most recent
    cache.set('k', 'd', actor(1), 10);
    expect(cache.size).toBe(3);
    expect(cache.get('k', 'b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((id) => cache.get('k', id)?.revision)).toEqual([1, 1, 1]);
  });

  it('keeps the stored size of its snapshots under maxBytes', () => {
    const cache = new SnapshotCache({ maxEntries: 1000, maxBytes: 1000 });
    for (let i = 0; i < 20; i++) cache.set('k', `a${i}`, actor(1), 100);
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    expect(cache.size).toBe(10);
    expect(cache.get('k', 'a19')).toBeDefined();
    expect(cache.get('k', 'a9')).toBeUndefined();
    // Replacing an actor's entry counts its new size, not both.
    cache.set('k', 'a19', actor(2), 50);
    expect(cache.bytes).toBe(950);
  });

  it('does not keep a snapshot bigger than an eighth of the budget', () => {
    const cache = new SnapshotCache({ maxBytes: 800 });
    cache.set('k', 'small', actor(1), 100);
    cache.set('k', 'huge', actor(1), 101);
    expect(cache.get('k', 'huge')).toBeUndefined();
    expect(cache.get('k', 'small')).toBeDefined();
    expect(cache.bytes).toBe(100);
  });
});
