import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { ChatEvent, MessageSnapshot, SimUser } from '../telegram/index.ts';
import { bannerLines, type ChatAction, helpLines, parseInput } from './commands.ts';
import { type InvoicePayer, payOpenInvoice } from './pay.ts';
import {
  ansiStyle,
  inlineButtons,
  letterOf,
  plainStyle,
  renderEvent,
  renderReplyKeyboard,
  replyLabels,
  type Style,
} from './render.ts';

export interface TerminalChatOptions {
  buyer: SimUser;
  pakasir: InvoicePayer;
  botName: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Default: when the output is a terminal. */
  color?: boolean;
  /** Sent once the chat is up (default `/start`); null sends nothing. */
  firstMessage?: string | null;
}

/** How long one wait for the bot lasts before the follower simply waits again. */
const FOLLOW_WAIT_MS = 5_000;
const CALLBACK_ANSWER_WAIT_MS = 10_000;

/**
 * Runs the chat until the user quits (`/quit`, Ctrl+C, Ctrl+D or the end of the input).
 * Bot messages are printed as they arrive, while the user types.
 */
export function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  return new TerminalChat(options).run();
}

class TerminalChat {
  private readonly options: TerminalChatOptions;
  private readonly style: Style;
  private readonly tty: boolean;
  private readonly rl: Interface;
  private replyKeyboard: MessageSnapshot['replyKeyboard'];
  private shownKeyboard = '';
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private finished: () => void = () => {};

  constructor(options: TerminalChatOptions) {
    this.options = options;
    this.tty = options.output.isTTY === true;
    this.style = (options.color ?? this.tty) ? ansiStyle : plainStyle;
    this.rl = createInterface({
      input: options.input,
      output: options.output,
      terminal: this.tty,
      prompt: '› ',
    });
  }

  run(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.finished = resolve;
    });
    this.rl.on('line', (line) => this.enqueue(() => this.handle(parseInput(line))));
    // Ctrl+D or the end of piped input: finish what was typed, then leave.
    this.rl.on('close', () => this.enqueue(async () => this.quit()));
    this.rl.on('SIGINT', () => this.quit());
    this.print(bannerLines(this.options.botName, this.style));
    void this.follow();
    const first = this.options.firstMessage === undefined ? '/start' : this.options.firstMessage;
    if (first !== null) {
      this.print([this.style.dim(`» ${first}`)]);
      this.options.buyer.sendText(first);
    }
    return done;
  }

  quit(): void {
    if (this.closed) return;
    this.closed = true;
    this.rl.close();
    this.finished();
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.fail(error));
  }

  /** Prints every bot message, edit and deletion in order, for as long as the chat runs. */
  private async follow(): Promise<void> {
    while (!this.closed) {
      const event = await this.options.buyer.nextMessage({ timeout: FOLLOW_WAIT_MS }).catch(() => undefined);
      if (event && !this.closed) this.show(event);
    }
  }

  private show(event: ChatEvent): void {
    if (event.kind === 'message' && event.replyKeyboard) this.replyKeyboard = event.replyKeyboard;
    const keyboard = JSON.stringify(event.replyKeyboard?.keyboard ?? null);
    const showReplyKeyboard = event.replyKeyboard !== undefined && keyboard !== this.shownKeyboard;
    if (showReplyKeyboard) this.shownKeyboard = keyboard;
    const lines = renderEvent(event, {
      botName: this.options.botName,
      style: this.style,
      numbered: event.messageId === this.pressTarget()?.messageId,
      showReplyKeyboard,
    });
    this.print(['', ...lines]);
  }

  private async handle(action: ChatAction | undefined): Promise<void> {
    if (!action || this.closed) return;
    if (action.kind === 'press-inline') return this.pressInline(action.index);
    if (action.kind === 'press-reply') return this.pressReply(action.index);
    if (action.kind === 'pay') return this.pay();
    if (action.kind === 'help') return this.help();
    if (action.kind === 'quit') return this.quit();
    this.options.buyer.sendText(action.text);
  }

  /** Numbers refer to the newest bot message that has inline buttons, as it is now. */
  private pressTarget(): MessageSnapshot | undefined {
    return this.options.buyer
      .messages()
      .filter(
        (message) => message.from === 'bot' && inlineButtons(message.replyMarkup?.inline_keyboard).length,
      )
      .at(-1);
  }

  private pressInline(index: number): void {
    const button = inlineButtons(this.pressTarget()?.replyMarkup?.inline_keyboard)[index];
    const number = index + 1;
    if (!button) {
      this.warn(`Tidak ada tombol [${number}] / no button [${number}] ('${number} sends it as text)`);
    } else if ('url' in button) {
      this.print([this.style.dim(`🔗 ${button.url} (tautan / link)`)]);
    } else if ('callback_data' in button) {
      this.print([this.style.dim(`» [${button.text}]`)]);
      const pressed = this.options.buyer.press(button.text);
      if (pressed.kind === 'callback') void this.showCallbackAnswer(pressed.callbackQueryId);
    } else {
      this.warn(`[${button.text}] cannot be pressed in the sandbox`);
    }
  }

  /** The short notice ("toast") or alert the bot answers a press with, if any. */
  private async showCallbackAnswer(callbackQueryId: string): Promise<void> {
    const answer = await this.options.buyer
      .waitForCallbackAnswer(callbackQueryId, { timeout: CALLBACK_ANSWER_WAIT_MS })
      .catch(() => undefined);
    if (!answer?.text || this.closed) return;
    this.print([this.style.notice(`${answer.showAlert ? '⚠️' : '💬'} ${answer.text}`)]);
  }

  private pressReply(index: number): void {
    const label = replyLabels(this.replyKeyboard)[index];
    if (label === undefined) {
      this.warn(`Tidak ada tombol keyboard (${letterOf(index)}) / no such key`);
      return;
    }
    this.print([this.style.dim(`» ${label}`)]);
    this.options.buyer.pressReply(label);
  }

  private async pay(): Promise<void> {
    const outcome = await payOpenInvoice(this.options.pakasir);
    const [first = '', ...rest] = outcome.lines;
    if (!outcome.paid) return this.warn(first);
    this.print([this.style.notice(first), ...rest.map((line) => this.style.dim(`   ${line}`))]);
  }

  private help(): void {
    const keys = this.replyKeyboard ? [`   ${renderReplyKeyboard(this.replyKeyboard, this.style)}`] : [];
    this.print(['', ...helpLines(this.style), ...keys]);
  }

  private warn(message: string): void {
    this.print([this.style.error(message)]);
  }

  private fail(error: unknown): void {
    this.warn(`⚠️ ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }

  /** Writes above the prompt, then redraws the prompt with what the user was typing. */
  private print(lines: string[]): void {
    const { output } = this.options;
    if (this.tty) {
      clearLine(output, 0);
      cursorTo(output, 0);
    }
    output.write(`${lines.join('\n')}\n`);
    if (this.tty && !this.closed) this.rl.prompt(true);
  }
}
