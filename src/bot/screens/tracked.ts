import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import type { Lang } from '../i18n.ts';

/** Screens older than this are left as they are: nobody scrolls back two days to read them. */
export const SCREEN_TRACKING_HOURS = 48;

export interface TrackedScreen {
  chatId: number;
  messageId: number;
  screen: 'checkout' | 'history';
  /** The orders the message shows. */
  orderIds: string[];
  page?: number;
  lang: Lang;
}

/**
 * Remembers which orders one message shows, replacing what it showed before, so an
 * order event can edit it later. Also forgets this chat's screens past tracking age.
 */
export async function trackScreen(db: Db, s: TrackedScreen): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('chat_screens')
      .where('chat_id', '=', s.chatId)
      .where((eb) =>
        eb.or([
          eb('message_id', '=', s.messageId),
          eb('created_at', '<', sql<Date>`now() - make_interval(hours => ${SCREEN_TRACKING_HOURS})`),
        ]),
      )
      .execute();
    if (s.orderIds.length === 0) return;
    await tx
      .insertInto('chat_screens')
      .values(
        [...new Set(s.orderIds)].map((orderId) => ({
          chat_id: s.chatId,
          message_id: s.messageId,
          order_id: orderId,
          screen: s.screen,
          page: s.page ?? 1,
          lang: s.lang,
        })),
      )
      .execute();
  });
}

/** The messages showing an order, one row per message. */
export function screensShowing(db: Db, orderId: string) {
  return db
    .selectFrom('chat_screens')
    .select(['chat_id', 'message_id', 'screen', 'page', 'lang'])
    .where('order_id', '=', orderId)
    .where('created_at', '>=', sql<Date>`now() - make_interval(hours => ${SCREEN_TRACKING_HOURS})`)
    .orderBy('message_id')
    .execute();
}

export async function forgetScreen(db: Db, chatId: number, messageId: number): Promise<void> {
  await db
    .deleteFrom('chat_screens')
    .where('chat_id', '=', chatId)
    .where('message_id', '=', messageId)
    .execute();
}
