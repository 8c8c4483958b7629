import type { Filter } from 'grammy';
import type { Message } from 'grammy/types';
import type { ConversationData } from '../../machines/conversation.ts';
import type { BotContext } from '../context.ts';
import type { Prompt } from './conversation.ts';

export type MessageContext = Filter<BotContext, 'message'>;

/** What a step makes of the message that answered it. */
export type StepResult =
  /** Handled; the conversation is over. */
  | { type: 'done' }
  /** Handled; the router asks `prompt.text` and the next message goes to `prompt.step`. */
  | { type: 'next'; prompt: Prompt }
  /** Not acceptable: the buyer is told what was expected and the prompt stays. */
  | { type: 'retry'; expected: string }
  /** Not an answer at all: the prompt ends and the message is handled as if there were none. */
  | { type: 'leave' }
  /** Handled (the step replied itself); the prompt stays for the next message. */
  | { type: 'stay' };

/**
 * One step of a multi-step input. The router hands it the chat's next message while
 * the step is active; commands, menu buttons and "❌ Batal" never reach it.
 */
export interface ConversationStep<D extends ConversationData = ConversationData> {
  name: string;
  /** `message`: the whole message (a document, a photo), for steps that take more than text. */
  handle(ctx: MessageContext, input: { text: string | null; data: D; message: Message }): Promise<StepResult>;
}

export const done: StepResult = { type: 'done' };
export const leave: StepResult = { type: 'leave' };
export const stay: StepResult = { type: 'stay' };
export const retry = (expected: string): StepResult => ({ type: 'retry', expected });
