import { Composer } from 'grammy';
import {
  type AdminProduct,
  createProduct,
  deleteProduct,
  findProductByCode,
  getAdminProduct,
  moveProduct,
  type ProductFields,
  updateProduct,
} from '../../../shop/catalog-admin.ts';
import { type AdminProductField, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { activeConversation, endConversation, openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry, type StepResult } from '../../conversations/step.ts';
import { escapeHtml as e } from '../../format.ts';
import {
  adminCreatedKeyboard,
  adminDeleteConfirmKeyboard,
  adminDeleteRefusedKeyboard,
  adminSaveAnywayKeyboard,
} from '../../keyboards/admin-catalog.ts';
import { adminProductListScreen, adminProductScreen, adminProductView } from '../../views/admin-catalog.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';
import { actorOf, chatOf } from './actor.ts';
import { notifyOwners } from './owners.ts';
import {
  categoryChoices,
  describeChanges,
  readCategory,
  readCode,
  readDescription,
  readName,
  readPrice,
  readSnk,
} from './product-input.ts';
import { applyProductLine, isProductLine } from './product-lines.ts';

/** Steps are not behind the admin gate: one whose admin lost the role ends quietly. */
function adminStep<D extends Record<string, string | number | boolean | null>>(
  name: string,
  handle: (ctx: Parameters<ConversationStep<D>['handle']>[0], text: string, data: D) => Promise<StepResult>,
): ConversationStep<D> {
  return {
    name,
    async handle(ctx, { text, data }) {
      if (!ctx.isAdmin) return leave;
      if (text === null) return retry(ctx.t.adminCatalog.expected.name);
      return handle(ctx, text, data);
    },
  };
}

// ── Guided create: category → code → name → price → description ────────────────

type Draft = { categoryId: number; code: string; name: string; price: number };

const productCategory = adminStep<Record<string, never>>('adminProductCategory', async (ctx, text) => {
  const category = await readCategory(ctx, text);
  if (!category.ok) return retry(category.expected);
  return {
    type: 'next',
    prompt: {
      step: productCode.name,
      data: { categoryId: category.value },
      text: ctx.t.adminCatalog.products.askCode,
    },
  };
});

const productCode = adminStep<Pick<Draft, 'categoryId'>>('adminProductCode', async (ctx, text, data) => {
  const code = readCode(ctx.t, text);
  if (!code.ok) return retry(code.expected);
  if (await findProductByCode(ctx.deps.db, code.value))
    return retry(ctx.t.adminCatalog.expected.codeTaken(code.value));
  return {
    type: 'next',
    prompt: {
      step: productName.name,
      data: { ...data, code: code.value },
      text: ctx.t.adminCatalog.products.askName,
    },
  };
});

const productName = adminStep<Pick<Draft, 'categoryId' | 'code'>>(
  'adminProductName',
  async (ctx, text, data) => {
    const name = readName(ctx.t, text);
    if (!name.ok) return retry(name.expected);
    return {
      type: 'next',
      prompt: {
        step: productPrice.name,
        data: { ...data, name: name.value },
        text: ctx.t.adminCatalog.products.askPrice,
      },
    };
  },
);

const productPrice = adminStep<Omit<Draft, 'price'>>('adminProductPrice', async (ctx, text, data) => {
  const price = readPrice(ctx.t, text);
  if (!price.ok) return retry(price.expected);
  return {
    type: 'next',
    prompt: {
      step: productDescription.name,
      data: { ...data, price: price.value },
      text: ctx.t.adminCatalog.products.askDescription,
    },
  };
});

const productDescription = adminStep<Draft>('adminProductDescription', async (ctx, text, data) => {
  const description = readDescription(ctx.t, text);
  if (!description.ok) return retry(description.expected);
  const created = await createProduct(ctx.deps.db, actorOf(ctx), { ...data, description: description.value });
  if (!created.ok) {
    // Someone took the code (or removed the category) while this admin was typing.
    await ctx.reply(
      ctx.t.adminCatalog.lines.problem(
        created.reason === 'codeTaken'
          ? ctx.t.adminCatalog.expected.codeTaken(data.code)
          : ctx.t.adminCatalog.expected.category('—'),
      ),
    );
    return done;
  }
  await sendScreen(ctx, {
    text: ctx.t.adminCatalog.products.created(data.name),
    keyboard: adminCreatedKeyboard(ctx.t, created.id),
  });
  return done;
});

// ── Editing one field, with the version the admin was shown ───────────────────

type EditData = { productId: number; field: AdminProductField; version: number; seen: string };
type ConfirmData = { productId: number; version: number; seen: string; changes: string };

const FIELD_OF: Record<AdminProductField, keyof ProductFields> = {
  name: 'name',
  price: 'price',
  desc: 'description',
  cat: 'categoryId',
  snk: 'snk',
};

function seenOf(product: AdminProduct): ProductFields {
  const { name, price, description, categoryId, active, snk } = product;
  return { name, price, description, categoryId, active, snk };
}

async function readField(ctx: BotContext, field: AdminProductField, text: string) {
  switch (field) {
    case 'name':
      return readName(ctx.t, text);
    case 'price':
      return readPrice(ctx.t, text);
    case 'desc':
      return readDescription(ctx.t, text);
    case 'cat':
      return readCategory(ctx, text);
    case 'snk':
      return readSnk(ctx.t, text);
  }
}

/**
 * Saves `changes` against `version`. A newer version means another admin saved in
 * between: nothing is written, this admin sees what changed and is asked to confirm
 * (a prompt holding the new version), and the owners hear of it.
 */
async function save(
  ctx: BotContext,
  productId: number,
  version: number,
  seen: ProductFields,
  changes: Partial<ProductFields>,
): Promise<StepResult> {
  const result = await updateProduct(ctx.deps.db, actorOf(ctx), {
    productId,
    expectedVersion: version,
    seen,
    changes,
  });
  if (result.ok) {
    await ctx.reply(ctx.t.adminCatalog.products.saved);
    if (changes.snk !== undefined)
      await ctx.reply(
        changes.snk === null
          ? ctx.t.adminCatalog.products.snkRemoved
          : ctx.t.adminCatalog.products.snkPreview(changes.snk),
      );
    const screen = await adminProductScreen(ctx.deps, ctx.t, productId);
    if (screen) await sendScreen(ctx, screen);
    return done;
  }
  if (result.reason !== 'conflict') {
    await ctx.reply(ctx.t.adminCatalog.products.gone);
    return done;
  }
  const product = await getAdminProduct(ctx.deps.db, productId);
  if (!product) return done;
  const described = await describeChanges(ctx, result.changed);
  await sendScreen(ctx, {
    text: ctx.t.adminCatalog.products.conflict(e(described)),
    keyboard: adminSaveAnywayKeyboard(ctx.t, productId),
  });
  await notifyOwners(
    ctx.deps,
    ctx.api,
    ctx.t.adminCatalog.products.ownerConflict({
      admin: ctx.from?.first_name ?? String(ctx.from?.id),
      product: product.name,
      changes: described,
    }),
  );
  return {
    type: 'next',
    prompt: {
      step: productConfirm.name,
      data: {
        productId,
        version: result.version,
        seen: JSON.stringify(seenOf(product)),
        changes: JSON.stringify(changes),
      },
      text: ctx.t.adminCatalog.products.answerYes,
    },
  };
}

const productEdit = adminStep<EditData>('adminProductEdit', async (ctx, text, data) => {
  const value = await readField(ctx, data.field, text);
  if (!value.ok) return retry(value.expected);
  const changes = { [FIELD_OF[data.field]]: value.value } as Partial<ProductFields>;
  return save(ctx, data.productId, data.version, JSON.parse(data.seen), changes);
});

const YES = new Set(['ya', 'y', 'yes', 'simpan', 'ok', 'oke']);

const productConfirm = adminStep<ConfirmData>('adminProductConfirm', async (ctx, text, data) => {
  if (!YES.has(text.trim().toLowerCase())) return retry(ctx.t.adminCatalog.products.answerYes);
  return save(ctx, data.productId, data.version, JSON.parse(data.seen), JSON.parse(data.changes));
});

export const adminProductSteps: ConversationStep[] = [
  productCategory,
  productCode,
  productName,
  productPrice,
  productDescription,
  productEdit,
  productConfirm,
] as ConversationStep[];

// ── Buttons ────────────────────────────────────────────────────────────────

export function adminProductsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminProducts', async (ctx, { page }) => {
    await showScreen(ctx, await adminProductListScreen(ctx.deps, ctx.t, page));
    return undefined;
  });

  onAction(feature, 'adminProduct', async (ctx, { productId }) => {
    const screen = await adminProductScreen(ctx.deps, ctx.t, productId);
    if (!screen) return ctx.t.adminCatalog.products.gone;
    await showScreen(ctx, screen);
    return undefined;
  });

  onAction(feature, 'adminProductNew', async (ctx) => {
    const choices = await categoryChoices(ctx);
    if (!choices) return { text: ctx.t.adminCatalog.products.noCategories, alert: true };
    await openPrompt(ctx, chatOf(ctx), {
      step: productCategory.name,
      text: ctx.t.adminCatalog.products.askCategory(choices),
    });
    return undefined;
  });

  onAction(feature, 'adminProductEdit', async (ctx, { productId, field }) => {
    const product = await getAdminProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminCatalog.products.gone;
    const p = ctx.t.adminCatalog.products;
    const key = FIELD_OF[field];
    const current =
      key === 'price'
        ? product.price.toLocaleString('id-ID')
        : key === 'categoryId'
          ? (product.categoryName ?? '—')
          : String(product[key] ?? '—') || '—';
    let text = p.askEdit(ctx.t.adminCatalog.fieldName(key), e(current));
    if (field === 'cat') text = `${text}\n${(await categoryChoices(ctx)) ?? ''}`;
    if (field === 'snk') text = p.askSnk(product.name);
    const data: EditData = {
      productId,
      field,
      version: product.version,
      seen: JSON.stringify(seenOf(product)),
    };
    await openPrompt(ctx, chatOf(ctx), { step: productEdit.name, data, text });
    return undefined;
  });

  // "✅ Simpan tetap" under a conflict notice: confirms the open prompt for that product.
  onAction(feature, 'adminProductSave', async (ctx, { productId }) => {
    const chatId = chatOf(ctx);
    const open = await activeConversation(ctx, chatId);
    if (open?.step !== productConfirm.name || open.data.productId !== productId)
      return ctx.t.adminCatalog.products.nothingToConfirm;
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const data = open.data as ConfirmData;
    const result = await save(ctx, productId, data.version, JSON.parse(data.seen), JSON.parse(data.changes));
    if (result.type === 'next') {
      await openPrompt(ctx, chatId, result.prompt);
      return undefined;
    }
    await endConversation(ctx, chatId, open, 'done');
    return undefined;
  });

  onAction(feature, 'adminProductToggle', async (ctx, { productId }) => {
    const product = await getAdminProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminCatalog.products.gone;
    const result = await updateProduct(ctx.deps.db, actorOf(ctx), {
      productId,
      expectedVersion: product.version,
      seen: seenOf(product),
      changes: { active: !product.active },
    });
    const fresh = await getAdminProduct(ctx.deps.db, productId);
    if (fresh) await showScreen(ctx, adminProductView(ctx.t, fresh));
    if (!result.ok) return ctx.t.adminCatalog.products.gone;
    return product.active ? ctx.t.adminCatalog.products.deactivated : ctx.t.adminCatalog.products.activated;
  });

  onAction(feature, 'adminProductMove', async (ctx, { productId, direction }) => {
    const moved = await moveProduct(ctx.deps.db, actorOf(ctx), productId, direction);
    const screen = await adminProductScreen(ctx.deps, ctx.t, productId);
    if (!screen) return ctx.t.adminCatalog.products.gone;
    await showScreen(ctx, screen);
    return moved ? ctx.t.adminCatalog.products.moved : ctx.t.adminCatalog.products.notMoved;
  });

  onAction(feature, 'adminProductDelete', async (ctx, { productId }) => {
    const product = await getAdminProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminCatalog.products.gone;
    if (product.sold + product.reserved > 0 || product.openOrders > 0) {
      await showScreen(ctx, {
        text: ctx.t.adminCatalog.products.deleteRefused({
          name: product.name,
          sold: product.sold + product.reserved,
          openOrders: product.openOrders,
        }),
        keyboard: adminDeleteRefusedKeyboard(ctx.t, product),
      });
      return undefined;
    }
    await showScreen(ctx, {
      text: ctx.t.adminCatalog.products.askDelete(product.name),
      keyboard: adminDeleteConfirmKeyboard(ctx.t, productId),
    });
    return undefined;
  });

  onAction(feature, 'adminProductDeleteConfirmed', async (ctx, { productId }) => {
    const product = await getAdminProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminCatalog.products.gone;
    const result = await deleteProduct(ctx.deps.db, actorOf(ctx), productId);
    if (!result.ok) {
      // Checked again inside the delete: an order may have come in since the question.
      await showScreen(ctx, {
        text: ctx.t.adminCatalog.products.deleteRefused({
          name: product.name,
          sold: result.reason === 'inUse' ? result.sold : 0,
          openOrders: result.reason === 'inUse' ? result.openOrders : 0,
        }),
        keyboard: adminDeleteRefusedKeyboard(ctx.t, product),
      });
      return undefined;
    }
    await showScreen(ctx, await adminProductListScreen(ctx.deps, ctx.t, 1));
    await ctx.reply(ctx.t.adminCatalog.products.deleted(product.name));
    return undefined;
  });

  // Power users type the seed's one-line formats anywhere in the admin chat.
  feature
    .chatType('private')
    .on('message:text')
    .filter(
      (ctx) => isProductLine(ctx.message.text),
      async (ctx) => {
        await ctx.reply(await applyProductLine(ctx, ctx.message.text));
      },
    );

  return feature;
}
