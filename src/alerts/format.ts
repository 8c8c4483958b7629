import { escapeHtml } from '../bot/format.ts';
import { SEVERITY_EMOJI, type Severity } from './severity.ts';

/** Longest detail sent: alerts are read on a phone, the log file has the rest. */
const DETAIL_LIMIT = 600;

export interface AlertText {
  severity: Severity;
  title: string;
  detail?: string | undefined;
}

function head(store: string, alert: AlertText): string {
  return `[${escapeHtml(store)}] ${SEVERITY_EMOJI[alert.severity]} <b>${escapeHtml(alert.title)}</b>`;
}

/** `[Store] 🔴 <b>title</b>` then the detail, and a note of the previous window's repeats. */
export function formatAlert(store: string, alert: AlertText, previousMore = 0): string {
  const lines = [head(store, alert)];
  if (alert.detail) lines.push(escapeHtml(clip(alert.detail, DETAIL_LIMIT)));
  if (previousMore > 0) lines.push(`<i>(×${previousMore} more before this one)</i>`);
  return lines.join('\n');
}

/** The end of a window: how many more times the alert happened after it was sent. */
export function formatSummary(store: string, alert: AlertText, more: number, windowMinutes: number): string {
  return `${head(store, alert)}\n<i>(×${more} more in ${formatMinutes(windowMinutes)})</i>`;
}

function formatMinutes(minutes: number): string {
  return minutes >= 1 ? `${Math.round(minutes)} min` : `${Math.round(minutes * 60)} s`;
}

export function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
