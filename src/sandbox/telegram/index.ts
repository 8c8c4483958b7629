/**
 * A local Telegram Bot API server with a driver for tests.
 *
 *   const emulator = await startTelegramEmulator();
 *   const bot = new Bot('123456:secret', { client: { apiRoot: emulator.apiRoot } });
 *   void bot.start();
 *   const buyer = emulator.user({ id: 42, firstName: 'Budi' }, '123456:secret');
 *   buyer.sendCommand('/start');
 *   const welcome = await buyer.nextMessage();      // { kind: 'message', text, buttons, ... }
 *   buyer.press('Katalog');                         // callback_query for that inline button
 *   await buyer.waitFor(/Netflix/);
 *   emulator.faults.failNext('sendMessage', { status: 502 });
 *   await bot.stop();
 *   await emulator.close();
 */
export { ApiError, type ApiErrorBody, telegramErrors } from './api-error.ts';
export type { BotRef } from './bot-ref.ts';
export type { SentRecord } from './bot-registry.ts';
export { checkDelivery, type DeliveryCheck } from './broadcast-record.ts';
export type { CallbackAnswer, ChatEvent, MessageSnapshot, UserProfile } from './chat-types.ts';
export { ChatView, type EventMatcher, type WaitForOptions, type WaitOptions } from './chat-view.ts';
export type { ApiCallRecord } from './dispatcher.ts';
export { type PressOptions, type PressResult, SimUser } from './driver.ts';
export {
  type BotInfo,
  type EmulatedFile,
  startTelegramEmulator,
  TelegramEmulator,
  type TelegramEmulatorOptions,
} from './emulator.ts';
export { type FailureSpec, FaultInjector } from './faults.ts';
export { escapeHtml, type ParsedText, parseHtml } from './html-parser.ts';
export { type RateLimit, type RateLimits, TELEGRAM_RATE_LIMITS } from './rate-limiter.ts';
export { samplePng } from './sample-png.ts';
export type { DeliveryFault, WebhookDelivery, WebhookTimings } from './webhook-pusher.ts';
