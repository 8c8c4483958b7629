import { deleteMyCommands, getMe, getMyCommands, rememberSetting, setMyCommands } from './bot-settings.ts';
import { answerCallbackQuery } from './callbacks.ts';
import type { MethodHandler } from './context.ts';
import { deleteMessage } from './delete.ts';
import { editMessageCaption, editMessageMedia, editMessageReplyMarkup, editMessageText } from './edit.ts';
import { getFile } from './files.ts';
import { getUpdates } from './polling.ts';
import { copyMessage, forwardMessage } from './relay.ts';
import { sendDocument, sendMediaGroup, sendPhoto, sendSticker } from './send-media.ts';
import { sendChatAction, sendMessage } from './send-text.ts';
import { deleteWebhook, getWebhookInfo, setWebhook } from './webhook.ts';

const HANDLERS: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendMessage,
  sendPhoto,
  sendDocument,
  sendSticker,
  sendMediaGroup,
  sendChatAction,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  editMessageMedia,
  deleteMessage,
  copyMessage,
  forwardMessage,
  answerCallbackQuery,
  getFile,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyDescription: rememberSetting('setMyDescription'),
  setMyShortDescription: rememberSetting('setMyShortDescription'),
  setChatMenuButton: rememberSetting('setChatMenuButton'),
};

const BY_LOWER_NAME = new Map(
  Object.entries(HANDLERS).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);

/** The handler of a method; Telegram matches method names case-insensitively. */
export function findMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export function supportedMethods(): string[] {
  return Object.keys(HANDLERS);
}
