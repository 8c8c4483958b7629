import type { AuditLog } from '../infra/audit.ts';
import type { Db } from '../infra/db.ts';

export interface AdminAction {
  adminId: number;
  /** Dotted name, e.g. "product.update", "stock.add", "voucher.deactivate". */
  action: string;
  /** What it acted on, e.g. "product:NETFLIX1". */
  target?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Records an admin action in `admin_audit` (inside the caller's transaction, so the row
 * exists exactly when the change does) and as a line in `logs/audit/`. Never put stock
 * contents or proofs in `before`/`after`: they are stored in clear here.
 */
export async function recordAdminAction(db: Db, audit: AuditLog, entry: AdminAction): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({
      admin_id: entry.adminId,
      action: entry.action,
      target: entry.target ?? null,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
    })
    .execute();
  audit.record(`admin.${entry.action}`, {
    adminId: entry.adminId,
    target: entry.target,
    before: entry.before ?? undefined,
    after: entry.after ?? undefined,
  });
}

/** The newest admin actions on one target (for a product's or order's history screen). */
export function adminActionsOn(db: Db, target: string, limit = 20) {
  return db
    .selectFrom('admin_audit')
    .selectAll()
    .where('target', '=', target)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
