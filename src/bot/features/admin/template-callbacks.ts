import { isTemplateKey, type TemplateKey } from '../../../messages/registry.ts';
import type { Locale } from '../../../messages/store.ts';

/**
 * Callback data of the "🛠 Template" screens (all under `admin:tpl:`):
 *
 *   admin:tpl:list:<page>                   every template
 *   admin:tpl:v:<key>:<id|en>               one template: placeholders, status, buttons
 *   admin:tpl:pv:<key>:<id|en>              its live text sent as buyers see it, sample values filled in
 *   admin:tpl:ed:<key>:<id|en>              owners: asks for a new text (or photo + caption)
 *   admin:tpl:sv:<key>:<id|en>              owners: saves the previewed draft
 *   admin:tpl:h:<key>:<id|en>:<page>        owners: version history
 *   admin:tpl:rb:<key>:<id|en>:<version|0>  owners: makes a version (0: the default) live again
 */
export type AdminTemplateAction =
  | { type: 'adminTemplates'; page: number }
  | { type: 'adminTemplate'; key: TemplateKey; locale: Locale }
  | { type: 'adminTemplatePreview'; key: TemplateKey; locale: Locale }
  | { type: 'adminTemplateEdit'; key: TemplateKey; locale: Locale }
  | { type: 'adminTemplateSave'; key: TemplateKey; locale: Locale }
  | { type: 'adminTemplateHistory'; key: TemplateKey; locale: Locale; page: number }
  | { type: 'adminTemplateRollback'; key: TemplateKey; locale: Locale; version: number };

export type AdminTemplateType = AdminTemplateAction['type'];

export const ADMIN_TEMPLATE_SAMPLES: {
  [T in AdminTemplateType]: Extract<AdminTemplateAction, { type: T }>;
} = {
  adminTemplates: { type: 'adminTemplates', page: 1 },
  adminTemplate: { type: 'adminTemplate', key: 'welcome', locale: 'id' },
  adminTemplatePreview: { type: 'adminTemplatePreview', key: 'help', locale: 'en' },
  adminTemplateEdit: { type: 'adminTemplateEdit', key: 'welcome', locale: 'id' },
  adminTemplateSave: { type: 'adminTemplateSave', key: 'welcome', locale: 'id' },
  adminTemplateHistory: { type: 'adminTemplateHistory', key: 'order_paid', locale: 'id', page: 1 },
  adminTemplateRollback: { type: 'adminTemplateRollback', key: 'welcome', locale: 'id', version: 0 },
};

const VERBS = {
  v: 'adminTemplate',
  pv: 'adminTemplatePreview',
  ed: 'adminTemplateEdit',
  sv: 'adminTemplateSave',
} as const;
type KeyedVerb = keyof typeof VERBS;
const VERB_OF = Object.fromEntries(Object.entries(VERBS).map(([verb, type]) => [type, verb])) as Record<
  (typeof VERBS)[KeyedVerb],
  KeyedVerb
>;

const PAGE = /^[1-9]\d{0,5}$/;
const VERSION = /^(0|[1-9]\d{0,8})$/;

export function formatAdminTemplate(action: AdminTemplateAction): string {
  switch (action.type) {
    case 'adminTemplates':
      return `admin:tpl:list:${action.page}`;
    case 'adminTemplateHistory':
      return `admin:tpl:h:${action.key}:${action.locale}:${action.page}`;
    case 'adminTemplateRollback':
      return `admin:tpl:rb:${action.key}:${action.locale}:${action.version}`;
    default:
      return `admin:tpl:${VERB_OF[action.type]}:${action.key}:${action.locale}`;
  }
}

/** `args` are the parts after `admin:tpl:`; null for anything these screens did not issue. */
export function parseAdminTemplate(args: string[]): AdminTemplateAction | null {
  const [verb, rawKey, rawLocale, rawNumber, ...extra] = args;
  if (extra.length > 0 || verb === undefined) return null;
  if (verb === 'list')
    return rawKey !== undefined && PAGE.test(rawKey) && rawLocale === undefined
      ? { type: 'adminTemplates', page: Number(rawKey) }
      : null;
  if (rawKey === undefined || !isTemplateKey(rawKey)) return null;
  if (rawLocale !== 'id' && rawLocale !== 'en') return null;
  const key = rawKey;
  const locale: Locale = rawLocale;
  if (verb === 'h')
    return rawNumber !== undefined && PAGE.test(rawNumber)
      ? { type: 'adminTemplateHistory', key, locale, page: Number(rawNumber) }
      : null;
  if (verb === 'rb')
    return rawNumber !== undefined && VERSION.test(rawNumber)
      ? { type: 'adminTemplateRollback', key, locale, version: Number(rawNumber) }
      : null;
  if (rawNumber !== undefined || !Object.hasOwn(VERBS, verb)) return null;
  return { type: VERBS[verb as KeyedVerb], key, locale };
}
