import type { InlineKeyboardButton, Message } from 'grammy/types';
import { setUserBlocked } from './blocking.ts';
import type { BotAccount } from './bot-registry.ts';
import type { MessageSnapshot, UserProfile } from './chat-types.ts';
import { ChatView } from './chat-view.ts';
import type { FaultInjector } from './faults.ts';
import { imageSize } from './image-size.ts';
import { mimeTypeFor } from './mime-types.ts';
import { keyboardLabel } from './reply-markup.ts';
import type { EmulatorState } from './state.ts';
import { commandEntities, postCallbackQuery, postUserMessage } from './user-updates.ts';

/** How a button label is matched: exactly (default), as a substring, or by a pattern. */
export interface PressOptions {
  match?: 'exact' | 'substring';
}

/** What a press did: a callback query for an inline button, or a text for a reply-keyboard one. */
export type PressResult =
  | { kind: 'callback'; label: string; data: string; callbackQueryId: string; messageId: number }
  | { kind: 'reply'; label: string; message: Message };

/** The pieces of the emulator a simulated user acts on. */
export interface DriverContext {
  state: EmulatorState;
  faults: FaultInjector;
  resolveBot: (ref: number | string) => BotAccount;
}

/** Used when a test sends bytes that are not an image: a user's client always sends a real one. */
const FALLBACK_PHOTO_SIZE = { width: 800, height: 600, format: 'jpeg' } as const;

/**
 * A Telegram user talking to one bot: sends texts, commands, photos and documents, presses
 * buttons, and reads what the bot answers (see ChatView). Every action becomes a real update.
 */
export class SimUser extends ChatView {
  private readonly driver: DriverContext;
  readonly profile: UserProfile;
  readonly bot: BotAccount;

  constructor(driver: DriverContext, bot: BotAccount, profile: UserProfile) {
    super(driver.state.openConversation(bot, profile));
    this.driver = driver;
    this.bot = bot;
    this.profile = profile;
  }

  get id(): number {
    return this.profile.id;
  }

  /** The same person talking to another bot (e.g. the owner and the alert bot). */
  via(bot: number | string): SimUser {
    return new SimUser(this.driver, this.driver.resolveBot(bot), this.profile);
  }

  sendText(text: string, options: { replyTo?: number } = {}): Message {
    const entities = commandEntities(text);
    const fields: Partial<Message> = entities.length > 0 ? { text, entities } : { text };
    const replied = options.replyTo === undefined ? undefined : this.conversation.message(options.replyTo);
    if (replied)
      fields.reply_to_message = { ...structuredClone(replied.message), reply_to_message: undefined };
    return postUserMessage(this.conversation, fields);
  }

  /** Sends `/command args`; the leading slash is optional. */
  sendCommand(command: string, args?: string): Message {
    const name = command.startsWith('/') ? command : `/${command}`;
    return this.sendText(args ? `${name} ${args}` : name);
  }

  /** Sends a photo; its bytes become a file the bot can fetch with getFile. */
  sendPhoto(bytes: Uint8Array, caption?: string): Message {
    const buffer = Buffer.from(bytes);
    const photo = this.driver.state.files.addPhoto(buffer, imageSize(buffer) ?? FALLBACK_PHOTO_SIZE);
    return postUserMessage(this.conversation, caption ? { photo, caption } : { photo });
  }

  sendDocument(
    bytes: Uint8Array,
    fileName: string,
    options: { caption?: string; mimeType?: string } = {},
  ): Message {
    const mimeType = options.mimeType ?? mimeTypeFor(fileName);
    const document = this.driver.state.files.addDocument(Buffer.from(bytes), fileName, mimeType);
    const fields: Partial<Message> = options.caption ? { document, caption: options.caption } : { document };
    return postUserMessage(this.conversation, fields);
  }

  /**
   * Presses the button with this label on the newest bot message that has it. Falls back to the
   * reply keyboard the user currently sees, which sends the label as text.
   */
  press(label: string | RegExp, options: PressOptions = {}): PressResult {
    const matches = labelMatcher(label, options);
    for (const message of this.messages().reverse()) {
      if (message.from !== 'bot' || !message.replyMarkup) continue;
      const button = message.replyMarkup.inline_keyboard.flat().find((candidate) => matches(candidate.text));
      if (button) return this.pressInline(message, button);
    }
    const replyButton = this.replyButton(matches);
    if (replyButton) return { kind: 'reply', label: replyButton, message: this.sendText(replyButton) };
    throw new Error(`No button ${String(label)} in chat ${this.id}.\n${this.describe()}`);
  }

  /** Presses the inline button at this reading-order index of one message (not the newest with that label). */
  pressAt(messageId: number, index: number): PressResult {
    const message = this.messages().find((candidate) => candidate.messageId === messageId);
    const button = message?.from === 'bot' ? message.replyMarkup?.inline_keyboard.flat()[index] : undefined;
    if (!message || !button)
      throw new Error(`No button #${index} on message #${messageId} in chat ${this.id}.\n${this.describe()}`);
    return this.pressInline(message, button);
  }

  /** Presses a button of the reply keyboard (sends its label as text). */
  pressReply(label: string | RegExp, options: PressOptions = {}): Message {
    const text = this.replyButton(labelMatcher(label, options));
    if (!text)
      throw new Error(`No reply keyboard button ${String(label)} in chat ${this.id}.\n${this.describe()}`);
    return this.sendText(text);
  }

  /** Blocks the bot: its sends fail with 403 and it gets a my_chat_member update. */
  block(): void {
    setUserBlocked(this.driver.state, this.driver.faults, this.id, true, { bot: this.bot });
  }

  unblock(): void {
    setUserBlocked(this.driver.state, this.driver.faults, this.id, false, { bot: this.bot });
  }

  private pressInline(message: MessageSnapshot, button: InlineKeyboardButton): PressResult {
    if (!('callback_data' in button)) {
      throw new Error(
        `Button [${button.text}] does not send a callback (it is ${Object.keys(button).join(', ')}).`,
      );
    }
    const id = postCallbackQuery(this.driver.state, this.conversation, message.raw, button.callback_data);
    this.conversation.recordUserLine(`> user pressed [${button.text}] on #${message.messageId}`);
    return {
      kind: 'callback',
      label: button.text,
      data: button.callback_data,
      callbackQueryId: id,
      messageId: message.messageId,
    };
  }

  private replyButton(matches: (text: string) => boolean): string | undefined {
    const keyboard = this.conversation.replyKeyboard?.keyboard ?? [];
    const button = keyboard.flat().find((candidate) => matches(keyboardLabel(candidate)));
    return button === undefined ? undefined : keyboardLabel(button);
  }
}

function labelMatcher(label: string | RegExp, options: PressOptions): (text: string) => boolean {
  if (label instanceof RegExp) return (text) => label.test(text);
  if (options.match === 'substring') return (text) => text.includes(label);
  return (text) => text === label;
}
