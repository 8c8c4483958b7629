import type { Message } from 'grammy/types';
import { badRequest } from '../api-error.ts';
import { captionText, type FormattedText } from '../text-content.ts';
import { type Content, postBotMessage, readSendOptions } from './compose.ts';
import type { MethodContext } from './context.ts';
import { type MediaKind, resolveInputFile } from './input-file.ts';
import { deliverableChat } from './targets.ts';

/** Media fields plus an optional caption, as sendPhoto and sendDocument build them. */
export function withCaption(media: Partial<Message>, caption: FormattedText | undefined): Content {
  if (!caption) return { fields: media, html: '' };
  const fields: Partial<Message> = { ...media, caption: caption.text };
  if (caption.entities.length > 0) fields.caption_entities = caption.entities;
  return { fields, html: caption.html };
}

function readCaption(ctx: MethodContext): FormattedText | undefined {
  return captionText({
    text: ctx.params.string('caption'),
    parseMode: ctx.params.string('parse_mode'),
    entities: ctx.params.json('caption_entities'),
  });
}

async function sendMedia(ctx: MethodContext, kind: MediaKind): Promise<Message> {
  const conversation = deliverableChat(ctx);
  const caption = kind === 'sticker' ? undefined : readCaption(ctx);
  const options = readSendOptions(ctx, conversation);
  const media = await resolveInputFile(ctx, kind, kind);
  ctx.faults.checkRate(ctx.bot.id, conversation.user.id);
  return postBotMessage(conversation, withCaption(media, caption), options);
}

export const sendPhoto = (ctx: MethodContext): Promise<Message> => sendMedia(ctx, 'photo');
export const sendDocument = (ctx: MethodContext): Promise<Message> => sendMedia(ctx, 'document');
export const sendSticker = (ctx: MethodContext): Promise<Message> => sendMedia(ctx, 'sticker');

interface InputMediaItem {
  type?: unknown;
  media?: unknown;
  caption?: unknown;
  parse_mode?: unknown;
  caption_entities?: unknown;
}

/** Reads one InputMediaPhoto/InputMediaDocument (used by sendMediaGroup and editMessageMedia). */
export async function readInputMedia(ctx: MethodContext, item: unknown): Promise<Content> {
  if (typeof item !== 'object' || item === null) throw badRequest("can't parse InputMedia JSON object");
  const input = item as InputMediaItem;
  if (input.type !== 'photo' && input.type !== 'document') {
    throw badRequest(
      `unsupported media type "${String(input.type)}" (the emulator supports photo and document)`,
    );
  }
  const caption = captionText({
    text: typeof input.caption === 'string' ? input.caption : undefined,
    parseMode: typeof input.parse_mode === 'string' ? input.parse_mode : undefined,
    entities: input.caption_entities,
  });
  const media = await resolveInputFile(ctx, 'media', input.type, input.media ?? '');
  return withCaption(media, caption);
}

export async function sendMediaGroup(ctx: MethodContext): Promise<Message[]> {
  const conversation = deliverableChat(ctx);
  const items = ctx.params.json('media');
  if (!Array.isArray(items) || items.length < 2 || items.length > 10) {
    throw badRequest('wrong number of media specified, must be between 2 and 10');
  }
  const types = new Set(items.map((item: { type?: unknown } | null) => item?.type));
  // Telegram groups documents only with documents.
  if (types.has('document') && types.size > 1)
    throw badRequest("documents can't be mixed with other media types");
  const options = { ...readSendOptions(ctx, conversation), markup: undefined };
  const contents: Content[] = [];
  for (const item of items) contents.push(await readInputMedia(ctx, item));
  ctx.faults.checkRate(ctx.bot.id, conversation.user.id);
  const groupId = String(Date.now() * 1000 + conversation.allMessages().length);
  return contents.map((content) =>
    postBotMessage(
      conversation,
      { ...content, fields: { ...content.fields, media_group_id: groupId } },
      options,
    ),
  );
}
