/**
 * Callback data of the broadcast screens (all under `admin:bc:`):
 *
 *   admin:bc:menu | admin:bc:new | admin:bc:hist:<page>
 *   admin:bc:aud:<id>:<all|never|product|category|inactive>   pick the audience of a draft
 *   admin:bc:<verb>:<id>   test (send to me) go (send now) sched (schedule) drop (discard the draft)
 *                          pause | resume | stop (the progress message's buttons)
 */

export const AUDIENCE_CHOICES = ['all', 'never', 'product', 'category', 'inactive'] as const;
export type AudienceChoice = (typeof AUDIENCE_CHOICES)[number];
export const BROADCAST_VERBS = ['test', 'go', 'sched', 'drop', 'pause', 'resume', 'stop'] as const;
export type BroadcastVerb = (typeof BROADCAST_VERBS)[number];

export type BroadcastAction =
  | { type: 'adminBroadcastMenu' }
  | { type: 'adminBroadcastNew' }
  | { type: 'adminBroadcastHistory'; page: number }
  | { type: 'adminBroadcastAudience'; broadcastId: string; choice: AudienceChoice }
  | { type: 'adminBroadcast'; verb: BroadcastVerb; broadcastId: string };

export type BroadcastActionType = BroadcastAction['type'];

const SAMPLE_ID = 'BC0000000000SAMPLE';

export const BROADCAST_SAMPLES: { [T in BroadcastActionType]: Extract<BroadcastAction, { type: T }> } = {
  adminBroadcastMenu: { type: 'adminBroadcastMenu' },
  adminBroadcastNew: { type: 'adminBroadcastNew' },
  adminBroadcastHistory: { type: 'adminBroadcastHistory', page: 1 },
  adminBroadcastAudience: { type: 'adminBroadcastAudience', broadcastId: SAMPLE_ID, choice: 'all' },
  adminBroadcast: { type: 'adminBroadcast', verb: 'pause', broadcastId: SAMPLE_ID },
};

const BROADCAST_ID = /^BC[A-Z0-9]{6,30}$/;
const PAGE = /^[1-9]\d{0,5}$/;
const oneOf = <T extends string>(list: readonly T[], text: string | undefined): T | null =>
  list.includes(text as T) ? (text as T) : null;

export function formatBroadcast(action: BroadcastAction): string {
  switch (action.type) {
    case 'adminBroadcastMenu':
      return 'admin:bc:menu';
    case 'adminBroadcastNew':
      return 'admin:bc:new';
    case 'adminBroadcastHistory':
      return `admin:bc:hist:${action.page}`;
    case 'adminBroadcastAudience':
      return `admin:bc:aud:${action.broadcastId}:${action.choice}`;
    case 'adminBroadcast':
      return `admin:bc:${action.verb}:${action.broadcastId}`;
  }
}

/** `args` are the parts after `admin:bc:`; null for anything these screens did not issue. */
export function parseBroadcast(args: string[]): BroadcastAction | null {
  const [verb, a, b, ...extra] = args;
  if (extra.length > 0) return null;
  if (verb === 'menu' && a === undefined) return { type: 'adminBroadcastMenu' };
  if (verb === 'new' && a === undefined) return { type: 'adminBroadcastNew' };
  if (verb === 'hist')
    return a !== undefined && PAGE.test(a) && b === undefined
      ? { type: 'adminBroadcastHistory', page: Number(a) }
      : null;
  if (a === undefined || !BROADCAST_ID.test(a)) return null;
  if (verb === 'aud') {
    const choice = oneOf(AUDIENCE_CHOICES, b);
    return choice ? { type: 'adminBroadcastAudience', broadcastId: a, choice } : null;
  }
  const action = oneOf(BROADCAST_VERBS, verb);
  return action && b === undefined ? { type: 'adminBroadcast', verb: action, broadcastId: a } : null;
}
