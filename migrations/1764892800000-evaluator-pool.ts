import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluator pool (SPEC §3 Evaluator, §5 V2–V3): each evaluator's profile, the
 * evaluators of each call with their signed confidentiality and no-conflict declaration, and the
 * conflicts each evaluator declares with the call's proposals.
 *
 * Names follow the schema's singular convention (`app_user`, `proposal`, `fund_commitment`).
 */
export class EvaluatorPool1764892800000 implements MigrationInterface {
  name = 'EvaluatorPool1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluator_profile (
        user_id          uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
        expertise        text[] NOT NULL CHECK (cardinality(expertise) BETWEEN 1 AND 50
          AND array_position(expertise, NULL) IS NULL),
        organisation_id  uuid REFERENCES organisation (id),
        region_code      text REFERENCES region (code),
        country          char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        max_load         integer CHECK (max_load BETWEEN 1 AND 100),
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at       timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // The programme managers' list filters by country and pages by user id.
    await q.query('CREATE INDEX evaluator_profile_country ON evaluator_profile (country, user_id)');
    await q.query(
      'CREATE INDEX evaluator_profile_organisation ON evaluator_profile (organisation_id) ' +
        'WHERE organisation_id IS NOT NULL',
    );
    await q.query(
      'CREATE INDEX evaluator_profile_region ON evaluator_profile (region_code) WHERE region_code IS NOT NULL',
    );

    // A declared conflict must name a proposal of the same call: the composite key below needs this.
    await q.query('ALTER TABLE proposal ADD CONSTRAINT proposal_id_call_unique UNIQUE (id, call_id)');

    await q.query(`
      CREATE TABLE call_evaluator (
        call_id                uuid NOT NULL REFERENCES joint_call (id) ON DELETE CASCADE,
        user_id                uuid NOT NULL REFERENCES evaluator_profile (user_id),
        added_by               uuid NOT NULL REFERENCES app_user (id),
        added_at               timestamptz NOT NULL DEFAULT clock_timestamp(),
        declaration_signed_at  timestamptz,
        declaration_hash       char(64) CHECK (declaration_hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (call_id, user_id),
        CONSTRAINT call_evaluator_declaration_complete CHECK ((declaration_signed_at IS NULL) = (declaration_hash IS
          NULL))
      )`);
    // "Which calls is this evaluator in" (review queue, profile screens) and the foreign key's deletes.
    await q.query('CREATE INDEX call_evaluator_user ON call_evaluator (user_id, call_id)');
    await q.query('CREATE INDEX call_evaluator_added_by ON call_evaluator (added_by)');

    await q.query(`
      CREATE TABLE evaluator_conflict (
        call_id      uuid NOT NULL,
        user_id      uuid NOT NULL,
        proposal_id  uuid NOT NULL,
        reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        declared_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (call_id, user_id, proposal_id),
        CONSTRAINT evaluator_conflict_pool_member FOREIGN KEY (call_id, user_id)
          REFERENCES call_evaluator (call_id, user_id) ON DELETE CASCADE,
        CONSTRAINT evaluator_conflict_proposal_of_call FOREIGN KEY (proposal_id, call_id)
          REFERENCES proposal (id, call_id)
      )`);
    // "Who declared a conflict with this proposal" (assignment, overrides) and the proposal foreign key.
    await q.query('CREATE INDEX evaluator_conflict_proposal ON evaluator_conflict (proposal_id, call_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE evaluator_conflict');
    await q.query('DROP TABLE call_evaluator');
    await q.query('ALTER TABLE proposal DROP CONSTRAINT proposal_id_call_unique');
    await q.query('DROP TABLE evaluator_profile');
  }
}
