import type { BotCommand } from 'grammy/types';
import { badRequest } from '../api-error.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { MethodContext } from './context.ts';

export function getMe(ctx: MethodContext): unknown {
  return {
    ...ctx.bot.user,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}

/** Command lists are kept per scope and language, like Telegram. */
function commandsKey(ctx: MethodContext): string {
  const scope = ctx.params.json('scope') ?? { type: 'default' };
  return `${canonicalJson(scope)}|${ctx.params.string('language_code') ?? ''}`;
}

export function setMyCommands(ctx: MethodContext): unknown {
  const commands = ctx.params.json('commands');
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('too many commands specified');
  const valid: BotCommand[] = commands.map(checkCommand);
  ctx.bot.commands.set(commandsKey(ctx), valid);
  return true;
}

function checkCommand(value: unknown): BotCommand {
  const command = value as Partial<BotCommand> | null;
  if (typeof command?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
    throw badRequest('BOT_COMMAND_INVALID');
  }
  if (
    typeof command.description !== 'string' ||
    command.description.length < 1 ||
    command.description.length > 256
  ) {
    throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
  }
  return { command: command.command, description: command.description };
}

export function getMyCommands(ctx: MethodContext): unknown {
  return ctx.bot.commands.get(commandsKey(ctx)) ?? [];
}

export function deleteMyCommands(ctx: MethodContext): unknown {
  ctx.bot.commands.delete(commandsKey(ctx));
  return true;
}

/** Settings that only need to be remembered (descriptions, menu button). */
export function rememberSetting(method: string) {
  return (ctx: MethodContext): unknown => {
    ctx.bot.settings.set(method, ctx.params.summary());
    return true;
  };
}
