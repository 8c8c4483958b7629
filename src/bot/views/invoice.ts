import { InlineKeyboard, InputFile } from 'grammy';
import { qrPng } from '../../infra/qr.ts';
import type { OrderDetail } from '../../shop/orders.ts';
import { localTime } from '../format.ts';
import type { Texts } from '../i18n.ts';

export interface InvoiceView {
  photo: InputFile;
  caption: string;
  keyboard: InlineKeyboard;
}

/** `order:cancel:<orderId>`: the same data the orders feature decodes. */
export const cancelOrderData = (orderId: string) => `order:cancel:${orderId}`;

/** The QR photo a buyer scans, with the amounts, the local expiry time and the pay page. */
export async function orderInvoiceView(
  t: Texts,
  lang: 'id' | 'en',
  timeZone: string,
  order: OrderDetail,
  invoice: {
    paymentNumber: string | null;
    paymentUrl: string;
    fee: number;
    totalPayment: number;
    expiresAt: string;
  },
): Promise<InvoiceView> {
  const items = order.items.map((i) => t.orders.itemLine(i.productName, i.quantity, i.unitPrice)).join('\n');
  const caption = t.orders.invoiceCaption({
    orderId: order.id,
    items,
    subtotal: order.subtotal,
    discount: order.discount,
    amount: order.total,
    fee: invoice.fee,
    totalPayment: invoice.totalPayment,
    expiresAt: localTime(invoice.expiresAt, timeZone, lang),
  });
  const keyboard = new InlineKeyboard()
    .url(t.orders.payButton, invoice.paymentUrl)
    .row()
    .text(t.orders.cancelButton, cancelOrderData(order.id));
  return { photo: await qrPhoto(invoice.paymentNumber ?? invoice.paymentUrl), caption, keyboard };
}

export async function depositInvoiceView(
  t: Texts,
  lang: 'id' | 'en',
  timeZone: string,
  deposit: { id: string; amount: number },
  invoice: {
    paymentNumber: string | null;
    paymentUrl: string;
    fee: number;
    totalPayment: number;
    expiresAt: string;
  },
): Promise<InvoiceView> {
  const caption = t.orders.deposit.invoiceCaption({
    depositId: deposit.id,
    amount: deposit.amount,
    fee: invoice.fee,
    totalPayment: invoice.totalPayment,
    expiresAt: localTime(invoice.expiresAt, timeZone, lang),
  });
  const keyboard = new InlineKeyboard().url(t.orders.payButton, invoice.paymentUrl);
  return { photo: await qrPhoto(invoice.paymentNumber ?? invoice.paymentUrl), caption, keyboard };
}

async function qrPhoto(payload: string): Promise<InputFile> {
  return new InputFile(await qrPng(payload), 'qris.png');
}
