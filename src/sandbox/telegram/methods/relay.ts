import type { Message, MessageOrigin } from 'grammy/types';
import { badRequest } from '../api-error.ts';
import type { StoredMessage } from '../chat-types.ts';
import { captionText } from '../text-content.ts';
import { contentOf, postBotMessage, readSendOptions } from './compose.ts';
import type { MethodContext } from './context.ts';
import { withCaption } from './send-media.ts';
import { deliverableChat, requiredMessageId, targetChat } from './targets.ts';

function sourceMessage(ctx: MethodContext, verb: 'copy' | 'forward'): StoredMessage {
  const source = targetChat(ctx, 'from_chat_id').message(requiredMessageId(ctx));
  if (!source) throw badRequest(`message to ${verb} not found`);
  if (source.message.has_protected_content)
    throw badRequest(`message can't be ${verb === 'copy' ? 'copied' : 'forwarded'}`);
  return source;
}

/** A copy looks like a fresh message; its caption and keyboard may be replaced. Returns a MessageId. */
export function copyMessage(ctx: MethodContext): unknown {
  const conversation = deliverableChat(ctx);
  const source = sourceMessage(ctx, 'copy');
  let content = contentOf(source);
  if (ctx.params.has('caption')) {
    if (source.message.text !== undefined) throw badRequest("a text message can't have a caption");
    const { caption: _c, caption_entities: _e, ...media } = content.fields;
    const caption = captionText({
      text: ctx.params.string('caption'),
      parseMode: ctx.params.string('parse_mode'),
      entities: ctx.params.json('caption_entities'),
    });
    content = withCaption(media, caption);
  }
  const options = readSendOptions(ctx, conversation);
  ctx.faults.checkRate(ctx.bot.id, conversation.user.id);
  const message = postBotMessage(conversation, content, options);
  return { message_id: message.message_id };
}

/** A forward keeps the content and says where it came from. */
export function forwardMessage(ctx: MethodContext): unknown {
  const conversation = deliverableChat(ctx);
  const source = sourceMessage(ctx, 'forward');
  const content = contentOf(source);
  const fields: Partial<Message> = { ...content.fields, forward_origin: originOf(source.message) };
  const options = {
    markup: undefined,
    replyTo: undefined,
    protect: ctx.params.boolean('protect_content') ?? false,
  };
  ctx.faults.checkRate(ctx.bot.id, conversation.user.id);
  return postBotMessage(conversation, { fields, html: content.html }, options);
}

function originOf(message: Message): MessageOrigin {
  if (message.forward_origin) return message.forward_origin;
  const sender = message.from;
  if (!sender) return { type: 'hidden_user', sender_user_name: 'Unknown', date: message.date };
  return { type: 'user', sender_user: sender, date: message.date };
}
