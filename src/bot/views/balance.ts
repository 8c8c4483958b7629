import { MIN_DEPOSIT } from '../../machines/deposit.ts';
import { getBalance, listLedger } from '../../shop/ledger.ts';
import type { BotDeps } from '../context.ts';
import { localTime } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { balanceKeyboard, topupKeyboard } from '../keyboards/balance.ts';
import type { Screen } from './screen.ts';

export const LEDGER_ENTRIES_SHOWN = 10;

export async function balanceScreen(deps: BotDeps, t: Texts, lang: Lang, userId: number): Promise<Screen> {
  const [balance, ledger] = await Promise.all([
    getBalance(deps.db, userId),
    listLedger(deps.db, userId, LEDGER_ENTRIES_SHOWN),
  ]);
  const entries = ledger.map((entry) =>
    t.balance.entry({
      date: localTime(entry.created_at, deps.config.BOT_TIMEZONE, lang),
      amount: entry.amount,
      reason: t.balance.reasons[entry.reason],
      ref: entry.ref,
    }),
  );
  const text = [
    t.balance.overview(balance),
    '',
    t.balance.historyTitle,
    ...(entries.length > 0 ? entries : [t.balance.noHistory]),
  ].join('\n');
  return { text, keyboard: balanceKeyboard(t) };
}

export function topupScreen(t: Texts): Screen {
  return { text: t.balance.topupMenu(MIN_DEPOSIT), keyboard: topupKeyboard(t) };
}
