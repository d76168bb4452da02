import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, proposalChangedSignal, WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

/**
 * The proposal's own workflow keeps its redress window (SPEC V9) and completes once the proposal is final and
 * no request can come any more — on the time-skipping server, with the worker's real activities.
 */
describe('the proposal workflow’s redress window on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('proposal-timers');
    env = harness.env;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  /** An INELIGIBLE proposal whose result was issued now (its `proposal.ineligible` audit event). */
  async function ineligibleProposal(): Promise<{ proposalId: string; callId: string; coordinatorUserId: string }> {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date((await env.currentTimeMs()) + DAY),
    });
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const proposalId = randomUUID();
    await queryRows(
      url(),
      'INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, created_by, ' +
        "last_version) VALUES ($1, $2, $3, 'INELIGIBLE', 'RDR', 'Redress', '{}', $4, 1)",
      [proposalId, callId, coordinator.organisationId, coordinator.userId],
    );
    await queryRows(
      url(),
      "INSERT INTO audit_event (action, entity_type, entity_id, after) VALUES ('proposal.ineligible', 'proposal', " +
        '$1, \'{"state":"INELIGIBLE"}\')',
      [proposalId],
    );
    return { proposalId, callId, coordinatorUserId: coordinator.userId };
  }

  /** As the relay delivers the outbox's `proposalChanged` (signal-with-start), on the harness's task queue. */
  async function signalChanged(proposalId: string, callId: string, cause: string) {
    return env.client.workflow.signalWithStart(PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.proposal(proposalId),
      taskQueue: harness.taskQueue,
      args: [{ proposalId, callId }],
      signal: proposalChangedSignal,
      signalArgs: [{ cause }],
    });
  }

  it('completes 30 days after the result when no redress request was filed', async () => {
    const { proposalId, callId } = await ineligibleProposal();
    const handle = await signalChanged(proposalId, callId, 'eligibility-outcome');
    await env.sleep('29 days');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await env.sleep('2 days');
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  }, 120_000);

  it('waits past the window for a filed request’s outcome, then completes', async () => {
    const { proposalId, callId, coordinatorUserId } = await ineligibleProposal();
    const handle = await signalChanged(proposalId, callId, 'eligibility-outcome');
    const redressId = randomUUID();
    await queryRows(
      url(),
      `INSERT INTO redress_request (id, proposal_id, call_id, stage_no, filed_by, grounds, result_at, filed_at)
       VALUES ($1, $2, $3, 1, $4, 'The annex was not read', now(), now())`,
      [redressId, proposalId, callId, coordinatorUserId],
    );
    await env.sleep('40 days');
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // Rejected (one request per stage): nothing more can come.
    await queryRows(
      url(),
      `UPDATE redress_request SET status = 'REJECTED', outcome = 'REJECTED', outcome_reason = 'Procedure followed',
              decided_by = $2, decided_at = now() WHERE id = $1`,
      [redressId, coordinatorUserId],
    );
    await signalChanged(proposalId, callId, 'redress-decided');
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  }, 120_000);
});
