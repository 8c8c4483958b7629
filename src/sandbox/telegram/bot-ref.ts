/** A bot named by its id or by its token (whose digits before ':' are its id). */
export type BotRef = number | string;

const TOKEN_PATTERN = /^(\d+):[A-Za-z0-9_-]+$/;

/** The bot id a token names, or undefined when the string is not shaped like a bot token. */
export function botIdFromToken(token: string): number | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function botIdOf(ref: BotRef): number {
  if (typeof ref === 'number') return ref;
  const id = botIdFromToken(ref);
  if (id === undefined) throw new Error(`Not a bot token: ${ref}`);
  return id;
}
