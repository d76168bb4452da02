import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Proposals, their partners, their immutable submitted versions and submission idempotency. */
export class Proposals1764460800000 implements MigrationInterface {
  name = 'Proposals1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal (
        id                           uuid PRIMARY KEY,
        call_id                      uuid NOT NULL REFERENCES joint_call (id),
        stage_no                     smallint NOT NULL DEFAULT 1 CHECK (stage_no IN (1, 2)),
        coordinator_organisation_id  uuid NOT NULL REFERENCES organisation (id),
        state                        text NOT NULL DEFAULT 'DRAFT' CHECK (state IN ('DRAFT','SUBMITTED','WITHDRAWN',
          'ELIGIBILITY_CHECK','INELIGIBLE','ELIGIBLE','IN_REVIEW','REVIEWED','BELOW_THRESHOLD','RANKED','SELECTED',
          'RESERVE','NOT_FUNDED','FUNDED')),
        acronym                      text NOT NULL CHECK (length(acronym) BETWEEN 1 AND 20),
        title                        text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        content                      jsonb NOT NULL,
        revision                     integer NOT NULL DEFAULT 1,
        last_version                 integer NOT NULL DEFAULT 0,
        last_submitted_at            timestamptz,
        withdrawn_reason             text,
        created_by                   uuid NOT NULL REFERENCES app_user (id),
        created_at                   timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at                   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX proposal_call ON proposal (call_id, state, id)');
    await q.query(`
      CREATE TABLE proposal_partner (
        proposal_id      uuid NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
        organisation_id  uuid NOT NULL REFERENCES organisation (id),
        role             text NOT NULL CHECK (role IN ('COORDINATOR','PARTNER')),
        status           text NOT NULL CHECK (status IN ('INVITED','ACCEPTED')),
        funded           boolean NOT NULL DEFAULT true,
        eligible_costs   bigint NOT NULL DEFAULT 0 CHECK (eligible_costs >= 0),
        requested_grant  bigint NOT NULL DEFAULT 0 CHECK (requested_grant >= 0),
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (proposal_id, organisation_id)
      )`);
    await q.query(
      "CREATE UNIQUE INDEX proposal_one_coordinator ON proposal_partner (proposal_id) WHERE role = 'COORDINATOR'",
    );
    await q.query('CREATE INDEX proposal_partner_organisation ON proposal_partner (organisation_id)');
    await q.query(`
      CREATE TABLE proposal_version (
        proposal_id      uuid NOT NULL REFERENCES proposal (id),
        version          integer NOT NULL CHECK (version >= 1),
        content          jsonb NOT NULL,
        canonical_json   text NOT NULL,
        sha256           char(64) NOT NULL,
        submitted_at     timestamptz NOT NULL,
        submitted_by     uuid NOT NULL REFERENCES app_user (id),
        PRIMARY KEY (proposal_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION proposal_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'proposal_version is immutable: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      'CREATE TRIGGER proposal_version_no_update_delete BEFORE UPDATE OR DELETE ON proposal_version FOR EACH ROW ' +
        'EXECUTE FUNCTION proposal_version_immutable()',
    );
    await q.query(`
      CREATE TABLE idempotency_record (
        user_id        uuid NOT NULL,
        key            text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        scope          text NOT NULL,
        request_hash   char(64) NOT NULL,
        response       jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query('CREATE INDEX idempotency_record_created ON idempotency_record (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_record');
    await q.query('DROP TABLE proposal_version');
    await q.query('DROP FUNCTION proposal_version_immutable()');
    await q.query('DROP TABLE proposal_partner');
    await q.query('DROP TABLE proposal');
  }
}
