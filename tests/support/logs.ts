import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Everything a service logged under LOG_DIR/<service> (all daily files), e.g. 'bot' or 'audit'. */
export function logText(logDir: string, service: string): string {
  const dir = join(logDir, service);
  return readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('');
}
