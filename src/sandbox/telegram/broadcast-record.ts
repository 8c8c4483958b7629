import type { SentRecord } from './bot-registry.ts';

/** What the emulator's record says about one broadcast (its messages carry `marker`). */
export interface DeliveryCheck {
  /** Recipients who got it at least once. */
  delivered: number;
  /** Extra copies beyond the first, summed over recipients. */
  duplicates: number;
  /** Expected recipients who never got it. */
  missed: number;
  /** Chats that got it without being expected (e.g. blocked or unknown users). */
  unexpected: number;
  /** The most copies accepted in any one second (a sliding window). */
  maxPerSecond: number;
  /** Accepted copies per second from the first to the last. */
  achievedRate: number;
  firstAt: number | null;
  lastAt: number | null;
}

/**
 * Counts, from the messages Telegram accepted, who got the broadcast how often, against the
 * users who should have: the ground truth a chaos drill or a benchmark checks the bot by.
 */
export function checkDelivery(
  records: SentRecord[],
  marker: string,
  expected: Iterable<number>,
): DeliveryCheck {
  const copies = records.filter((r) => r.text.includes(marker));
  const perChat = new Map<number, number>();
  for (const r of copies) perChat.set(r.chatId, (perChat.get(r.chatId) ?? 0) + 1);
  const wanted = new Set(expected);
  let duplicates = 0;
  for (const n of perChat.values()) duplicates += n - 1;
  let missed = 0;
  for (const id of wanted) if (!perChat.has(id)) missed++;
  let unexpected = 0;
  for (const id of perChat.keys()) if (!wanted.has(id)) unexpected++;
  const times = copies.map((r) => r.at).sort((a, b) => a - b);
  let maxPerSecond = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while ((times[hi] as number) - (times[lo] as number) >= 1000) lo++;
    maxPerSecond = Math.max(maxPerSecond, hi - lo + 1);
  }
  const firstAt = times[0] ?? null;
  const lastAt = times.at(-1) ?? null;
  const span = firstAt !== null && lastAt !== null ? (lastAt - firstAt) / 1000 : 0;
  return {
    delivered: perChat.size,
    duplicates,
    missed,
    unexpected,
    maxPerSecond,
    achievedRate: span > 0 ? (times.length - 1) / span : 0,
    firstAt,
    lastAt,
  };
}
