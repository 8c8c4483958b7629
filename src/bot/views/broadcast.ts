import { InlineKeyboard } from 'grammy';
import type { BroadcastReport, RecipientCounts } from '../../shop/broadcasts/types.ts';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

const BAR_WIDTH = 10;

/** "▓▓▓▓░░░░░░" for the share done. */
export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
  return '▓'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

/** "1 j 2 m", "3 m 5 d", "42 d" — short enough for a progress line. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

export interface ProgressInput {
  counts: RecipientCounts;
  total: number;
  /** Seconds since the first message went out (0 before). */
  elapsedSeconds: number;
  paused: boolean;
}

/** The live progress message: title, bar, counts, rate and ETA. */
export function progressText(t: Texts, p: ProgressInput): string {
  const settled = p.counts.sent + p.counts.blocked + p.counts.failed + p.counts.unknown;
  const remaining = Math.max(0, p.total - settled);
  const rate = p.elapsedSeconds > 0 ? p.counts.sent / p.elapsedSeconds : 0;
  const figures = t.broadcast.progress({
    bar: progressBar(settled, p.total),
    percent: p.total > 0 ? Math.floor((settled / p.total) * 100) : 100,
    sent: p.counts.sent,
    blocked: p.counts.blocked,
    failed: p.counts.failed,
    unknown: p.counts.unknown,
    remaining,
    total: p.total,
    rate: rate.toFixed(1),
    eta: rate > 0 && remaining > 0 && !p.paused ? shortDuration(remaining / rate) : null,
  });
  return `${p.paused ? t.broadcast.pausedTitle : t.broadcast.progressTitle}\n\n${figures}`;
}

export function progressKeyboard(t: Texts, broadcastId: string, paused: boolean): InlineKeyboard {
  const verb = paused ? 'resume' : 'pause';
  return new InlineKeyboard()
    .text(
      paused ? t.broadcast.resumeButton : t.broadcast.pauseButton,
      cb({ type: 'adminBroadcast', verb, broadcastId }),
    )
    .text(t.broadcast.stopButton, cb({ type: 'adminBroadcast', verb: 'stop', broadcastId }));
}

export function reportText(t: Texts, report: BroadcastReport): string {
  return t.broadcast.report({
    outcome: report.outcome,
    total: report.total,
    sent: report.sent,
    blocked: report.blocked,
    failed: report.failed,
    unknown: report.unknown,
    notSent: report.pending,
    duration: shortDuration(report.durationSeconds),
    rate: report.ratePerSecond.toFixed(1),
  });
}
