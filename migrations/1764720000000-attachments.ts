import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Proposal attachments, content-addressed by SHA-256 (a version refers to its files by their hash). */
export class Attachments1764720000000 implements MigrationInterface {
  name = 'Attachments1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment_blob (
        sha256      char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        media_type  text NOT NULL,
        size        integer NOT NULL CHECK (size > 0 AND size <= 20971520),
        bytes       bytea NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (octet_length(bytes) = size)
      )`);
    await q.query(`
      CREATE TABLE proposal_attachment (
        proposal_id  uuid NOT NULL REFERENCES proposal (id),
        sha256       char(64) NOT NULL REFERENCES attachment_blob (sha256),
        uploaded_by  uuid NOT NULL REFERENCES app_user (id),
        uploaded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (proposal_id, sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE proposal_attachment');
    await q.query('DROP TABLE attachment_blob');
  }
}
