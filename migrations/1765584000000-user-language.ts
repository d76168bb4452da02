import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each account's language (SPEC §10 Languages): the web app starts in it and e-mails are written in it.
 * The same five codes as `LANGUAGES` in libs/domain; existing accounts get English.
 */
export class UserLanguage1765584000000 implements MigrationInterface {
  name = 'UserLanguage1765584000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN language text NOT NULL DEFAULT 'en'
        CONSTRAINT app_user_language_check CHECK (language IN ('en','de','it','fr','sl'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE app_user DROP COLUMN language');
  }
}
