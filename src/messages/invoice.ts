import { InlineKeyboard, InputFile } from 'grammy';
import { localTime } from '../bot/format.ts';
import type { Texts } from '../bot/i18n.ts';
import { CAPTION_LIMIT, fitLines, packLines } from '../bot/views/telegram-limits.ts';
import { qrPng } from '../infra/qr.ts';
import type { OrderDetail } from '../shop/orders.ts';

export interface InvoiceView {
  photo: InputFile;
  caption: string;
  keyboard: InlineKeyboard;
  /** The whole item list as text messages, when the caption could not hold it; else empty. */
  details: string[];
}

/** `order:cancel:<orderId>`: the same data the orders feature decodes. */
export const cancelOrderData = (orderId: string) => `order:cancel:${orderId}`;

/** What the gateway's invoice says, as both invoice messages show it. */
export interface InvoiceFacts {
  paymentNumber: string | null;
  paymentUrl: string;
  fee: number;
  totalPayment: number;
  expiresAt: string;
}

/** The QR photo a buyer scans, with the amounts, the local expiry time and the pay page. */
export async function orderInvoiceView(
  t: Texts,
  lang: 'id' | 'en',
  timeZone: string,
  order: OrderDetail,
  invoice: InvoiceFacts,
): Promise<InvoiceView> {
  const lines = order.items.map((i) => t.orders.itemLine(i.productName, i.quantity, i.unitPrice));
  // A photo caption holds 1,024 characters: the first lines, then "+k more" and the full list as text.
  const { text: caption, omitted } = fitLines(lines, CAPTION_LIMIT, (kept, omitted) =>
    t.orders.invoiceCaption({
      orderId: order.id,
      items: [...kept, ...(omitted > 0 ? [t.orders.moreItems(omitted)] : [])].join('\n'),
      subtotal: order.subtotal,
      discount: order.discount,
      amount: order.total,
      fee: invoice.fee,
      totalPayment: invoice.totalPayment,
      expiresAt: localTime(invoice.expiresAt, timeZone, lang),
    }),
  );
  const details =
    omitted > 0
      ? packLines([
          t.orders.invoiceDetails(order.id, lines.length),
          ...lines,
          t.orders.detailsTotal(invoice.totalPayment),
        ])
      : [];
  const keyboard = new InlineKeyboard()
    .url(t.orders.payButton, invoice.paymentUrl)
    .row()
    .text(t.orders.cancelButton, cancelOrderData(order.id));
  return { photo: await qrPhoto(invoice.paymentNumber ?? invoice.paymentUrl), caption, keyboard, details };
}

export async function depositInvoiceView(
  t: Texts,
  lang: 'id' | 'en',
  timeZone: string,
  deposit: { id: string; amount: number },
  invoice: InvoiceFacts,
): Promise<InvoiceView> {
  const caption = t.orders.deposit.invoiceCaption({
    depositId: deposit.id,
    amount: deposit.amount,
    fee: invoice.fee,
    totalPayment: invoice.totalPayment,
    expiresAt: localTime(invoice.expiresAt, timeZone, lang),
  });
  const keyboard = new InlineKeyboard().url(t.orders.payButton, invoice.paymentUrl);
  return {
    photo: await qrPhoto(invoice.paymentNumber ?? invoice.paymentUrl),
    caption,
    keyboard,
    details: [],
  };
}

async function qrPhoto(payload: string): Promise<InputFile> {
  return new InputFile(await qrPng(payload), 'qris.png');
}
