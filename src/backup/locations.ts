import { join, resolve } from 'node:path';
import type { Config } from '../infra/config.ts';
import type { FileLocations } from './files.ts';

/** Where the files a backup carries live: `.env` in the working directory, the key file, the logs. */
export function fileLocations(config: Config, cwd = process.cwd()): FileLocations {
  return {
    envFile: join(cwd, '.env'),
    keyFile: resolve(cwd, config.DATA_DIR, 'encryption.key'),
    logDir: resolve(cwd, config.LOG_DIR),
  };
}
