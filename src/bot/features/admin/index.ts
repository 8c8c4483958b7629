import { Composer } from 'grammy';
import type { BotContext } from '../../context.ts';
import type { ConversationStep } from '../../conversations/step.ts';
import { adminCategoriesFeature, adminCategorySteps } from './categories.ts';
import { adminComingSoon, adminMenuFeature } from './menu.ts';
import { adminProductSteps, adminProductsFeature } from './products.ts';

/** Every admin feature, in one composer for the admin gate; "coming soon" answers last. */
export function adminFeature(): Composer<BotContext> {
  return new Composer<BotContext>(
    adminMenuFeature(),
    adminProductsFeature(),
    adminCategoriesFeature(),
    adminComingSoon(),
  );
}

/** The admin prompts' steps, for the conversation router (which runs before the gate). */
export const adminSteps: ConversationStep[] = [...adminProductSteps, ...adminCategorySteps];
