/**
 * What new buyers type first: "halo", "p", "min", "assalamualaikum"… They get the
 * welcome, not "belum paham". Matched as a whole message (punctuation, emoji, repeated
 * letters and a trailing "kak"/"min"/"gan" allowed), so a question that starts with
 * "halo" still goes to the normal answers.
 */
const GREETINGS = [
  'halo',
  'hallo',
  'helo',
  'hello',
  'hai',
  'hi',
  'hey',
  'hy',
  'p',
  'pp',
  'ping',
  'min',
  'kak',
  'gan',
  'bang',
  'permisi',
  'tes',
  'test',
  'pagi',
  'siang',
  'sore',
  'malam',
  'selamat pagi',
  'selamat siang',
  'selamat sore',
  'selamat malam',
  'assalamualaikum',
  'assalamu alaikum',
  "assalamu'alaikum",
  'asalamualaikum',
  'salam',
  'good morning',
  'good evening',
  'start',
  'mulai',
  'menu',
];

const SET = new Set(GREETINGS);
const ADDRESS = /\s+(kak|ka|min|gan|bang|bos|boss|admin|sis|bro)$/;

/** Lower-cased, punctuation and emoji gone, "haiii" → "hai", "haloo" → "halo". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isGreeting(text: string): boolean {
  if (text.length > 40) return false;
  const words = normalise(text);
  if (SET.has(words) || SET.has(words.replace(/(\p{L})\1+$/u, '$1'))) return true;
  const bare = words.replace(ADDRESS, '');
  return bare !== words && SET.has(bare);
}
