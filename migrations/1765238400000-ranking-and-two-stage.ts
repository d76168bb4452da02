import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The finalised ranking of a stage (SPEC V8; the snapshot the funding decision starts from) and the
 * two-stage flow (SPEC §4, V7): the stage the call is in, stage-2 invitations down the stage-1 ranking,
 * and each full proposal's pre-proposal.
 */
export class RankingAndTwoStage1765238400000 implements MigrationInterface {
  name = 'RankingAndTwoStage1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE joint_call ADD COLUMN current_stage smallint NOT NULL DEFAULT 1 CHECK (current_stage IN (1, 2))',
    );
    await q.query(`
      CREATE TABLE ranking_snapshot (
        call_id       uuid NOT NULL REFERENCES joint_call (id),
        stage_no      smallint NOT NULL CHECK (stage_no IN (1, 2)),
        entries       jsonb NOT NULL,
        finalised_by  uuid NOT NULL REFERENCES app_user (id),
        finalised_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (call_id, stage_no)
      )`);
    await q.query(`
      CREATE TABLE stage_two_invitation (
        pre_proposal_id        uuid PRIMARY KEY REFERENCES proposal (id),
        call_id                uuid NOT NULL REFERENCES joint_call (id),
        rank                   integer NOT NULL CHECK (rank >= 1),
        requested_funding_eur  bigint NOT NULL CHECK (requested_funding_eur >= 0),
        invited_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (call_id, rank)
      )`);
    await q.query(
      'ALTER TABLE proposal ADD COLUMN pre_proposal_id uuid UNIQUE REFERENCES stage_two_invitation (pre_proposal_id)',
    );
    await q.query('ALTER TABLE proposal ADD COLUMN consortium_changes jsonb');
    await q.query(
      'ALTER TABLE proposal ADD CONSTRAINT proposal_full_needs_invitation ' +
        'CHECK ((stage_no = 2) = (pre_proposal_id IS NOT NULL))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE proposal DROP CONSTRAINT proposal_full_needs_invitation');
    await q.query('ALTER TABLE proposal DROP COLUMN consortium_changes');
    await q.query('ALTER TABLE proposal DROP COLUMN pre_proposal_id');
    await q.query('DROP TABLE stage_two_invitation');
    await q.query('DROP TABLE ranking_snapshot');
    await q.query('ALTER TABLE joint_call DROP COLUMN current_stage');
  }
}
