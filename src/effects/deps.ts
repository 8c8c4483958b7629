import type { Api } from 'grammy';
import type { ActorRuntime } from '../actors/runtime.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Cipher } from '../infra/crypto.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { PakasirClient } from '../infra/pakasir/index.ts';
import type { ShopMachines } from '../machines/kinds.ts';
import type { Messages } from '../messages/messages.ts';

/** What the machines' effects reach: the database, the gateway and Telegram. */
export interface EffectDeps {
  db: Db;
  cipher: Cipher;
  pakasir: PakasirClient;
  api: Api;
  config: Config;
  logger: Logger;
  audit: AuditLog;
  /** Templates: the owner's overrides, else the locale defaults. */
  messages: Messages;
  /** Set once the runtime exists (effects that start other actors use it). */
  runtime: () => ActorRuntime<ShopMachines>;
  /** Gauges effects keep up to date (broadcast progress). */
  metrics?: Pick<Metrics, 'broadcastRecipients'>;
}
