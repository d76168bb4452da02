import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consensus and ranking (SPEC §5 V7, V8): per proposal and evaluation stage, the rapporteur the
 * programme manager designated, the consensus recorded per criterion and its outcome (V7) with the
 * totals the ranking orders by. The ranking itself is computed from these rows when read.
 */
export class ConsensusRanking1765065600000 implements MigrationInterface {
  name = 'ConsensusRanking1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_evaluation (
        proposal_id             uuid NOT NULL REFERENCES proposal (id),
        stage_no                smallint NOT NULL CHECK (stage_no IN (1, 2)),
        rapporteur_id           uuid REFERENCES app_user (id),
        rapporteur_at           timestamptz,
        consensus               jsonb CHECK (consensus IS NULL OR jsonb_typeof(consensus) = 'array'),
        consensus_by            uuid REFERENCES app_user (id),
        consensus_at            timestamptz,
        outcome                 text CHECK (outcome IN ('ABOVE_THRESHOLD','BELOW_THRESHOLD')),
        weighted_total          numeric,
        unweighted_sum          numeric,
        reasons                 jsonb NOT NULL DEFAULT '[]'::jsonb,
        flagged_for_discussion  boolean NOT NULL DEFAULT false,
        updated_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (proposal_id, stage_no),
        -- A consensus is recorded whole: scores, author, time, outcome and totals together.
        CHECK ((consensus IS NULL) = (consensus_by IS NULL)
           AND (consensus IS NULL) = (consensus_at IS NULL)
           AND (consensus IS NULL) = (outcome IS NULL)
           AND (consensus IS NULL) = (weighted_total IS NULL)
           AND (consensus IS NULL) = (unweighted_sum IS NULL))
      )`);
    await q.query(
      'CREATE INDEX proposal_evaluation_rapporteur ON proposal_evaluation (rapporteur_id) ' +
        'WHERE rapporteur_id IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE proposal_evaluation');
  }
}
