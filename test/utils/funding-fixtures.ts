import type { DataSource } from 'typeorm';
import type { BudgetLedgerRepository } from '@app/persistence';
import {
  createApplicantOrganisation,
  createUser,
  openCallFixture,
  openPhaseInput,
  type AgencyFixture,
} from './call-fixtures';
import { queryRows } from './reset-database';
import { eligibleProposal } from './review-fixtures';

const DAY = 86_400_000;

export interface RankedCallFixture {
  callId: string;
  pmId: string;
  agencies: AgencyFixture[];
  proposals: Array<{ id: string; acronym: string; coordinator: { organisationId: string; userId: string } }>;
  /** Starts the call workflow in its RANKED phase. */
  workflowInput: Omit<Awaited<ReturnType<typeof openPhaseInput>>, 'phase'> & { phase: 'RANKED' };
}

/**
 * A RANKED call written directly (its timeline in order: submission 20 days ago, decision in 40 days; ITH2 and AT31,
 * 1 000.00 EUR each): three proposals ranked 1–3 with a recorded consensus, each requesting 500.00 in each region,
 * so two fit and the third is a gap.
 */
export async function rankedCallFixture(
  url: string,
  acronyms: string[] = ['ONE', 'TWO', 'THREE'],
): Promise<RankedCallFixture> {
  const pmId = (await createUser(url, 'PROGRAMME_MANAGER')).id;
  const { callId, agencies } = await openCallFixture(url, {
    createdBy: pmId,
    regions: ['ITH2', 'AT31'],
    submissionDeadline: new Date(Date.now() - 20 * DAY),
  });
  await queryRows(url, "UPDATE fund_commitment SET amount = 100000, currency = 'EUR' WHERE call_id = $1", [callId]);
  await queryRows(url, "UPDATE joint_call SET state = 'RANKED' WHERE id = $1", [callId]);
  const proposals: RankedCallFixture['proposals'] = [];
  for (const acronym of acronyms) {
    const coordinator = await createApplicantOrganisation(url, 'ITH2');
    const partner = await createApplicantOrganisation(url, 'AT31', 'UNIVERSITY');
    const id = await eligibleProposal(url, callId, {
      acronym,
      topic: 'robotics',
      keywords: ['ai'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    await queryRows(url, "UPDATE proposal SET state = 'RANKED' WHERE id = $1", [id]);
    const consensus = ['Excellence', 'Impact', 'Quality and efficiency of implementation'].map((criterion) => ({
      criterion,
      score: 4,
      comment: `${criterion} is convincing.`,
    }));
    await queryRows(
      url,
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, consensus, consensus_by, consensus_at, outcome,
          weighted_total, unweighted_sum, reasons, flagged_for_discussion)
       VALUES ($1, 1, $2, $3, now(), 'ABOVE_THRESHOLD', 12, 12, '[]', false)`,
      [id, JSON.stringify(consensus), pmId],
    );
    proposals.push({ id, acronym, coordinator });
  }
  await queryRows(
    url,
    'INSERT INTO ranking_snapshot (call_id, stage_no, entries, finalised_by) VALUES ($1, 1, $2, $3)',
    [callId, JSON.stringify(proposals.map((p, i) => ({ proposalId: p.id, rank: i + 1 }))), pmId],
  );
  const input = await openPhaseInput(url, callId, agencies);
  return { callId, pmId, agencies, proposals, workflowInput: { ...input, phase: 'RANKED' } };
}

/**
 * A funded proposal's grants fail before signature, freeing their allocation for a promotion: the ledger's
 * `failGrant` under the commitments' locks, as `POST /grants/{id}/withdraw` does (its HTTP path is tested in
 * reserve-promotion.e2e), for suites without the API (time-skipping, the history recorder).
 */
export async function failGrantsOf(
  dataSource: DataSource,
  ledger: BudgetLedgerRepository,
  callId: string,
  proposalId: string,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await ledger.lockCommitments(manager, callId);
    const grants: Array<{ id: string; organisationId: string }> = await manager.query(
      'SELECT id, organisation_id AS "organisationId" FROM funding_grant ' +
        "WHERE proposal_id = $1 AND status = 'AWARDED' ORDER BY id FOR UPDATE",
      [proposalId],
    );
    for (const grant of grants) await ledger.failGrant(manager, { ...grant, proposalId }, 'declined before signature');
  });
}
