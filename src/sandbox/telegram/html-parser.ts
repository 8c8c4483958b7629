import { type ParsedText, parseTelegramHtml, TelegramHtmlError } from '../../messages/telegram-html.ts';
import { telegramErrors } from './api-error.ts';

export { escapeHtml, type ParsedText } from '../../messages/telegram-html.ts';

/** The shared parser, failing with the error body the real Bot API returns. */
export function parseHtml(source: string): ParsedText {
  try {
    return parseTelegramHtml(source);
  } catch (error) {
    if (error instanceof TelegramHtmlError) throw telegramErrors.cantParseEntities(error.detail);
    throw error;
  }
}
