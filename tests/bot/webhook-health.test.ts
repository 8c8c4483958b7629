import type { WebhookInfo } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../src/bot/update-intake.ts';
import { judgeWebhook } from '../../src/bot/webhook-health.ts';

const URL_ = 'https://shop.example.com/webhooks/telegram';
const at = (iso: string) => Date.parse(iso);
const info = (fields: Partial<WebhookInfo>): WebhookInfo => ({
  url: URL_,
  has_custom_certificate: false,
  pending_update_count: 0,
  ...fields,
});

describe('judging the webhook from getWebhookInfo', () => {
  const since = at('2026-12-02T02:00:00Z');
  const afterSince = Math.floor(at('2026-12-02T02:00:30Z') / 1000);

  it('is failing when updates wait and Telegram recorded an error since', () => {
    const verdict = judgeWebhook(
      info({
        pending_update_count: 3,
        last_error_date: afterSince,
        last_error_message: 'Connection refused',
      }),
      URL_,
      since,
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'failing' });
    expect(verdict.ok || verdict.detail).toContain('3 updates pending');
  });

  it('is fine with an old error, or an error but nothing waiting', () => {
    const old = Math.floor(at('2026-12-02T01:59:00Z') / 1000);
    expect(judgeWebhook(info({ pending_update_count: 3, last_error_date: old }), URL_, since).ok).toBe(true);
    expect(judgeWebhook(info({ pending_update_count: 0, last_error_date: afterSince }), URL_, since).ok).toBe(
      true,
    );
  });

  it('notices a webhook removed or pointed elsewhere', () => {
    expect(judgeWebhook(info({ url: '' }), URL_, since)).toMatchObject({ reason: 'not_set' });
    expect(judgeWebhook(info({ url: 'https://other.example/x' }), URL_, since)).toMatchObject({
      reason: 'other_url',
    });
  });
});

describe('recognising a second delivery of one update', () => {
  const chat = { id: 42, type: 'private' as const, first_name: 'Budi' };
  it('keys a message by chat, id and date, whatever its update_id', () => {
    const from = { id: 42, is_bot: false, first_name: 'Budi' };
    const message = { message_id: 7, date: 1_795_000_000, chat, from, text: 'halo' };
    expect(deliveryKey({ update_id: 1, message })).toBe(deliveryKey({ update_id: 900, message }));
    expect(deliveryKey({ update_id: 1, message })).not.toBe(
      deliveryKey({ update_id: 2, message: { ...message, message_id: 8 } }),
    );
  });

  it('keys a button press by its callback id', () => {
    const callback_query = {
      id: 'cb-1',
      from: { id: 42, is_bot: false, first_name: 'Budi' },
      chat_instance: 'x',
    };
    expect(deliveryKey({ update_id: 5, callback_query })).toBe('cb:cb-1');
  });
});
