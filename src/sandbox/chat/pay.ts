import { rupiah } from '../../bot/format.ts';
import type { PakasirEmulator } from '../pakasir/index.ts';
import { newestOpenInvoice } from './commands.ts';

export type InvoicePayer = Pick<PakasirEmulator, 'transactions' | 'simulatePayment'>;

/** What paying the open invoice did, as lines for the user (Indonesian / English). */
export interface PayOutcome {
  paid: boolean;
  orderId: string | undefined;
  lines: string[];
}

/** `/pay` and the web chat's 💳 Bayar: the Pakasir emulator pays the newest open invoice. */
export async function payOpenInvoice(pakasir: InvoicePayer): Promise<PayOutcome> {
  const invoice = newestOpenInvoice(pakasir.transactions());
  if (!invoice) {
    return {
      paid: false,
      orderId: undefined,
      lines: ['Tidak ada tagihan terbuka / no open invoice (checkout with QRIS first)'],
    };
  }
  const result = await pakasir.simulatePayment(invoice.orderId);
  const webhook =
    result.statusCode === 200
      ? 'webhook → 200'
      : `webhook → ${result.statusCode ?? 'failed'}; the bot finds the payment by reconciliation`;
  return {
    paid: true,
    orderId: invoice.orderId,
    lines: [`💸 ${rupiah(invoice.totalPayment)} dibayar / paid — order ${invoice.orderId}`, webhook],
  };
}
