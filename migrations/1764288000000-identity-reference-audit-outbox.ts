import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, reference data, the notification outbox and the append-only audit log. */
export class IdentityReferenceAuditOutbox1764288000000 implements MigrationInterface {
  name = 'IdentityReferenceAuditOutbox1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE region (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}[A-Z0-9]{0,3}$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        country     char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE funding_agency (
        id              uuid PRIMARY KEY,
        region_code     text NOT NULL REFERENCES region (code),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        programme_name  text NOT NULL CHECK (length(programme_name) BETWEEN 1 AND 300),
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (region_code, name)
      )`);
    await q.query(`
      CREATE TABLE organisation (
        id                        uuid PRIMARY KEY,
        legal_name                text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 300),
        type                      text NOT NULL CHECK (type IN
          ('SME','LARGE_ENTERPRISE','UNIVERSITY','RESEARCH_ORG','CLUSTER_ORG','PUBLIC_BODY','OTHER')),
        region_code               text NOT NULL REFERENCES region (code),
        registration_id           text NOT NULL CHECK (length(registration_id) BETWEEN 2 AND 64),
        registration_id_normalised text GENERATED ALWAYS AS (upper(regexp_replace(registration_id, '[^A-Za-z0-9]', '',
          'g'))) STORED,
        created_at                timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT organisation_registration_id_unique UNIQUE (registration_id_normalised)
      )`);
    await q.query(`
      CREATE TABLE transformative_activity (
        code          text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$'),
        title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        s3_domain     text NOT NULL CHECK (length(s3_domain) BETWEEN 1 AND 200),
        region_codes  text[] NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id                uuid PRIMARY KEY,
        email             text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        email_normalised  text GENERATED ALWAYS AS (lower(email)) STORED,
        display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        password_hash     text,
        status            text NOT NULL CHECK (status IN ('PENDING_VERIFICATION','ACTIVE','DISABLED')),
        email_verified_at timestamptz,
        created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT app_user_email_unique UNIQUE (email_normalised)
      )`);
    await q.query(`
      CREATE TABLE role_grant (
        id               uuid PRIMARY KEY,
        user_id          uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        role             text NOT NULL CHECK (role IN
          ('ADMIN','PROGRAMME_MANAGER','AGENCY_OFFICER','APPLICANT','EVALUATOR')),
        agency_id        uuid REFERENCES funding_agency (id),
        organisation_id  uuid REFERENCES organisation (id),
        status           text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','PENDING_APPROVAL','REVOKED')),
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((role = 'AGENCY_OFFICER') = (agency_id IS NOT NULL)),
        CHECK ((role = 'APPLICANT') = (organisation_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX role_grant_unique ON role_grant (
        user_id, role,
        coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid))`);
    await q.query(
      'CREATE INDEX role_grant_organisation ON role_grant (organisation_id) WHERE organisation_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE user_token (
        id          uuid PRIMARY KEY,
        user_id     uuid REFERENCES app_user (id) ON DELETE CASCADE,
        purpose     text NOT NULL CHECK (purpose IN ('EMAIL_VERIFICATION','PASSWORD_RESET','INVITATION','REFRESH')),
        token_hash  bytea NOT NULL UNIQUE,
        email       text,
        payload     jsonb NOT NULL DEFAULT '{}',
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX user_token_user ON user_token (user_id, purpose)');
    await q.query(`
      CREATE TABLE login_attempt (
        id                bigserial PRIMARY KEY,
        email_normalised  text NOT NULL,
        ip                text NOT NULL,
        succeeded         boolean NOT NULL,
        attempted_at      timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX login_attempt_email ON login_attempt (email_normalised, attempted_at)');
    await q.query('CREATE INDEX login_attempt_ip ON login_attempt (ip, attempted_at)');
    await q.query(`
      CREATE TABLE notification_preference (
        user_id  uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        kind     text NOT NULL,
        mode     text NOT NULL CHECK (mode IN ('IMMEDIATE','DAILY_DIGEST','OFF')),
        PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE outbox_message (
        id                 uuid PRIMARY KEY,
        message_id         text NOT NULL UNIQUE,
        idempotency_key    text NOT NULL UNIQUE,
        kind               text NOT NULL,
        recipient_user_id  uuid REFERENCES app_user (id) ON DELETE SET NULL,
        recipient_email    text NOT NULL,
        subject            text NOT NULL,
        body_text          text NOT NULL,
        critical           boolean NOT NULL,
        delivery           text NOT NULL CHECK (delivery IN ('IMMEDIATE','DAILY_DIGEST','SUPPRESSED')),
        status             text NOT NULL CHECK (status IN ('PENDING','SENT','DIGESTED','SUPPRESSED','FAILED')),
        attempts           integer NOT NULL DEFAULT 0,
        locked_until       timestamptz,
        last_error         text,
        digest_id          uuid REFERENCES outbox_message (id),
        digest_date        date,
        created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at            timestamptz
      )`);
    await q.query(
      `CREATE INDEX outbox_message_pending ON outbox_message (created_at) WHERE status = 'PENDING'
          AND delivery = 'IMMEDIATE'`,
    );
    await q.query(
      `CREATE INDEX outbox_message_digest_pending ON outbox_message (recipient_user_id, created_at)
          WHERE status = 'PENDING' AND delivery = 'DAILY_DIGEST'`,
    );
    await q.query(`
      CREATE TABLE audit_event (
        id              bigserial PRIMARY KEY,
        occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id   uuid,
        actor_role      text,
        action          text NOT NULL,
        entity_type     text NOT NULL,
        entity_id       text NOT NULL,
        before          jsonb,
        after           jsonb,
        correlation_id  text,
        workflow_id     text,
        business_key    text UNIQUE
      )`);
    await q.query('CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, id)');
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_event');
    await q.query('DROP FUNCTION audit_event_append_only()');
    for (const table of [
      'outbox_message',
      'notification_preference',
      'login_attempt',
      'user_token',
      'role_grant',
      'app_user',
      'transformative_activity',
      'organisation',
      'funding_agency',
      'region',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
