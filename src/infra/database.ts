import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** The one description of the schema; migrations/ must keep to it. */
export interface Database {
  actors: ActorsTable;
  actor_journal: ActorJournalTable;
  actor_timers: ActorTimersTable;
  users: UsersTable;
  categories: CategoriesTable;
  products: ProductsTable;
  stock_items: StockItemsTable;
  vouchers: VouchersTable;
  voucher_redemptions: VoucherRedemptionsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  payments: PaymentsTable;
  balance_ledger: BalanceLedgerTable;
  deposits: DepositsTable;
  deliveries: DeliveriesTable;
  message_templates: MessageTemplatesTable;
  message_template_versions: MessageTemplateVersionsTable;
  chat_screens: ChatScreensTable;
  snk_proofs: SnkProofsTable;
  snk_forwards: SnkForwardsTable;
  admin_audit: AdminAuditTable;
  owner_alerts: OwnerAlertsTable;
  health_check_states: HealthCheckStatesTable;
  config_restore_drafts: ConfigRestoreDraftsTable;
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
  broadcast_pacing: BroadcastPacingTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type VoucherScopeKind = 'all' | 'product' | 'category';
/** A nullable reference an insert may leave out. */
type OptionalRef = ColumnType<number | null, number | null | undefined, number | null>;

export interface ActorsTable {
  kind: string;
  id: string;
  machine_version: number;
  /** Dotted path of the active leaf states, e.g. "awaitingPayment" or "cart.editing". */
  state: string;
  status: string;
  snapshot: JSONColumnType<Record<string, unknown>>;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActorJournalTable {
  kind: string;
  actor_id: string;
  revision: number;
  dedupe_key: string | null;
  event: JSONColumnType<Record<string, unknown>>;
  state_before: string | null;
  state_after: string;
  created_at: Timestamp;
}

export interface ActorTimersTable {
  token: string;
  kind: string;
  actor_id: string;
  send_id: string;
  event: JSONColumnType<Record<string, unknown>>;
  due_at: Timestamp;
}

/** Telegram users; `id` is the Telegram user id (also the private chat id). */
export interface UsersTable {
  id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  language_code: string | null;
  /** Blocked by the shop's admins. */
  is_blocked: Generated<boolean>;
  /** The user blocked the bot (Telegram answers 403). */
  bot_blocked: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** When the buyer's personal data was erased (the row stays for the books). */
  erased_at: Generated<Date | null>;
}

export interface CategoriesTable {
  id: Generated<number>;
  code: string;
  name: string;
  emoji: string | null;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface ProductsTable {
  id: Generated<number>;
  code: string;
  category_id: number | null;
  name: string;
  description: Generated<string>;
  /** Whole rupiah. */
  price: number;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  /** Terms the buyer must fulfil after purchase (SNK), if any. */
  snk: string | null;
  /** Bumped by every admin change (optimistic concurrency for edits). */
  version: Generated<number>;
  /** Available stock at or below which admins are told (once) after a sale. */
  low_stock_threshold: Generated<number>;
  /** When admins were last told; cleared when stock is added above the threshold. */
  low_stock_notified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type StockStatus = 'available' | 'reserved' | 'sold';

export interface StockItemsTable {
  id: Generated<number>;
  product_id: number;
  /** AES-256-GCM ciphertext under DATA_ENCRYPTION_KEY (see infra/crypto). */
  content_enc: string;
  /** Keyed hash of the content, so an import never adds the same item twice. */
  content_hash: string;
  /** 1: hash under the encryption key itself (upgraded at start); 2: under the derived fingerprint key. */
  fingerprint_version: Generated<number>;
  status: Generated<StockStatus>;
  order_id: string | null;
  reserved_at: Timestamp | null;
  sold_at: Timestamp | null;
  created_at: Timestamp;
}

export interface VouchersTable {
  id: Generated<number>;
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
  min_purchase: Generated<number>;
  max_uses: number | null;
  per_user_limit: number | null;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** Which lines get the discount (migration 0017): all, one product's or one category's. */
  scope: ColumnType<VoucherScopeKind, VoucherScopeKind | undefined, VoucherScopeKind>;
  /** The scope's product; NULL once that product is deleted (the voucher then applies to nothing). */
  product_id: OptionalRef;
  /** Only lines of this category's products get the discount; never set with product_id. */
  category_id: OptionalRef;
}

export interface VoucherRedemptionsTable {
  voucher_id: number;
  user_id: number;
  order_id: string;
  created_at: Timestamp;
}

export type OrderStatus =
  | 'reserving'
  | 'awaiting_payment'
  | 'paid'
  | 'delivered'
  | 'undelivered'
  | 'expired'
  | 'cancelled'
  | 'refused'
  | 'failed'
  /** An admin gave the payment back to the buyer's balance. */
  | 'refunded';

export interface OrdersTable {
  id: string;
  user_id: number;
  status: OrderStatus;
  payment_method: 'qris' | 'balance';
  subtotal: number;
  discount: Generated<number>;
  total: number;
  voucher_code: string | null;
  fee: number | null;
  total_payment: number | null;
  txn_id: string | null;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  paid_at: Timestamp | null;
  delivered_at: Timestamp | null;
}

export interface OrderItemsTable {
  order_id: string;
  product_id: number;
  product_code: string;
  product_name: string;
  unit_price: number;
  quantity: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  gateway: string;
  txn_id: string;
  purpose: 'order' | 'deposit';
  ref_id: string;
  method: string;
  amount: number;
  fee: Generated<number>;
  total: number;
  status: string;
  is_sandbox: boolean | null;
  raw: JSONColumnType<Record<string, unknown>>;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

/** Append-only: a user's balance is the sum of their entries. */
export interface BalanceLedgerTable {
  id: Generated<number>;
  user_id: number;
  /** Signed whole rupiah: credits positive, debits negative. */
  amount: number;
  reason: 'deposit' | 'order_payment' | 'late_payment' | 'refund' | 'adjustment';
  /** With `reason`, unique: the same credit or debit is never booked twice. */
  ref: string;
  note: string | null;
  created_at: Timestamp;
}

export interface DepositsTable {
  id: string;
  user_id: number;
  amount: number;
  status: 'creating' | 'awaiting_payment' | 'paid' | 'expired' | 'cancelled' | 'failed';
  fee: number | null;
  total_payment: number | null;
  txn_id: string | null;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  paid_at: Timestamp | null;
}

export interface DeliveriesTable {
  order_id: string;
  status: 'sending' | 'sent';
  message_ids: Generated<number[]>;
  attempts: Generated<number>;
  sent_at: Timestamp | null;
  updated_at: Timestamp;
  /** The attempt allowed to send, until `lease_until`; null when nobody is sending. */
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Which version of a template is live per locale; no row or a null version: the default. */
export interface MessageTemplatesTable {
  key: string;
  locale: string;
  active_version: number | null;
  /** From a sequence, renewed on every change (cache invalidation across processes). */
  revision: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

/** Every body ever saved for a template, kept for rollback. */
export interface MessageTemplateVersionsTable {
  key: string;
  locale: string;
  version: number;
  body: string;
  /** Telegram user id of whoever saved it; null for the shop itself. */
  author: number | null;
  created_at: Generated<Date>;
  /** A photo sent with the body as its caption (migration 0021); media templates only. */
  photo_file_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A bot message that shows an order (the cart's "being placed" note, a history page). */
export interface ChatScreensTable {
  chat_id: number;
  message_id: number;
  order_id: string;
  screen: 'checkout' | 'history';
  page: Generated<number>;
  lang: 'id' | 'en';
  created_at: Generated<Date>;
}

/** One encrypted piece of a buyer's SNK proof (a screenshot or the note). */
export interface SnkProofsTable {
  id: Generated<string>;
  /** The snk actor: `<orderId>:<productId>`. */
  actor_id: string;
  submission: number;
  kind: 'image' | 'note';
  mime: string | null;
  /** Plaintext size in bytes. */
  size: number;
  /** Telegram's file_unique_id, or the message for a note: a re-delivered update adds nothing. */
  source_id: string;
  /** The cipher's output (base64 of the bytes, encrypted). */
  content: Buffer;
  created_at: Generated<Date>;
}

export interface SnkForwardsTable {
  actor_id: string;
  submission: number;
  admin_id: number;
  sent_at: Generated<Date>;
}

export interface AdminAuditTable {
  id: Generated<number>;
  admin_id: number;
  action: string;
  target: string | null;
  before: NullableJson;
  after: NullableJson;
  created_at: Timestamp;
}

type NullableJson = ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
/** One alert key's dedupe window: how often it happened and whether the owner was told. */
export interface OwnerAlertsTable {
  key: string;
  window_start: Timestamp;
  severity: 'info' | 'warning' | 'error' | 'critical';
  title: string;
  detail: string | null;
  count: number;
  last_at: Timestamp;
  /** False when the hourly limit held it back. */
  sent: boolean;
  sent_at: Timestamp | null;
  /** The "(×N more)" line for this window went out. */
  summarized: Generated<boolean>;
  /** The job that opened the window (a retried job is recognised). */
  job_id: string | null;
}

/** The last outcome of each health check: a change from it is what gets alerted. */
export interface HealthCheckStatesTable {
  name: string;
  ok: boolean;
  summary: string;
  changed_at: Timestamp;
  checked_at: Timestamp;
}

/** A configuration document waiting for its owner's confirmation (see shop/config-document). */
export interface ConfigRestoreDraftsTable {
  id: Generated<number>;
  admin_id: number;
  document: JSONColumnType<Record<string, unknown>>;
  /** The differences the owner was shown: applying refuses when they are no longer the same. */
  diff_hash: string;
  created_at: Generated<Date>;
  applied_at: Date | null;
}

/** One broadcast's content, audience, progress message and report (its actor drives it). */
export interface BroadcastsTable {
  id: string;
  admin_id: number;
  /** The broadcast actor's state, kept in step by its projection. */
  status: Generated<string>;
  content: JSONColumnType<Record<string, unknown>>;
  audience: JSONColumnType<Record<string, unknown>>;
  scheduled_at: Timestamp | null;
  /** Recipients frozen at start; null before. */
  total: number | null;
  progress_chat_id: number | null;
  progress_message_id: number | null;
  progress_edited_at: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  report: NullableJson;
  created_at: Generated<Date>;
}

export type BroadcastRecipientStatus = 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'unknown';

/** One recipient of one broadcast; 'unknown' = in flight when a process died (never resent). */
export interface BroadcastRecipientsTable {
  id: Generated<number>;
  broadcast_id: string;
  user_id: number;
  status: Generated<BroadcastRecipientStatus>;
  attempts: Generated<number>;
  retry_at: Timestamp | null;
  claimed_at: Timestamp | null;
  /** The process (host:pid) that claimed it last: who sends what when several instances run. */
  claimed_by: string | null;
  sent_at: Timestamp | null;
  error: string | null;
}

/** The token bucket of one bot's broadcast sends, shared by every process. */
export interface BroadcastPacingTable {
  bot_id: number;
  tokens: number;
  refreshed_at: Timestamp;
  paused_until: Timestamp | null;
}
