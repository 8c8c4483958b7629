import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id            bigint      PRIMARY KEY,
      first_name    text        NOT NULL,
      last_name     text,
      username      text,
      language_code text,
      is_blocked    boolean     NOT NULL DEFAULT false,
      bot_blocked   boolean     NOT NULL DEFAULT false,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE categories (
      id         serial  PRIMARY KEY,
      code       text    NOT NULL UNIQUE,
      name       text    NOT NULL,
      emoji      text,
      sort_order integer NOT NULL DEFAULT 0,
      active     boolean NOT NULL DEFAULT true
    )`.execute(db);
  await sql`
    CREATE TABLE products (
      id          serial      PRIMARY KEY,
      code        text        NOT NULL UNIQUE,
      category_id integer     REFERENCES categories (id),
      name        text        NOT NULL,
      description text        NOT NULL DEFAULT '',
      price       integer     NOT NULL CHECK (price > 0),
      active      boolean     NOT NULL DEFAULT true,
      sort_order  integer     NOT NULL DEFAULT 0,
      snk         text,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE stock_items (
      id           bigserial   PRIMARY KEY,
      product_id   integer     NOT NULL REFERENCES products (id),
      content_enc  text        NOT NULL,
      content_hash text        NOT NULL,
      status       text        NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'reserved', 'sold')),
      order_id     text,
      reserved_at  timestamptz,
      sold_at      timestamptz,
      created_at   timestamptz NOT NULL DEFAULT now(),
      UNIQUE (product_id, content_hash)
    )`.execute(db);
  await sql`CREATE INDEX stock_items_available ON stock_items (product_id, id) WHERE status = 'available'`.execute(
    db,
  );
  await sql`CREATE INDEX stock_items_order ON stock_items (order_id) WHERE order_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE vouchers (
      id             serial      PRIMARY KEY,
      code           text        NOT NULL UNIQUE,
      kind           text        NOT NULL CHECK (kind IN ('percent', 'fixed')),
      value          integer     NOT NULL CHECK (value > 0),
      min_purchase   integer     NOT NULL DEFAULT 0,
      max_uses       integer,
      per_user_limit integer,
      valid_from     timestamptz,
      valid_until    timestamptz,
      active         boolean     NOT NULL DEFAULT true,
      created_at     timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE voucher_redemptions (
      voucher_id integer     NOT NULL REFERENCES vouchers (id),
      user_id    bigint      NOT NULL,
      order_id   text        NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX voucher_redemptions_voucher ON voucher_redemptions (voucher_id, user_id)`.execute(
    db,
  );
  await sql`
    CREATE TABLE orders (
      id             text        PRIMARY KEY,
      user_id        bigint      NOT NULL,
      status         text        NOT NULL,
      payment_method text        NOT NULL CHECK (payment_method IN ('qris', 'balance')),
      subtotal       integer     NOT NULL,
      discount       integer     NOT NULL DEFAULT 0,
      total          integer     NOT NULL,
      voucher_code   text,
      fee            integer,
      total_payment  integer,
      txn_id         text,
      expires_at     timestamptz,
      created_at     timestamptz NOT NULL DEFAULT now(),
      paid_at        timestamptz,
      delivered_at   timestamptz
    )`.execute(db);
  await sql`CREATE INDEX orders_user ON orders (user_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX orders_status ON orders (status)`.execute(db);
  await sql`
    CREATE TABLE order_items (
      order_id     text    NOT NULL REFERENCES orders (id),
      product_id   integer NOT NULL REFERENCES products (id),
      product_code text    NOT NULL,
      product_name text    NOT NULL,
      unit_price   integer NOT NULL,
      quantity     integer NOT NULL CHECK (quantity > 0),
      PRIMARY KEY (order_id, product_id)
    )`.execute(db);
  await sql`
    CREATE TABLE payments (
      id           bigserial   PRIMARY KEY,
      gateway      text        NOT NULL,
      txn_id       text        NOT NULL,
      purpose      text        NOT NULL CHECK (purpose IN ('order', 'deposit')),
      ref_id       text        NOT NULL,
      method       text        NOT NULL,
      amount       integer     NOT NULL,
      fee          integer     NOT NULL DEFAULT 0,
      total        integer     NOT NULL,
      status       text        NOT NULL,
      is_sandbox   boolean,
      raw          jsonb       NOT NULL DEFAULT '{}',
      created_at   timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      UNIQUE (gateway, txn_id)
    )`.execute(db);
  await sql`CREATE INDEX payments_ref ON payments (purpose, ref_id)`.execute(db);
  await sql`
    CREATE TABLE balance_ledger (
      id         bigserial   PRIMARY KEY,
      user_id    bigint      NOT NULL,
      amount     integer     NOT NULL CHECK (amount <> 0),
      reason     text        NOT NULL,
      ref        text        NOT NULL,
      note       text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (reason, ref)
    )`.execute(db);
  await sql`CREATE INDEX balance_ledger_user ON balance_ledger (user_id, id DESC)`.execute(db);
  await sql`
    CREATE TABLE deposits (
      id            text        PRIMARY KEY,
      user_id       bigint      NOT NULL,
      amount        integer     NOT NULL CHECK (amount > 0),
      status        text        NOT NULL,
      fee           integer,
      total_payment integer,
      txn_id        text,
      expires_at    timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now(),
      paid_at       timestamptz
    )`.execute(db);
  await sql`CREATE INDEX deposits_user ON deposits (user_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE deliveries (
      order_id    text        PRIMARY KEY REFERENCES orders (id),
      status      text        NOT NULL CHECK (status IN ('sending', 'sent')),
      message_ids integer[]   NOT NULL DEFAULT '{}',
      attempts    integer     NOT NULL DEFAULT 0,
      sent_at     timestamptz,
      updated_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE deliveries, deposits, balance_ledger, payments, order_items, orders,
      voucher_redemptions, vouchers, stock_items, products, categories, users`.execute(db);
}
