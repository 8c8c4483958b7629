import type { ActorRuntime } from '../../actors/runtime.ts';
import type { Db } from '../../infra/db.ts';
import type { ShopMachines } from '../../machines/kinds.ts';
import { randomCode } from '../ids.ts';
import { getBroadcast, insertBroadcast } from './store.ts';
import type { Audience, BroadcastContent } from './types.ts';

export function newBroadcastId(now = Date.now()): string {
  return `BC${now.toString(36).toUpperCase()}${randomCode(6)}`;
}

export interface BroadcastDeps {
  db: Db;
  runtime: ActorRuntime<ShopMachines>;
}

/** Starts the `broadcast` actor of a stored draft: now, or at `at` (a durable timer). */
export async function launchBroadcast(
  deps: BroadcastDeps,
  broadcastId: string,
  options: { at?: Date | null } = {},
): Promise<void> {
  const draft = await getBroadcast(deps.db, broadcastId);
  if (!draft) throw new Error(`no broadcast ${broadcastId}`);
  const startAt = options.at ? options.at.getTime() : null;
  if (options.at) {
    await deps.db
      .updateTable('broadcasts')
      .set({ scheduled_at: options.at })
      .where('id', '=', broadcastId)
      .execute();
  }
  await deps.runtime.send('broadcast', broadcastId, null, {
    input: { broadcastId, adminId: draft.adminId, startAt },
  });
}

/**
 * Creates a broadcast for an audience and starts it (now, or at `at`): what the admin menu
 * does, for scripts and drills. Progress and the report go to `adminId`'s chat.
 */
export async function startBroadcast(
  deps: BroadcastDeps,
  spec: { adminId: number; content: BroadcastContent; audience: Audience; at?: Date | null; id?: string },
): Promise<string> {
  const id = spec.id ?? newBroadcastId();
  await insertBroadcast(deps.db, {
    id,
    adminId: spec.adminId,
    content: spec.content,
    audience: spec.audience,
  });
  await launchBroadcast(deps, id, { at: spec.at ?? null });
  return id;
}
