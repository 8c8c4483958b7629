import type { HealthReport } from './checks.ts';

/** One line per check (✓/✗, name, figure) and a closing verdict naming what failed. */
export function formatReport(report: HealthReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = report.checks.map(
    (c) => `${c.ok ? '✓' : '✗'} ${c.name.padEnd(width)}  ${c.summary} (${c.ms} ms)`,
  );
  lines.push(report.ok ? 'Healthy.' : `Unhealthy: ${report.failed.join(', ')} failed.`);
  return `${lines.join('\n')}\n`;
}
