import type { TemplateKey } from '../../../messages/registry.ts';

/** Default bodies of the editable messages (English); see ../id/templates.ts. */
export const templatesEn: Record<TemplateKey, string> = {
  welcome: [
    '👋 Hi, <b>{nama}</b>! Welcome to <b>{store_name}</b> 🛍️',
    '',
    'Buy premium accounts, licence keys &amp; digital vouchers here. Pay with QRIS and your item is delivered automatically ⚡',
    '',
    '📊 <b>Shop stats</b>',
    '📦 Products available: <b>{total_produk}</b>',
    '✅ Completed transactions: <b>{total_transaksi}</b>',
    '👥 Users: <b>{total_users}</b>',
    '',
    'Pick a category below 👇',
  ].join('\n'),
  help: [
    '❓ <b>{store_name} help</b>',
    '',
    '🛍️ <b>Catalog</b> (/catalog): browse categories &amp; products',
    '🛒 <b>Cart</b> (/cart): change quantities, use a voucher, check out',
    '📦 <b>Order History</b> (/orders): order status &amp; resend your items',
    '💰 <b>Balance</b> (/balance): your balance and its history',
    '➕ <b>Top up</b>: /topup 25000',
    '🎟️ <b>Voucher</b>: /voucher CODE',
    '',
    '💳 How to buy: pick a product → 🛒 Add to Cart → ✅ Checkout QRIS → scan the QR. Your item arrives in this chat right after payment ✨',
  ].join('\n'),
  order_paid: '✅ Payment for <code>{order_id}</code> received! Sending your item... 🚀',
  admin_order_paid: [
    '🛒 <b>New paid order</b>',
    '🆔 <code>{order_id}</code>',
    '👤 {pembeli}',
    '{produk}',
    '💳 Method: {metode}',
    '💰 Total: {total}',
    '🕒 {tanggal}',
  ].join('\n'),
  snk_terms: [
    '📜 <b>Terms for {produk}</b>',
    '🆔 <code>{order_id}</code>',
    '',
    '{snk}',
    '',
    'Hi {nama}, press <b>✅ Penuhi SNK</b> and send proof (a screenshot + a note) that you followed the terms above. It is kept for warranty claims 🛡️',
  ].join('\n'),
};
