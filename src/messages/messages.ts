import { texts } from '../bot/i18n.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { fillTemplate, type TemplateValue } from './fill.ts';
import type { PlaceholderOf, TemplateKey } from './registry.ts';
import {
  type ActivateResult,
  type ActiveOverride,
  activateTemplate,
  type Locale,
  loadActiveOverrides,
  type SaveResult,
  saveTemplate,
  templatesFingerprint,
} from './store.ts';
import { describeProblems, renderedProblems } from './validate.ts';

export type TemplateValues<K extends TemplateKey> = Record<PlaceholderOf<K>, TemplateValue>;

/** An override that could not be rendered: the default went out instead. */
export interface RenderFallback {
  key: TemplateKey;
  locale: Locale;
  version: number;
  error: string;
}

export interface MessagesOptions {
  db: Db;
  logger: Logger;
  /** How stale another process's change may be seen here (default 1 s; 0 checks on every render). */
  refreshEveryMs?: number;
  /** Told of every fallback (owner alerts hook in here). */
  onFallback?: (fallback: RenderFallback) => void;
}

const DEFAULT_REFRESH_MS = 1_000;

/**
 * What the shop says: each template's live override when there is one, else the
 * locale file's default. Overrides are cached in memory; a change saved here is seen
 * at once, one saved by another process within `refreshEveryMs` (a cheap fingerprint
 * query decides whether to reload).
 */
export class Messages {
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly refreshEveryMs: number;
  private readonly onFallback: ((fallback: RenderFallback) => void) | undefined;
  private overrides = new Map<string, ActiveOverride>();
  private fingerprint: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every local change; a load started before it is not trusted after it. */
  private generation = 0;
  private refreshing: Promise<number> | null = null;
  private readonly reported = new Set<string>();

  constructor(options: MessagesOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.refreshEveryMs = options.refreshEveryMs ?? DEFAULT_REFRESH_MS;
    this.onFallback = options.onFallback;
  }

  /** The template's text with the values put in, ready to send with parse_mode HTML. */
  async render<K extends TemplateKey>(key: K, locale: Locale, values: TemplateValues<K>): Promise<string> {
    return (await this.renderMedia(key, locale, values)).text;
  }

  /**
   * As render, with the live version's photo (a Telegram file_id) when it has one: the
   * text then goes as that photo's caption. The default never has a photo.
   */
  async renderMedia<K extends TemplateKey>(
    key: K,
    locale: Locale,
    values: TemplateValues<K>,
  ): Promise<{ text: string; photo: string | null }> {
    await this.refresh();
    const override = this.overrides.get(cacheKey(key, locale));
    if (override) {
      try {
        const text = fillTemplate(override.body, values);
        const problems = renderedProblems(key, text, override.photo !== null);
        if (problems.length > 0) throw new Error(describeProblems(problems));
        return { text, photo: override.photo };
      } catch (error) {
        this.fellBack({ key, locale, version: override.version, error: (error as Error).message });
      }
    }
    return { text: renderDefault(key, locale, values), photo: null };
  }

  async save(input: {
    key: TemplateKey;
    locale: Locale;
    body: string;
    author: number | null;
    photo?: string | null;
  }): Promise<SaveResult> {
    const result = await saveTemplate(this.db, input);
    if (result.ok) this.invalidate();
    return result;
  }

  /** Rolls back to `version`, or to the default with `version: null`. */
  async activate(input: {
    key: TemplateKey;
    locale: Locale;
    version: number | null;
    author: number | null;
  }): Promise<ActivateResult> {
    const result = await activateTemplate(this.db, input);
    if (result.ok) this.invalidate();
    return result;
  }

  /** The next render reloads the overrides. */
  invalidate(): void {
    this.generation += 1;
    this.fingerprint = null;
  }

  /** Logged and reported once per broken version and process: /start must not flood the logs. */
  private fellBack(fallback: RenderFallback): void {
    const id = `${cacheKey(fallback.key, fallback.locale)}:${fallback.version}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.logger.error({ ...fallback }, 'template override failed to render; sent the default');
    try {
      this.onFallback?.(fallback);
    } catch (error) {
      this.logger.warn({ err: error }, 'template fallback hook failed');
    }
  }

  private stale(): boolean {
    return this.fingerprint === null || Date.now() - this.checkedAt >= this.refreshEveryMs;
  }

  /**
   * Waits for a load that started after the last invalidation, so a change saved here
   * is never hidden by a load that was already under way when it was saved.
   */
  private async refresh(): Promise<void> {
    if (!this.stale()) return;
    const wanted = this.generation;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.refreshing ??= this.reload().finally(() => {
        this.refreshing = null;
      });
      if ((await this.refreshing) >= wanted) return;
    }
  }

  /** Resolves to the generation it started at. */
  private async reload(): Promise<number> {
    const started = this.generation;
    try {
      const current = this.fingerprint === null ? null : await templatesFingerprint(this.db);
      if (current === null || current !== this.fingerprint) {
        const loaded = await loadActiveOverrides(this.db);
        this.overrides = new Map(loaded.overrides.map((o) => [cacheKey(o.key, o.locale), o]));
        if (started === this.generation) this.fingerprint = loaded.fingerprint;
      }
      if (started === this.generation) this.checkedAt = Date.now();
    } catch (error) {
      // A database hiccup must not stop the shop talking: keep what is cached, retry soon.
      this.logger.warn({ err: error }, 'could not refresh template overrides');
    }
    return started;
  }
}

/** The locale file's body; defaults are checked by the tests, so a failure here is a bug. */
export function renderDefault<K extends TemplateKey>(
  key: K,
  locale: Locale,
  values: TemplateValues<K>,
): string {
  return fillTemplate(texts(locale).templates[key], values);
}

const cacheKey = (key: string, locale: string) => `${locale}:${key}`;
