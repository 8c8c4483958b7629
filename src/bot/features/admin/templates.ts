import { Composer, InlineKeyboard } from 'grammy';
import type { Db } from '../../../infra/db.ts';
import { fillTemplate } from '../../../messages/fill.ts';
import { renderDefault } from '../../../messages/messages.ts';
import { specOf, TEMPLATE_KEYS, type TemplateKey } from '../../../messages/registry.ts';
import {
  activateTemplate,
  activeVersionOf,
  countTemplateVersions,
  getTemplateVersion,
  type Locale,
  listTemplateVersions,
  saveTemplate,
} from '../../../messages/store.ts';
import { sampleValuesOf, type TemplateProblem, validateTemplate } from '../../../messages/validate.ts';
import { pageWindow } from '../../../shop/catalog.ts';
import { type CallbackContext, encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { activeConversation, endConversation, openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, leave, retry, type StepResult } from '../../conversations/step.ts';
import { isOwner } from '../../filters/is-owner.ts';
import { localTime } from '../../format.ts';
import { addPager } from '../../keyboards/pager.ts';
import { type Screen, sendScreen, showScreen } from '../../views/screen.ts';
import { ADMIN_PAGE_SIZE, adminName, audited, notifyOwners } from './shared.ts';

const LOCALES: Locale[] = ['id', 'en'];
const EXCERPT_CHARS = 60;

const templateTarget = (key: TemplateKey, locale: Locale) => `template:${key}:${locale}`;

/** The live text and photo of a template: its active version, else the locale file's default. */
async function liveTemplate(ctx: BotContext, key: TemplateKey, locale: Locale) {
  const version = await activeVersionOf(ctx.deps.db, key, locale);
  const saved = version === null ? undefined : await getTemplateVersion(ctx.deps.db, key, locale, version);
  return saved
    ? { version: saved.version, body: saved.body, photo: saved.photo }
    : { version: null, body: null, photo: null };
}

/** A body with the registry's sample values in, as a buyer would get it (the default when it no longer fills). */
function withSamples(key: TemplateKey, locale: Locale, body: string | null): string {
  const samples = sampleValuesOf(key);
  if (body !== null) {
    try {
      return fillTemplate(body, samples);
    } catch {
      // A saved version whose placeholders were retired: buyers get the default too.
    }
  }
  return renderDefault(key, locale, samples as never);
}

/** Each problem in the owner's words: unknown placeholders with the allowed list, missing ones, HTML. */
function problemTexts(ctx: BotContext, problems: TemplateProblem[]): string[] {
  const p = ctx.t.adminTemplates.problems;
  return problems.map((problem): string => {
    switch (problem.kind) {
      case 'empty':
        return p.empty;
      case 'unknown_placeholder':
        return p.unknown(problem.names, problem.allowed);
      case 'missing_placeholder':
        return p.missing(problem.names);
      case 'html':
        return p.html(problem.detail);
      case 'too_long':
        return p.tooLong(problem.length, problem.max);
      case 'no_media':
        return p.noMedia;
      default:
        return problem satisfies never;
    }
  });
}

function placeholderList(ctx: BotContext, key: TemplateKey): string[] {
  return Object.entries(specOf(key).placeholders).map(([name, spec]) =>
    ctx.t.adminTemplates.placeholderLine({ name, sample: spec.sample, required: spec.required === true }),
  );
}

async function listScreen(ctx: BotContext, page: number): Promise<Screen> {
  const t = ctx.t.adminTemplates;
  const window = pageWindow(TEMPLATE_KEYS.length, page, ADMIN_PAGE_SIZE);
  const keys = TEMPLATE_KEYS.slice(window.offset, window.offset + window.limit);
  const keyboard = new InlineKeyboard();
  for (const key of keys) {
    const version = await activeVersionOf(ctx.deps.db, key, ctx.lang);
    keyboard
      .text(
        t.listButton({ name: t.names[key], version }),
        cb({ type: 'adminTemplate', key, locale: ctx.lang }),
      )
      .row();
  }
  addPager(keyboard, ctx.t, window.page, window.pages, (p) => cb({ type: 'adminTemplates', page: p }));
  keyboard.text(t.back, cb({ type: 'adminPanel' }));
  return { text: t.listTitle({ total: TEMPLATE_KEYS.length, owner: isOwner(ctx) }), keyboard };
}

/** One template: what it is for, what is live, its placeholders; owners get the edit buttons. */
async function templateScreen(ctx: BotContext, key: TemplateKey, locale: Locale): Promise<Screen> {
  const t = ctx.t.adminTemplates;
  const live = await liveTemplate(ctx, key, locale);
  const keyboard = new InlineKeyboard().text(t.preview, cb({ type: 'adminTemplatePreview', key, locale }));
  if (isOwner(ctx)) {
    keyboard
      .text(t.edit, cb({ type: 'adminTemplateEdit', key, locale }))
      .row()
      .text(t.history, cb({ type: 'adminTemplateHistory', key, locale, page: 1 }));
    if (live.version !== null)
      keyboard.text(t.rollbackDefault, cb({ type: 'adminTemplateRollback', key, locale, version: 0 }));
  }
  keyboard.row();
  for (const other of LOCALES.filter((l) => l !== locale))
    keyboard.text(t.otherLocale(t.localeName[other]), cb({ type: 'adminTemplate', key, locale: other }));
  keyboard.text(t.backToList, cb({ type: 'adminTemplates', page: 1 }));
  const text = t.screen({
    name: t.names[key],
    description: t.descriptions[key],
    locale: t.localeName[locale],
    version: live.version,
    photo: live.photo !== null,
    placeholders: placeholderList(ctx, key),
  });
  return { text, keyboard };
}

async function historyScreen(
  ctx: BotContext,
  key: TemplateKey,
  locale: Locale,
  page: number,
): Promise<Screen> {
  const t = ctx.t.adminTemplates;
  const total = await countTemplateVersions(ctx.deps.db, key, locale);
  const window = pageWindow(total, page, ADMIN_PAGE_SIZE);
  const versions = await listTemplateVersions(ctx.deps.db, key, locale, window);
  const active = await activeVersionOf(ctx.deps.db, key, locale);
  const keyboard = new InlineKeyboard();
  versions.forEach((v, i) => {
    if (!v.active)
      keyboard.text(
        t.rollbackTo(v.version),
        cb({ type: 'adminTemplateRollback', key, locale, version: v.version }),
      );
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row();
  addPager(keyboard, ctx.t, window.page, window.pages, (p) =>
    cb({ type: 'adminTemplateHistory', key, locale, page: p }),
  );
  if (active !== null)
    keyboard.text(t.rollbackDefault, cb({ type: 'adminTemplateRollback', key, locale, version: 0 }));
  keyboard.text(t.back, cb({ type: 'adminTemplate', key, locale }));
  const lines = versions.map((v) =>
    t.versionLine({
      version: v.version,
      when: localTime(v.createdAt, ctx.deps.config.BOT_TIMEZONE, ctx.lang),
      author: t.author(v.author),
      active: v.active,
      photo: v.photo !== null,
      excerpt: excerpt(v.body),
    }),
  );
  const text = [
    t.historyTitle({ name: t.names[key], locale: t.localeName[locale], total, active }),
    '',
    ...(lines.length > 0 ? lines : [t.noVersions]),
  ].join('\n');
  return { text, keyboard };
}

/** The first characters of a body, on one line, tags and all (it is shown escaped). */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}

/** The draft a prompt holds: which template, and the text and photo typed for it. */
function draftOf(data: Record<string, unknown>): { key: TemplateKey; locale: Locale } | null {
  const key = data.key;
  const locale = data.locale;
  if (typeof key !== 'string' || !TEMPLATE_KEYS.includes(key as TemplateKey)) return null;
  if (locale !== 'id' && locale !== 'en') return null;
  return { key: key as TemplateKey, locale };
}

/**
 * A new body (text, or a photo's caption with the photo) for the template the prompt
 * was opened for: refused with every problem, else previewed with "✅ Simpan" / "❌ Batal".
 */
export const templateEditStep: ConversationStep = {
  name: 'adminTemplateEdit',
  async handle(ctx, { text, data, message }) {
    if (!isOwner(ctx)) return leave;
    const t = ctx.t.adminTemplates;
    const draft = draftOf(data);
    if (!draft) return leave;
    const photo = message.photo?.at(-1)?.file_id ?? null;
    const body = (photo ? message.caption : text) ?? '';
    if (body.trim() === '') return retry(t.expectedBody);
    const problems = validateTemplate(draft.key, body, { photo: photo !== null });
    if (problems.length > 0) return retry(t.refused(problemTexts(ctx, problems)));
    return previewDraft(ctx, { ...draft, body, photo });
  },
};

/** Waiting for "✅ Simpan"; another text (or photo) is a new draft to preview. */
export const templateConfirmStep: ConversationStep = {
  name: 'adminTemplateConfirm',
  handle: (ctx, input) => templateEditStep.handle(ctx, input),
};

async function previewDraft(
  ctx: BotContext,
  draft: { key: TemplateKey; locale: Locale; body: string; photo: string | null },
): Promise<StepResult> {
  const t = ctx.t.adminTemplates;
  await ctx.reply(t.draftPreview);
  await sendScreen(ctx, {
    text: withSamples(draft.key, draft.locale, draft.body),
    keyboard: new InlineKeyboard()
      .text(t.save, cb({ type: 'adminTemplateSave', key: draft.key, locale: draft.locale }))
      .text(ctx.t.conversation.cancelButton, cb({ type: 'conversationCancel' })),
    ...(draft.photo ? { photo: draft.photo } : {}),
  });
  return {
    type: 'next',
    prompt: {
      step: templateConfirmStep.name,
      data: { key: draft.key, locale: draft.locale, body: draft.body, photo: draft.photo },
      text: t.confirmPrompt,
    },
  };
}

/** Refuses an admin who is not an owner (a crafted button: the screens never show them one). */
function ownersOnly(ctx: CallbackContext) {
  return isOwner(ctx) ? null : { text: ctx.t.adminTemplates.ownersOnly, alert: true };
}

async function tellOwners(ctx: BotContext, key: TemplateKey, locale: Locale, change: string) {
  const t = ctx.t.adminTemplates;
  await notifyOwners(
    { api: ctx.api, config: ctx.deps.config, logger: ctx.deps.logger },
    t.ownerChanged({ name: t.names[key], key, locale: t.localeName[locale], admin: adminName(ctx), change }),
  );
}

/** "🛠 Template": every admin lists and previews; owners edit, browse versions and roll back. */
export function templatesFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminTemplates', async (ctx, { page }) => {
    await showScreen(ctx, await listScreen(ctx, page));
    return undefined;
  });

  onAction(feature, 'adminTemplate', async (ctx, { key, locale }) => {
    await showScreen(ctx, await templateScreen(ctx, key, locale));
    return undefined;
  });

  onAction(feature, 'adminTemplatePreview', async (ctx, { key, locale }) => {
    const t = ctx.t.adminTemplates;
    const live = await liveTemplate(ctx, key, locale);
    await ctx.reply(t.previewHeader({ name: t.names[key], locale: t.localeName[locale] }));
    await sendScreen(ctx, {
      text: withSamples(key, locale, live.body),
      keyboard: new InlineKeyboard().text(t.back, cb({ type: 'adminTemplate', key, locale })),
      ...(live.photo ? { photo: live.photo } : {}),
    });
    return undefined;
  });

  onAction(feature, 'adminTemplateEdit', async (ctx, { key, locale }) => {
    const refused = ownersOnly(ctx);
    if (refused) return refused;
    const t = ctx.t.adminTemplates;
    const names = Object.entries(specOf(key).placeholders).map(
      ([name, spec]) => `<code>{${name}}</code>${spec.required ? '*' : ''}`,
    );
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: templateEditStep.name,
      data: { key, locale },
      text: t.askEdit({
        name: t.names[key],
        locale: t.localeName[locale],
        placeholders: names.length > 0 ? names.join(', ') : '—',
        media: specOf(key).media === true,
      }),
    });
    return undefined;
  });

  onAction(feature, 'adminTemplateSave', async (ctx, { key, locale }) => {
    const refused = ownersOnly(ctx);
    if (refused) return refused;
    const t = ctx.t.adminTemplates;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const open = await activeConversation(ctx, chatId);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const body = open?.data.body;
    if (
      !open ||
      open.step !== templateConfirmStep.name ||
      open.data.key !== key ||
      open.data.locale !== locale ||
      typeof body !== 'string'
    )
      return t.nothingPending;
    const photo = typeof open.data.photo === 'string' ? open.data.photo : null;
    const before = await liveTemplate(ctx, key, locale);
    const saved = await audited(
      ctx,
      (result) =>
        result.ok
          ? {
              action: 'template.save',
              target: templateTarget(key, locale),
              before: { version: before.version },
              after: { version: result.version, body, photo },
            }
          : null,
      (db: Db) => saveTemplate(db, { key, locale, body, photo, author: ctx.from.id }),
    );
    if (!saved.ok) {
      await ctx.reply(ctx.t.conversation.expected(t.refused(problemTexts(ctx, saved.problems))));
      return undefined;
    }
    ctx.deps.messages.invalidate();
    await endConversation(ctx, chatId, open, 'done');
    await sendScreen(ctx, {
      text: t.saved({ name: t.names[key], version: saved.version }),
      keyboard: new InlineKeyboard().text(t.back, cb({ type: 'adminTemplate', key, locale })),
    });
    await tellOwners(ctx, key, locale, t.changeSaved(saved.version));
    return undefined;
  });

  onAction(feature, 'adminTemplateHistory', async (ctx, { key, locale, page }) => {
    const refused = ownersOnly(ctx);
    if (refused) return refused;
    await showScreen(ctx, await historyScreen(ctx, key, locale, page));
    return undefined;
  });

  onAction(feature, 'adminTemplateRollback', async (ctx, { key, locale, version: raw }) => {
    const refused = ownersOnly(ctx);
    if (refused) return refused;
    const t = ctx.t.adminTemplates;
    const version = raw === 0 ? null : raw;
    const before = await liveTemplate(ctx, key, locale);
    const result = await audited(
      ctx,
      (activated) =>
        activated.ok
          ? {
              action: 'template.rollback',
              target: templateTarget(key, locale),
              before: { version: before.version },
              after: { version },
            }
          : null,
      (db: Db) => activateTemplate(db, { key, locale, version, author: ctx.from.id }),
    );
    if (!result.ok) return result.reason === 'unknown_version' ? t.unknownVersion : t.rollbackInvalid;
    ctx.deps.messages.invalidate();
    await showScreen(ctx, await historyScreen(ctx, key, locale, 1));
    await ctx.reply(t.rolledBack({ name: t.names[key], version }));
    await tellOwners(ctx, key, locale, t.changeRollback(version));
    return undefined;
  });

  return feature;
}
