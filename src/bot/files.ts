import type { BotContext } from './context.ts';

const DOWNLOAD_TIMEOUT_MS = 60_000;
const DOWNLOAD_ATTEMPTS = 3;

/** getFile, then `<apiRoot>/file/bot<token>/<file_path>`; a few tries on network errors and 5xx. */
export async function downloadFile(ctx: BotContext, fileId: string): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  const root = ctx.api.options?.apiRoot ?? 'https://api.telegram.org';
  const url = `${root}/file/bot${ctx.api.token}/${file.file_path}`;
  let lastError: unknown;
  for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (response.ok) return Buffer.from(await response.arrayBuffer());
      lastError = new Error(`file download answered HTTP ${response.status}`);
      if (response.status < 500) break;
    } catch (error) {
      // The URL carries the token: keep only the message.
      lastError = new Error(`file download failed: ${(error as Error).name}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  throw lastError;
}
