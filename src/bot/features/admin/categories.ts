import { Composer } from 'grammy';
import {
  createCategory,
  deleteCategory,
  getAdminCategory,
  moveCategory,
  renameCategory,
} from '../../../shop/catalog-admin.ts';
import { onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../../conversations/step.ts';
import { adminCategoryListScreen, adminCategoryScreen } from '../../views/admin-catalog.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';
import { actorOf, chatOf } from './actor.ts';
import { isSkip, readName } from './product-input.ts';

const CATEGORY_NAME_MAX = 64;
// One emoji, however it is composed (skin tones, ZWJ sequences): short, no letters or digits.
const isEmoji = (text: string) =>
  text.length <= 16 && /^\p{Extended_Pictographic}/u.test(text) && !/[\p{L}\p{N}\s]/u.test(text);

const categoryName: ConversationStep = {
  name: 'adminCategoryName',
  async handle(ctx, { text }) {
    if (!ctx.isAdmin) return leave;
    const name = readName(ctx.t, text ?? '', CATEGORY_NAME_MAX);
    if (!name.ok) return retry(name.expected);
    return {
      type: 'next',
      prompt: {
        step: categoryEmoji.name,
        data: { name: name.value },
        text: ctx.t.adminCatalog.categories.askEmoji,
      },
    };
  },
};

const categoryEmoji: ConversationStep<{ name: string }> = {
  name: 'adminCategoryEmoji',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const typed = (text ?? '').trim();
    if (!isSkip(typed) && !isEmoji(typed)) return retry(ctx.t.adminCatalog.expected.emoji);
    const created = await createCategory(ctx.deps.db, actorOf(ctx), {
      name: data.name,
      emoji: isSkip(typed) ? null : typed,
    });
    await ctx.reply(ctx.t.adminCatalog.categories.created(data.name));
    const screen = await adminCategoryScreen(ctx.deps, ctx.t, created.id);
    if (screen) await sendScreen(ctx, screen);
    return done;
  },
};

const categoryRename: ConversationStep<{ categoryId: number }> = {
  name: 'adminCategoryRename',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const name = readName(ctx.t, text ?? '', CATEGORY_NAME_MAX);
    if (!name.ok) return retry(name.expected);
    const renamed = await renameCategory(ctx.deps.db, actorOf(ctx), data.categoryId, { name: name.value });
    await ctx.reply(
      renamed ? ctx.t.adminCatalog.categories.renamed(name.value) : ctx.t.adminCatalog.categories.gone,
    );
    const screen = renamed && (await adminCategoryScreen(ctx.deps, ctx.t, data.categoryId));
    if (screen) await sendScreen(ctx, screen);
    return done;
  },
};

export const adminCategorySteps = [categoryName, categoryEmoji, categoryRename] as ConversationStep[];

/** 🗂 Kategori: list, create (name, emoji), rename, reorder, delete (only when empty). */
export function adminCategoriesFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminCategories', async (ctx, { page }) => {
    await showScreen(ctx, await adminCategoryListScreen(ctx.deps, ctx.t, page));
    return undefined;
  });

  onAction(feature, 'adminCategory', async (ctx, { categoryId }) => {
    const screen = await adminCategoryScreen(ctx.deps, ctx.t, categoryId);
    if (!screen) return ctx.t.adminCatalog.categories.gone;
    await showScreen(ctx, screen);
    return undefined;
  });

  onAction(feature, 'adminCategoryNew', async (ctx) => {
    await openPrompt(ctx, chatOf(ctx), {
      step: categoryName.name,
      text: ctx.t.adminCatalog.categories.askName,
    });
    return undefined;
  });

  onAction(feature, 'adminCategoryRename', async (ctx, { categoryId }) => {
    const category = await getAdminCategory(ctx.deps.db, categoryId);
    if (!category) return ctx.t.adminCatalog.categories.gone;
    await openPrompt(ctx, chatOf(ctx), {
      step: categoryRename.name,
      data: { categoryId },
      text: ctx.t.adminCatalog.categories.askRename(category.name),
    });
    return undefined;
  });

  onAction(feature, 'adminCategoryMove', async (ctx, { categoryId, direction }) => {
    const moved = await moveCategory(ctx.deps.db, actorOf(ctx), categoryId, direction);
    const screen = await adminCategoryScreen(ctx.deps, ctx.t, categoryId);
    if (!screen) return ctx.t.adminCatalog.categories.gone;
    await showScreen(ctx, screen);
    return moved ? ctx.t.adminCatalog.products.moved : ctx.t.adminCatalog.products.notMoved;
  });

  onAction(feature, 'adminCategoryDelete', async (ctx, { categoryId }) => {
    const result = await deleteCategory(ctx.deps.db, actorOf(ctx), categoryId);
    if (!result.ok)
      return result.reason === 'hasProducts'
        ? { text: ctx.t.adminCatalog.categories.deleteRefused(result.products), alert: true }
        : ctx.t.adminCatalog.categories.gone;
    await showScreen(ctx, await adminCategoryListScreen(ctx.deps, ctx.t, 1));
    return ctx.t.adminCatalog.categories.deleted;
  });

  return feature;
}
