import type { ChatEvent, MessageSnapshot } from './chat-types.ts';
import { keyboardLabel } from './reply-markup.ts';

/**
 * Renders chat activity as readable lines, e.g.
 *   > user: /start
 *   < bot: Selamat datang
 *       [Katalog] [Saldo]
 */
export function renderMessageLine(prefix: string, message: MessageSnapshot): string {
  const lines = [`${prefix}${describeContent(message)}`];
  for (const row of message.buttons) lines.push(`    ${row.map((label) => `[${label}]`).join(' ')}`);
  const keyboard = message.replyKeyboard?.keyboard ?? [];
  for (const row of keyboard)
    lines.push(`    ${row.map((button) => `{${keyboardLabel(button)}}`).join(' ')}`);
  return lines.join('\n');
}

export function renderBotEvent(event: ChatEvent): string {
  if (event.kind === 'delete') return `< bot deleted #${event.messageId}`;
  const prefix = event.kind === 'edit' ? `< bot edited #${event.messageId}: ` : `< bot #${event.messageId}: `;
  return renderMessageLine(prefix, event);
}

export function renderUserMessage(message: MessageSnapshot): string {
  return renderMessageLine(`> user #${message.messageId}: `, message);
}

function describeContent(message: MessageSnapshot): string {
  const parts: string[] = [];
  const largest = message.photo?.at(-1);
  if (largest) parts.push(`[photo ${largest.width}x${largest.height}]`);
  if (message.document) parts.push(`[document ${message.document.file_name ?? 'file'}]`);
  if (message.sticker) parts.push('[sticker]');
  if (message.raw.forward_origin) parts.push('[forwarded]');
  if (message.text !== '') parts.push(indentContinuation(message.text));
  return parts.join(' ');
}

function indentContinuation(text: string): string {
  return text.replaceAll('\n', '\n  ');
}
