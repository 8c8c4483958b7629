import { badRequest } from '../api-error.ts';
import { messageText } from '../text-content.ts';
import { postBotMessage, readSendOptions } from './compose.ts';
import type { MethodContext } from './context.ts';
import { deliverableChat } from './targets.ts';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export function sendMessage(ctx: MethodContext): unknown {
  const conversation = deliverableChat(ctx);
  const formatted = messageText({
    text: ctx.params.string('text'),
    parseMode: ctx.params.string('parse_mode'),
    entities: ctx.params.json('entities'),
  });
  const options = readSendOptions(ctx, conversation);
  ctx.faults.checkRate(ctx.bot.id, conversation.user.id);
  const fields =
    formatted.entities.length > 0
      ? { text: formatted.text, entities: formatted.entities }
      : { text: formatted.text };
  return postBotMessage(conversation, { fields, html: formatted.html }, options);
}

export function sendChatAction(ctx: MethodContext): unknown {
  const conversation = deliverableChat(ctx);
  const action = ctx.params.string('action');
  if (action === undefined || !CHAT_ACTIONS.has(action))
    throw badRequest('wrong parameter action in request');
  conversation.chatActions.push({ action, at: Date.now() });
  return true;
}
