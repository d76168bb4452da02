import { Client as TemporalClient, Connection } from '@temporalio/client';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { hashPassword } from '../../../libs/common/src/auth/secrets';
import { rankedCallFixture, type RankedCallFixture } from '../../utils/funding-fixtures';
import { queryRows } from '../../utils/reset-database';
import { ApiUser } from './applicants';

const PASSWORD = 'a-fixture-password';

/** Gives a fixture user (written without a password) one, so that it signs in like anyone. */
async function withPassword(databaseURL: string, userId: string): Promise<string> {
  const [{ email }] = await queryRows<{ email: string }>(
    databaseURL,
    'UPDATE app_user SET password_hash = $2, email_verified_at = clock_timestamp() WHERE id = $1 RETURNING email',
    [userId, await hashPassword(PASSWORD)],
  );
  return email;
}

/**
 * A ranked call (written to the database: evaluation has no pages yet) whose funding decision is made
 * over HTTP as SPEC F4 wants it: its workflow started in RANKED, the programme manager proposes, every
 * agency approves. Returns the fixture and the first coordinator's credentials.
 */
export async function decidedCall(
  apiURL: string,
  acronyms: string[],
): Promise<{ fixture: RankedCallFixture; coordinator: { email: string; password: string } }> {
  const databaseURL = process.env.ACIE_DATABASE_URL ?? '';
  const fixture = await rankedCallFixture(databaseURL, acronyms);
  const connection = await Connection.connect({ address: process.env.ACIE_TEMPORAL_ADDRESS ?? '' });
  try {
    const temporal = new TemporalClient({ connection });
    await temporal.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: TaskQueues.main,
      args: [fixture.workflowInput],
    });
  } finally {
    await connection.close();
  }
  const pm = await ApiUser.login(apiURL, await withPassword(databaseURL, fixture.pmId), PASSWORD);
  await pm.call('POST', `/calls/${fixture.callId}/funding-decision`);
  for (const agency of fixture.agencies) {
    const officer = await ApiUser.login(apiURL, await withPassword(databaseURL, agency.officers[0].id), PASSWORD);
    await officer.call('POST', `/calls/${fixture.callId}/funding-decision/approve`, {});
  }
  const email = await withPassword(databaseURL, fixture.proposals[0].coordinator.userId);
  return { fixture, coordinator: { email, password: PASSWORD } };
}

export async function projectOf(proposalId: string): Promise<string | undefined> {
  const rows = await queryRows<{ id: string }>(
    process.env.ACIE_DATABASE_URL ?? '',
    'SELECT id FROM project WHERE proposal_id = $1',
    [proposalId],
  );
  return rows[0]?.id;
}
