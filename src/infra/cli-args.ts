import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<T extends Options> = ReturnType<typeof parseArgs<{ options: T; args: string[] }>>['values'];

/**
 * Parses a command's flags: `--help` prints the usage and exits 0; an unknown or malformed
 * flag prints what was wrong and the usage, and exits 2 (no stack trace).
 */
export function parseCommandLine<const T extends Options>(
  options: T,
  usage: string,
  args: string[] = process.argv.slice(2),
): ParsedValues<T> {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean' } }, args });
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return values as ParsedValues<T>;
  } catch (error) {
    if (!isParseError(error)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    process.exit(2);
  }
}

function isParseError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
