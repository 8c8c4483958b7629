/** What a broadcast says: an HTML text, or a photo with an HTML caption; optionally one URL button. */
export type BroadcastContent = (
  | { kind: 'text'; html: string }
  | { kind: 'photo'; fileId: string; captionHtml: string }
) & { button?: { label: string; url: string } };

/** Who receives it; everyone who blocked the bot or was blocked by the shop is always left out. */
export type Audience =
  | { type: 'all' }
  | { type: 'product'; productId: number }
  | { type: 'category'; categoryId: number }
  | { type: 'inactive'; days: number }
  | { type: 'never_bought' };

/** Recipients by status. `unknown`: in flight when a process died (Telegram may have it). */
export interface RecipientCounts {
  pending: number;
  sending: number;
  sent: number;
  blocked: number;
  failed: number;
  unknown: number;
}

export interface BroadcastReport extends RecipientCounts {
  total: number;
  outcome: 'done' | 'cancelled';
  durationSeconds: number;
  /** Messages Telegram accepted per second, from the first send to the last. */
  ratePerSecond: number;
}

export const EMPTY_COUNTS: RecipientCounts = {
  pending: 0,
  sending: 0,
  sent: 0,
  blocked: 0,
  failed: 0,
  unknown: 0,
};
