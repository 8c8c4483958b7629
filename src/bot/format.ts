// Building an Intl formatter costs far more than formatting with one: each is built once.
const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A whole number with the locale's digit grouping ("1.250" in id-ID). */
export function grouped(n: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

/** Rupiah as Indonesians write it: "Rp 25.000". */
export function rupiah(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${grouped(Math.abs(Math.trunc(amount)), 'id-ID')}`;
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "22 Nov 2026 14.05 WIB"-style local time in the shop's time zone. */
export function localTime(date: Date | string, timeZone: string, lang: 'id' | 'en'): string {
  const key = `${lang} ${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    timeFormats.set(key, format);
  }
  return format.format(new Date(date));
}
