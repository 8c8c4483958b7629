import { shopStats } from '../../shop/catalog.ts';
import type { BotDeps } from '../context.ts';
import type { Texts } from '../i18n.ts';
import { categoriesKeyboard } from '../keyboards/catalog.ts';
import { visibleCategories } from './catalog.ts';
import type { Screen } from './screen.ts';

export async function welcomeScreen(deps: BotDeps, t: Texts, name: string): Promise<Screen> {
  const [stats, categories] = await Promise.all([shopStats(deps.db), visibleCategories(deps)]);
  const text = t.menu.welcome({
    name,
    store: deps.config.BOT_STORE_NAME,
    products: stats.products,
    transactions: stats.completedTransactions,
    users: stats.users,
  });
  return { text, keyboard: categoriesKeyboard(t, categories) };
}
