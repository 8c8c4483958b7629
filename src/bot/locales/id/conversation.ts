/** Prompts that wait for typed input (Indonesian). */
export const conversationId = {
  cancelButton: '❌ Batal',
  cancelled: '👌 Oke, dibatalkan. Pilih menu di bawah kalau mau lanjut.',
  nothingToCancel: '🙂 Tidak ada yang sedang menunggu jawaban, jadi tidak ada yang dibatalkan.',
  expected: (what: string) => `⚠️ Belum sesuai. Yang diharapkan: ${what}.\nKetik lagi ya, atau ketik batal.`,
};
