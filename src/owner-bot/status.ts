import { statfs } from 'node:fs/promises';
import type { Api } from 'grammy';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { DEAD_EFFECTS_QUEUE, EFFECTS_QUEUE } from '../actors/actions.ts';
import type { StatusView } from '../bot/locales/id/owner.ts';
import type { Db } from '../infra/db.ts';

export type StatusLine = StatusView['lines'][number];

/** What /status shows; a health module can supply its own. */
export type StatusProvider = () => Promise<StatusLine[]>;

/** Bounds every probe: a hung database or Telegram must not hang /status. */
const PROBE_MS = 5000;

async function probe(label: string, read: () => Promise<string>): Promise<StatusLine> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in 5 s')), PROBE_MS);
  });
  try {
    return { ok: true, label, value: await Promise.race([read(), timeout]) };
  } catch (error) {
    return { ok: false, label, value: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Disk use of the file system holding `dir`, e.g. "42% used, 12.3 GB free". */
export async function diskUsage(dir: string): Promise<{ usedPercent: number; text: string }> {
  const fs = await statfs(dir);
  const total = fs.blocks * fs.bsize;
  const free = fs.bavail * fs.bsize;
  const usedPercent = total > 0 ? Math.round(((total - free) / total) * 100) : 0;
  return { usedPercent, text: `${usedPercent}% used, ${(free / 1e9).toFixed(1)} GB free` };
}

/** The default /status: database, effect queue and dead letters, Telegram, uptime, disk. */
export function defaultStatus(deps: { db: Db; boss: PgBoss; api: Api; dataDir: string }): StatusProvider {
  return async () =>
    Promise.all([
      probe('Database', async () => {
        const started = Date.now();
        await sql`SELECT 1`.execute(deps.db);
        return `${Date.now() - started} ms`;
      }),
      probe('Queue', async () => {
        const queue = await deps.boss.getQueue(EFFECTS_QUEUE);
        return `${queue?.readyCount ?? 0} waiting, ${queue?.activeCount ?? 0} running`;
      }),
      probe('Dead letters', async () => {
        // Kept for the queue's retention (30 days); each one is also an alert when it lands.
        const dead = await deps.boss.getQueue(DEAD_EFFECTS_QUEUE);
        return `${dead?.totalCount ?? 0} in the last 30 days`;
      }),
      probe('Telegram', async () => `@${(await deps.api.getMe()).username}`),
      probe('Uptime', async () => formatUptime(process.uptime())),
      probe('Disk', async () => {
        const disk = await diskUsage(deps.dataDir);
        if (disk.usedPercent >= 90) throw new Error(disk.text);
        return disk.text;
      }),
    ]);
}

function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d}d ${h}h ${m}m` : `${h}h ${m}m`;
}
