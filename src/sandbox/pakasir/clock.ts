// A clock tests can move forward, so expiry is tested without waiting.

export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(source: () => number = Date.now): EmulatorClock {
  let offsetMs = 0;
  return {
    now: () => source() + offsetMs,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      offsetMs += ms;
    },
  };
}
