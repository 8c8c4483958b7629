import { ConfigError } from './config.ts';

/** What a bad environment prints: every problem, then where to look. */
export function configErrorText(error: ConfigError): string {
  return `${error.message}\n\nSee .env.example for every variable and its default.\n`;
}

/** Runs the config loader; a bad environment prints one readable error and exits with code 2. */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(configErrorText(error));
    process.exit(2);
  }
}
