import type { conversationId } from '../id/conversation.ts';

/** Prompts that wait for typed input (English). */
export const conversationEn: typeof conversationId = {
  cancelButton: '❌ Cancel',
  cancelled: '👌 Okay, cancelled. Pick something from the menu below to go on.',
  nothingToCancel: '🙂 Nothing is waiting for an answer, so there is nothing to cancel.',
  expected: (what) => `⚠️ That doesn't fit. Expected: ${what}.\nType it again, or type cancel.`,
};
