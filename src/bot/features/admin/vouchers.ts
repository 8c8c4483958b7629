import { Composer, InlineKeyboard } from 'grammy';
import type { Db } from '../../../infra/db.ts';
import type { ConversationData } from '../../../machines/conversation.ts';
import {
  getAdminCategory,
  getAdminProduct,
  listAdminCategories,
  listAdminProducts,
} from '../../../shop/catalog-admin.ts';
import {
  createVoucher,
  deactivateVoucher,
  listVouchers,
  type NewVoucher,
  parseVoucherLine,
  resolveVoucherScope,
  type VoucherScope,
} from '../../../shop/vouchers.ts';
import { encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../../conversations/step.ts';
import { localTime, rupiah } from '../../format.ts';
import { addPager } from '../../keyboards/pager.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';
import { ADMIN_PAGE_SIZE, audited } from './shared.ts';

type VoucherTerms = Omit<NewVoucher, 'code' | 'productId' | 'categoryId'> & {
  used?: number;
  scope: VoucherScope;
};

function scopeLabel(ctx: BotContext, scope: NonNullable<VoucherScope>): string {
  const t = ctx.t.adminStock;
  if (scope.id === null) return t.scopeDeleted;
  return scope.kind === 'product' ? t.scopeProduct(scope.name) : t.scopeCategory(scope.name);
}

/** "10%, dipakai 0/100, min. belanja Rp 50.000, …" */
function summary(ctx: BotContext, v: VoucherTerms): string {
  const t = ctx.t.adminStock;
  const when = (date: Date) => localTime(date, ctx.deps.config.BOT_TIMEZONE, ctx.lang);
  const uses =
    v.used === undefined ? (v.maxUses === null ? t.unlimited : `${v.maxUses}×`) : t.usesOf(v.used, v.maxUses);
  const extra = [
    ...(v.scope ? [scopeLabel(ctx, v.scope)] : []),
    ...(v.minPurchase > 0 ? [t.minPurchase(rupiah(v.minPurchase))] : []),
    ...(v.perUserLimit !== null ? [t.perUser(v.perUserLimit)] : []),
    ...(v.validFrom ? [t.validFrom(when(v.validFrom))] : []),
    ...(v.validUntil ? [t.validUntil(when(v.validUntil))] : []),
  ];
  return t.voucherSummary({ value: v.kind === 'percent' ? `${v.value}%` : rupiah(v.value), uses, extra });
}

/** The scope a guided prompt was opened for (data.scopeKind / data.scopeId), looked up again. */
async function promptScope(ctx: BotContext, data: ConversationData): Promise<VoucherScope | 'gone'> {
  if (typeof data.scopeId !== 'number') return null;
  const found =
    data.scopeKind === 'product'
      ? await getAdminProduct(ctx.deps.db, data.scopeId)
      : await getAdminCategory(ctx.deps.db, data.scopeId);
  if (!found) return 'gone';
  return { kind: data.scopeKind === 'product' ? 'product' : 'category', id: found.id, name: found.name };
}

/**
 * `KODE | NOMINAL | BATAS_PAKAI [| min=… | peruser=… | mulai=… | sampai=… | produk:KODE | kategori:Nama]`;
 * opened from the scoped-voucher buttons, the chosen product or category is the scope.
 */
export const voucherLineStep: ConversationStep = {
  name: 'adminVoucherLine',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.adminStock;
    const parsed = parseVoucherLine(text ?? '', ctx.deps.config.BOT_TIMEZONE);
    if (!parsed.ok) return retry(t.voucherProblemAt(t.voucherProblem[parsed.problem], parsed.part));
    let scope = await promptScope(ctx, data);
    if (scope === 'gone') {
      await ctx.reply(t.scopeGone);
      return done;
    }
    if (parsed.scope) {
      if (scope) return retry(t.voucherProblem.scope);
      scope = await resolveVoucherScope(ctx.deps.db, parsed.scope);
      if (!scope)
        return retry(
          t.scopeNotFound(parsed.scope.kind === 'product' ? parsed.scope.code : parsed.scope.name),
        );
    }
    const v: NewVoucher = {
      ...parsed.voucher,
      productId: scope?.kind === 'product' ? scope.id : null,
      categoryId: scope?.kind === 'category' ? scope.id : null,
    };
    const created = await audited(
      ctx,
      (result) =>
        result.ok
          ? { action: 'voucher.create', target: `voucher:${v.code}`, after: { ...v, id: result.id } }
          : null,
      (db: Db) => createVoucher(db, v),
    );
    if (!created.ok) return retry(t.voucherExists(v.code));
    await ctx.reply(t.voucherCreated({ code: v.code, summary: summary(ctx, { ...v, scope }) }), {
      reply_markup: new InlineKeyboard().text(t.voucherList, cb({ type: 'adminVoucherList', page: 1 })),
    });
    return done;
  },
};

