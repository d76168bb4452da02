import { Injectable } from '@nestjs/common';
import type { AnnexRequirement } from '@app/domain';
import type { Tx } from '../unit-of-work';

/** What a region asks of its partners' annexes in a call, and when stage 1 closes (its due date's base). */
export interface AnnexTerms {
  requirement: AnnexRequirement | null;
  stageOneDeadline: Date;
  timeZone: string;
}

/** Regional annexes (SPEC S6): the fields and documents a region's programme asks of its funded partners. */
@Injectable()
export class RegionalAnnexRepository {
  /** The confirmed region's requirement and stage 1's deadline (null: no such call). */
  async termsOf(tx: Tx, callId: string, regionCode: string): Promise<AnnexTerms | null> {
    const [row]: Array<{
      requirement: AnnexRequirement | null;
      deadline: Date;
      time_zone: string;
    }> = await tx.query(
      `SELECT fc.rules->'regionalAnnex' AS requirement, s.submission_deadline AS deadline, j.time_zone
         FROM joint_call j JOIN call_stage s ON s.call_id = j.id AND s.stage_no = 1
         LEFT JOIN fund_commitment fc ON fc.call_id = j.id AND fc.region_code = $2 AND fc.status = 'CONFIRMED'
        WHERE j.id = $1`,
      [callId, regionCode],
    );
    return row ? { requirement: row.requirement, stageOneDeadline: row.deadline, timeZone: row.time_zone } : null;
  }

  async save(
    tx: Tx,
    annex: {
      proposalId: string;
      organisationId: string;
      fields: Record<string, string>;
      documents: Record<string, string>;
      submittedBy: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO regional_annex (proposal_id, organisation_id, fields, documents, submitted_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (proposal_id, organisation_id) DO UPDATE
         SET fields = EXCLUDED.fields, documents = EXCLUDED.documents, submitted_by = EXCLUDED.submitted_by,
             submitted_at = clock_timestamp()`,
      [
        annex.proposalId,
        annex.organisationId,
        JSON.stringify(annex.fields),
        JSON.stringify(annex.documents),
        annex.submittedBy,
      ],
    );
  }
}
