import type { Context } from 'grammy';
import type { ActorRuntime } from '../actors/runtime.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Cipher } from '../infra/crypto.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import type { ShopMachines } from '../machines/kinds.ts';
import type { Messages } from '../messages/messages.ts';
import type { Lang, Texts } from './i18n.ts';

/** What the bot's features need from the rest of the process. */
export interface BotDeps {
  db: Db;
  runtime: ActorRuntime<ShopMachines>;
  config: Config;
  cipher: Cipher;
  logger: Logger;
  audit: AuditLog;
  /** Templates: the owner's overrides, else the locale defaults. */
  messages: Messages;
}

export interface BotFlavor {
  deps: BotDeps;
  lang: Lang;
  t: Texts;
  isAdmin: boolean;
}

export type BotContext = Context & BotFlavor;
