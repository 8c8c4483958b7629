import { Composer } from 'grammy';
import type { BotContext } from '../../context.ts';
import type { ConversationStep } from '../../conversations/step.ts';
import { broadcastFeature, broadcastSteps } from './broadcast.ts';
import { adminCategoriesFeature, adminCategorySteps } from './categories.ts';
import { configBackupFeature, configRestoreStep } from './config-backup.ts';
import { lowStockFeature, thresholdStep } from './low-stock.ts';
import { adminMenuFeature } from './menu.ts';
import { adminProductSteps, adminProductsFeature } from './products.ts';
import { snkConfirmStep, snkLineStep, snkTextFeature, snkTextStep } from './snk-text.ts';
import { stockAddStep, stockFeature } from './stock.ts';
import { templateConfirmStep, templateEditStep, templatesFeature } from './templates.ts';
import { voucherLineStep, vouchersFeature } from './vouchers.ts';

/** Every admin feature, in one composer for the admin gate. */
export function adminFeature(): Composer<BotContext> {
  return new Composer<BotContext>(
    adminMenuFeature(),
    adminProductsFeature(),
    adminCategoriesFeature(),
    stockFeature(),
    lowStockFeature(),
    vouchersFeature(),
    snkTextFeature(),
    templatesFeature(),
    configBackupFeature(),
    broadcastFeature(),
  );
}

/** The admin prompts' steps, for the conversation router (which runs before the gate). */
export const adminSteps: ConversationStep[] = [
  ...adminProductSteps,
  ...adminCategorySteps,
  stockAddStep,
  thresholdStep,
  voucherLineStep,
  snkLineStep,
  snkTextStep,
  snkConfirmStep,
  templateEditStep,
  templateConfirmStep,
  configRestoreStep,
  ...broadcastSteps,
];
