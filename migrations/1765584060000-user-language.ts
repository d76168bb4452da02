import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each account's language (SPEC §10 Languages): the web app starts in it and e-mails are written in it.
 * The same five codes as `LANGUAGES` in libs/domain; existing accounts get English.
 *
 * E-mails are rendered when they are delivered, in the recipient's language of that moment: an outbox
 * row keeps its kind and template data (`template_data`, with the recipient's name) and, for an address
 * without an account, the language it was written for. Rows written before keep template_data NULL and
 * go out as they were rendered then; subject and body_text stay NOT NULL (the text as written, replaced
 * by the text as sent once delivered).
 */
export class UserLanguage1765584060000 implements MigrationInterface {
  name = 'UserLanguage1765584060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN language text NOT NULL DEFAULT 'en'
        CONSTRAINT app_user_language_check CHECK (language IN ('en','de','it','fr','sl'))`);
    await q.query(`
      ALTER TABLE outbox_message
        ADD COLUMN template_data jsonb
          CONSTRAINT outbox_message_template_data_object CHECK (jsonb_typeof(template_data) = 'object'),
        ADD COLUMN language text
          CONSTRAINT outbox_message_language_check CHECK (language IN ('en','de','it','fr','sl'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox_message DROP COLUMN language, DROP COLUMN template_data');
    await q.query('ALTER TABLE app_user DROP COLUMN language');
  }
}
