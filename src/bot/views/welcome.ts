import { recentShopStats } from '../../shop/catalog.ts';
import type { BotDeps } from '../context.ts';
import { grouped } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { categoriesKeyboard } from '../keyboards/catalog.ts';
import { visibleCategories } from './catalog.ts';
import type { Screen } from './screen.ts';

const count = (n: number, lang: Lang) => grouped(n, lang === 'en' ? 'en-US' : 'id-ID');

export async function welcomeScreen(deps: BotDeps, t: Texts, lang: Lang, name: string): Promise<Screen> {
  const [stats, categories] = await Promise.all([
    recentShopStats(deps.db),
    visibleCategories(deps, { recent: true }),
  ]);
  const { text, photo } = await deps.messages.renderMedia('welcome', lang, {
    nama: name,
    store_name: deps.config.BOT_STORE_NAME,
    total_users: count(stats.users, lang),
    total_produk: count(stats.products, lang),
    total_transaksi: count(stats.completedTransactions, lang),
  });
  return { text, keyboard: categoriesKeyboard(t, categories), ...(photo ? { photo } : {}) };
}
