import type { ChatView } from '../telegram/index.ts';
import { replyRows, type WebMessage, webMessage } from './chat-message.ts';

/** What the page is told, one server-sent event each. */
export type FeedEvent =
  | { type: 'reset'; messages: WebMessage[]; keyboard: string[][] }
  | { type: 'message'; message: WebMessage }
  | { type: 'delete'; id: number }
  | { type: 'keyboard'; keyboard: string[][] }
  | { type: 'toast'; text: string; alert: boolean };

/**
 * Follows one chat from the emulator's record: first everything so far, then each new message,
 * edit, deletion, reply keyboard change and callback answer, as it happens (no polling).
 * Returns the function that stops following.
 */
export function followChat(view: ChatView, send: (event: FeedEvent) => void): () => void {
  let eventCursor = view.events().length;
  let answerCursor = view.callbackAnswers().length;
  const messages = view.messages();
  const userIds = new Set(messages.filter((message) => message.from === 'user').map((m) => m.messageId));
  let keyboard = JSON.stringify(replyRows(view.replyKeyboard()));
  send({ type: 'reset', messages: messages.map(webMessage), keyboard: JSON.parse(keyboard) });

  const update = () => {
    const events = view.events();
    for (const event of events.slice(eventCursor)) {
      send(
        event.kind === 'delete'
          ? { type: 'delete', id: event.messageId }
          : { type: 'message', message: webMessage(event) },
      );
    }
    eventCursor = events.length;
    for (const message of view.messages()) {
      if (message.from !== 'user' || userIds.has(message.messageId)) continue;
      userIds.add(message.messageId);
      send({ type: 'message', message: webMessage(message) });
    }
    const answers = view.callbackAnswers();
    for (const answer of answers.slice(answerCursor)) {
      if (answer.text) send({ type: 'toast', text: answer.text, alert: answer.showAlert });
    }
    answerCursor = answers.length;
    const current = JSON.stringify(replyRows(view.replyKeyboard()));
    if (current !== keyboard) {
      keyboard = current;
      send({ type: 'keyboard', keyboard: JSON.parse(current) });
    }
  };
  return view.onChange(update);
}
