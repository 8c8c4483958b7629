import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A template version may carry a photo (the welcome, the help / how-to-order message):
  // Telegram's file_id of the photo an owner sent, re-sent by id with the body as caption.
  await sql`ALTER TABLE message_template_versions ADD COLUMN photo_file_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE message_template_versions DROP COLUMN photo_file_id`.execute(db);
}
