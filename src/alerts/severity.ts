/** How bad an alert is; log records map onto it by pino level. */
export type Severity = 'info' | 'warning' | 'error' | 'critical';

export const SEVERITY_EMOJI: Record<Severity, string> = {
  info: 'ℹ️',
  warning: '⚠️',
  error: '🔴',
  critical: '🚨',
};

export const SEVERITY_LEVEL: Record<Severity, number> = { info: 30, warning: 40, error: 50, critical: 60 };

/** The severity of a pino level (at or above info), e.g. 50 → error. */
export function severityOfLevel(level: number): Severity {
  if (level >= 60) return 'critical';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warning';
  return 'info';
}