async function listScreen(ctx: BotContext, page: number) {
  const t = ctx.t.adminStock;
  const list = await listVouchers(ctx.deps.db, { page, pageSize: ADMIN_PAGE_SIZE });
  const keyboard = new InlineKeyboard();
  for (const v of list.items.filter((item) => item.active))
    keyboard.text(t.deactivate(v.code), cb({ type: 'adminVoucherOff', voucherId: v.id })).row();
  addPager(keyboard, ctx.t, list.page, list.pages, (p) => cb({ type: 'adminVoucherList', page: p }));
  keyboard.text(t.back, cb({ type: 'adminVoucherMenu' }));
  const lines =
    list.items.length > 0
      ? list.items.map((v) => t.voucherLine({ code: v.code, active: v.active, summary: summary(ctx, v) }))
      : [t.noVouchers];
  return { text: [t.voucherListTitle(list.total), '', ...lines].join('\n'), keyboard };
}

/** A page of products or categories to scope a new voucher to. */
async function scopePicker(ctx: BotContext, scope: 'p' | 'c', page: number) {
  const t = ctx.t.adminStock;
  const list =
    scope === 'p'
      ? await listAdminProducts(ctx.deps.db, page, ADMIN_PAGE_SIZE)
      : await listAdminCategories(ctx.deps.db, page, ADMIN_PAGE_SIZE);
  const keyboard = new InlineKeyboard();
  for (const item of list.items)
    keyboard.text(item.name, cb({ type: 'adminVoucherFor', scope, targetId: item.id })).row();
  addPager(keyboard, ctx.t, list.page, list.pages, (p) =>
    cb({ type: 'adminVoucherScopeList', scope, page: p }),
  );
  keyboard.text(t.back, cb({ type: 'adminVoucherScoped' }));
  const text = scope === 'p' ? t.pickScopeProduct(list.total) : t.pickScopeCategory(list.total);
  return { text, keyboard };
}

/** "🎟️ Voucher": create from one line (optionally for one product or category), list with usage, deactivate. */
export function vouchersFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminVoucherMenu', async (ctx) => {
    const t = ctx.t.adminStock;
    const keyboard = new InlineKeyboard()
      .text(t.voucherNew, cb({ type: 'adminVoucherNew' }))
      .text(t.voucherList, cb({ type: 'adminVoucherList', page: 1 }))
      .row()
      .text(t.voucherScoped, cb({ type: 'adminVoucherScoped' }))
      .row()
      .text(t.back, cb({ type: 'adminPanel' }));
    await showScreen(ctx, { text: t.voucherMenu, keyboard });
    return undefined;
  });

  onAction(feature, 'adminVoucherNew', async (ctx) => {
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: voucherLineStep.name,
      text: ctx.t.adminStock.askVoucher,
    });
    return undefined;
  });

  onAction(feature, 'adminVoucherScoped', async (ctx) => {
    const t = ctx.t.adminStock;
    const keyboard = new InlineKeyboard()
      .text(t.scopeKindProduct, cb({ type: 'adminVoucherScopeList', scope: 'p', page: 1 }))
      .text(t.scopeKindCategory, cb({ type: 'adminVoucherScopeList', scope: 'c', page: 1 }))
      .row()
      .text(t.back, cb({ type: 'adminVoucherMenu' }));
    await showScreen(ctx, { text: t.pickScopeKind, keyboard });
    return undefined;
  });

  onAction(feature, 'adminVoucherScopeList', async (ctx, { scope, page }) => {
    await showScreen(ctx, await scopePicker(ctx, scope, page));
    return undefined;
  });

  onAction(feature, 'adminVoucherFor', async (ctx, { scope, targetId }) => {
    const t = ctx.t.adminStock;
    const found =
      scope === 'p'
        ? await getAdminProduct(ctx.deps.db, targetId)
        : await getAdminCategory(ctx.deps.db, targetId);
    if (!found) return t.scopeGone;
    const kind = scope === 'p' ? 'product' : 'category';
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: voucherLineStep.name,
      data: { scopeKind: kind, scopeId: found.id },
      text: t.askVoucherFor(scopeLabel(ctx, { kind, id: found.id, name: found.name })),
    });
    return undefined;
  });

  onAction(feature, 'adminVoucherList', async (ctx, { page }) => {
    await showScreen(ctx, await listScreen(ctx, page));
    return undefined;
  });

  onAction(feature, 'adminVoucherOff', async (ctx, { voucherId }) => {
    const t = ctx.t.adminStock;
    const code = await audited(
      ctx,
      (off) =>
        off
          ? {
              action: 'voucher.deactivate',
              target: `voucher:${off}`,
              before: { active: true },
              after: { active: false },
            }
          : null,
      (db: Db) => deactivateVoucher(db, voucherId),
    );
    if (!code) return t.alreadyInactive;
    await showScreen(ctx, await listScreen(ctx, 1));
    await sendScreen(ctx, { text: t.deactivated(code) });
    return undefined;
  });

  return feature;
}
