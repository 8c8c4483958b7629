import { readdirSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../infra/config.ts';
import type { CheckOutcome } from './checks.ts';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The file systems holding the data, log and backup folders, each below HEALTH_DISK_THRESHOLD. */
export async function checkDisk(config: Config): Promise<CheckOutcome> {
  const folders = [config.DATA_DIR, config.LOG_DIR, config.BACKUP_LOCAL_DIR, config.BACKUP_OFFSITE_DIR];
  const paths = [...new Set(folders.map((p) => resolve(p)))];
  const figures: Record<string, number> = {};
  const parts: string[] = [];
  let ok = true;
  for (const path of paths) {
    const usage = diskUsage(path);
    figures[`${path}.used_percent`] = usage.percent;
    figures[`${path}.free_bytes`] = usage.freeBytes;
    ok &&= usage.percent < config.HEALTH_DISK_THRESHOLD;
    parts.push(`${path} ${usage.percent}% used, ${(usage.freeBytes / GB).toFixed(1)} GB free`);
  }
  return { ok, summary: `${parts.join('; ')} (limit ${config.HEALTH_DISK_THRESHOLD}%)`, figures };
}

/** Used share as `df` counts it: space reserved for root is not available to us. */
export function diskUsage(path: string): { percent: number; freeBytes: number } {
  const stats = statfsSync(existingAncestor(path));
  const used = stats.blocks - stats.bfree;
  const usable = used + stats.bavail;
  return {
    percent: usable === 0 ? 0 : Math.ceil((used / usable) * 100),
    freeBytes: stats.bavail * stats.bsize,
  };
}

/** A folder not created yet lives on its parent's file system. */
function existingAncestor(path: string): string {
  let current = path;
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** System memory in use below HEALTH_MEMORY_THRESHOLD; the process's RSS is shown with it. */
export async function checkMemory(config: Config): Promise<CheckOutcome> {
  const total = os.totalmem();
  const percent = Math.round(((total - os.freemem()) / total) * 100);
  const rss = process.memoryUsage.rss();
  return {
    ok: percent < config.HEALTH_MEMORY_THRESHOLD,
    summary: `system ${percent}% used of ${(total / GB).toFixed(1)} GB, process ${Math.round(rss / MB)} MB (limit ${config.HEALTH_MEMORY_THRESHOLD}%)`,
    figures: { system_used_percent: percent, process_rss_bytes: rss },
  };
}

/** One-minute load average per core, as a percentage, below HEALTH_CPU_THRESHOLD. */
export async function checkCpu(config: Config): Promise<CheckOutcome> {
  const cores = os.availableParallelism();
  const load = os.loadavg()[0] ?? 0;
  const percent = Math.round((load / cores) * 100);
  return {
    ok: percent < config.HEALTH_CPU_THRESHOLD,
    summary: `load ${load.toFixed(2)} on ${cores} cores = ${percent}% (limit ${config.HEALTH_CPU_THRESHOLD}%)`,
    figures: { load_percent: percent, load_1m: load, cores },
  };
}

/** LOG_DIR's total size below LOG_USAGE_THRESHOLD_MB. */
export async function checkLogUsage(config: Config): Promise<CheckOutcome> {
  const bytes = folderSize(resolve(config.LOG_DIR));
  const mb = bytes / MB;
  return {
    ok: mb < config.LOG_USAGE_THRESHOLD_MB,
    summary: `${config.LOG_DIR} holds ${mb.toFixed(1)} MB (limit ${config.LOG_USAGE_THRESHOLD_MB} MB)`,
    figures: { bytes },
  };
}

/** Bytes in the files under a folder; a missing folder is empty. */
export function folderSize(path: string): number {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += folderSize(full);
    else if (entry.isFile()) total += statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}
