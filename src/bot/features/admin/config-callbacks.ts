/**
 * Callback data of the configuration backup and restore (under `admin:cfg:`):
 *
 *   admin:cfg:export                 sends the configuration document
 *   admin:cfg:restore                asks for a document (owners)
 *   admin:cfg:apply:<draftId>        applies the previewed document (owners)
 *   admin:cfg:drop:<draftId>         drops it
 */
export type AdminConfigAction =
  | { type: 'adminConfigExport' }
  | { type: 'adminConfigRestore' }
  | { type: 'adminConfigApply'; draftId: number }
  | { type: 'adminConfigDrop'; draftId: number };

export type AdminConfigType = AdminConfigAction['type'];

export const ADMIN_CONFIG_SAMPLES: { [T in AdminConfigType]: Extract<AdminConfigAction, { type: T }> } = {
  adminConfigExport: { type: 'adminConfigExport' },
  adminConfigRestore: { type: 'adminConfigRestore' },
  adminConfigApply: { type: 'adminConfigApply', draftId: 1 },
  adminConfigDrop: { type: 'adminConfigDrop', draftId: 1 },
};

const ID = /^[1-9]\d{0,14}$/;

export function formatAdminConfig(action: AdminConfigAction): string {
  switch (action.type) {
    case 'adminConfigExport':
      return 'admin:cfg:export';
    case 'adminConfigRestore':
      return 'admin:cfg:restore';
    case 'adminConfigApply':
      return `admin:cfg:apply:${action.draftId}`;
    case 'adminConfigDrop':
      return `admin:cfg:drop:${action.draftId}`;
  }
}

/** `args` are the parts after `admin:cfg:`; null for anything these screens never issue. */
export function parseAdminConfig(args: string[]): AdminConfigAction | null {
  const [verb, raw, ...extra] = args;
  if (extra.length > 0) return null;
  if (raw === undefined) {
    if (verb === 'export') return { type: 'adminConfigExport' };
    if (verb === 'restore') return { type: 'adminConfigRestore' };
    return null;
  }
  if (!ID.test(raw)) return null;
  if (verb === 'apply') return { type: 'adminConfigApply', draftId: Number(raw) };
  if (verb === 'drop') return { type: 'adminConfigDrop', draftId: Number(raw) };
  return null;
}
