import type { Api } from 'grammy';
import type { BotDeps } from '../../context.ts';

/**
 * Tells every owner (TELEGRAM_OWNER_IDS) through the main bot. Best effort: an owner
 * who never started the bot cannot be reached, which must not fail the admin's action.
 */
export async function notifyOwners(
  deps: Pick<BotDeps, 'config' | 'logger'>,
  api: Api,
  text: string,
): Promise<void> {
  for (const ownerId of deps.config.TELEGRAM_OWNER_IDS) {
    await api.sendMessage(ownerId, text).catch((error: unknown) => {
      deps.logger.warn({ err: error, ownerId }, 'owner notice not delivered');
    });
  }
}
