import type { Config } from '../infra/config.ts';
import { createPakasirClient, isPakasirError } from '../infra/pakasir/index.ts';
import type { CheckOutcome } from './checks.ts';

/** Per call to Telegram or Pakasir; the check as a whole is bounded too. */
const CALL_TIMEOUT_MS = 5_000;

/** A transaction id that never exists: the gateway answers "not found" to a valid key. */
export const PAKASIR_PROBE_ID = 'healthcheck-probe-0000';

/** The bot token works: getMe answers with the bot's account. */
export async function checkTelegram(config: Config): Promise<CheckOutcome> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return { ok: false, summary: 'TELEGRAM_BOT_TOKEN is not set' };
  const root = config.TELEGRAM_API_ROOT.replace(/\/+$/, '');
  const response = await fetch(`${root}/bot${token}/getMe`, {
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => null)) as {
    ok?: boolean;
    description?: string;
    result?: { username?: string };
  } | null;
  if (!response.ok || !body?.ok) {
    const why = body?.description ? `: ${body.description}` : '';
    return {
      ok: false,
      summary: `getMe answered ${response.status}${why}`,
      figures: { status: response.status },
    };
  }
  return { ok: true, summary: `@${body.result?.username ?? '?'}`, figures: { status: response.status } };
}

/**
 * The gateway is reachable and takes our key: a status query for a transaction that does
 * not exist answers 404 "not found" with a valid key, 401 with a bad one. A 404 about the
 * project means the slug is wrong. A 429 comes only after the key was accepted.
 */
export async function checkPakasir(config: Config): Promise<CheckOutcome> {
  if (!config.PAKASIR_PROJECT_SLUG || !config.PAKASIR_API_KEY)
    return { ok: false, summary: 'PAKASIR_PROJECT_SLUG or PAKASIR_API_KEY is not set' };
  const client = createPakasirClient({
    baseUrl: config.PAKASIR_BASE_URL,
    slug: config.PAKASIR_PROJECT_SLUG,
    apiKey: config.PAKASIR_API_KEY,
    version: config.PAKASIR_API_VERSION,
    timeoutMs: CALL_TIMEOUT_MS,
    retries: 0,
  });
  try {
    await client.getStatus({ txnId: PAKASIR_PROBE_ID, orderId: PAKASIR_PROBE_ID, amount: 1000 });
    return { ok: true, summary: `reachable, key accepted (${config.PAKASIR_API_VERSION})` };
  } catch (error) {
    if (!isPakasirError(error) || error.status === null) throw error;
    const figures = { status: error.status };
    if (error.status === 404 && !mentionsProject(error.body))
      return { ok: true, summary: `reachable, key accepted (${config.PAKASIR_API_VERSION})`, figures };
    if (error.status === 429) return { ok: true, summary: 'reachable, key accepted, rate limited', figures };
    if (error.status === 401 || error.status === 403)
      return { ok: false, summary: `API key refused (${error.status})`, figures };
    if (error.status === 404) return { ok: false, summary: 'project slug not found (404)', figures };
    return { ok: false, summary: `answered ${error.status}: ${error.message}`, figures };
  }
}

function mentionsProject(body: unknown): boolean {
  return /project/i.test(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}
