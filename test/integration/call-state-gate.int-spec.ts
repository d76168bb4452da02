import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { buildDataSourceOptions, CallRepository, ProposalRepository } from '@app/persistence';
import { createUser, openCallFixture } from '../utils/call-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';

/**
 * docs/call-state.md on real PostgreSQL: the table is the call's one state, and a write that is not a move
 * of SPEC §4 is refused by the repository (409 with the machine's code) and leaves the row as it was — so a
 * workflow out of step with the table fails loudly instead of writing.
 */
describe('the call’s state is written only through its machine', () => {
  let dataSource: DataSource;
  const calls = new CallRepository();
  const proposals = new ProposalRepository();
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ url: url(), poolSize: 2 })).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function refusal(work: () => Promise<unknown>): Promise<DomainError> {
    try {
      await work();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  }

  const submissionDeadline = new Date(Date.now() + 10 * 86_400_000);
  const stateOf = async (callId: string) =>
    (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state;

  it('refuses a move the chain does not allow, and writes the ones it does', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline,
    });

    const skipped = await refusal(() => dataSource.transaction((tx) => calls.transitionCall(tx, callId, 'RANKED')));
    expect([skipped.code, skipped.kind, skipped.params]).toEqual([
      'ILLEGAL_CALL_TRANSITION',
      'conflict',
      { state: 'OPEN', target: 'RANKED' },
    ]);
    expect(await stateOf(callId)).toBe('OPEN');

    await dataSource.transaction(async (tx) => {
      await calls.transitionCall(tx, callId, 'SUBMISSION_CLOSED');
      await calls.transitionCall(tx, callId, 'ELIGIBILITY_CHECK');
    });
    expect(await stateOf(callId)).toBe('ELIGIBILITY_CHECK');

    const back = await refusal(() => dataSource.transaction((tx) => calls.transitionCall(tx, callId, 'OPEN')));
    expect(back.code).toBe('ILLEGAL_CALL_TRANSITION');
    expect(await stateOf(callId)).toBe('ELIGIBILITY_CHECK');
  });

  it('refuses a commitment move the commitment machine does not allow', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline,
    });
    const declined = await refusal(() =>
      dataSource.transaction((tx) => calls.transitionCommitment(tx, callId, agencies[0].id, 'DECLINED', 'late')),
    );
    expect([declined.code, declined.params]).toEqual([
      'ILLEGAL_COMMITMENT_TRANSITION',
      { state: 'CONFIRMED', target: 'DECLINED' },
    ]);
    const [row] = await queryRows<{ status: string }>(
      url(),
      'SELECT status FROM fund_commitment WHERE call_id = $1 AND agency_id = $2',
      [callId, agencies[0].id],
    );
    expect(row.status).toBe('CONFIRMED');
  });

  it('moves a stage’s proposals in bulk only along the proposal machine', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline,
    });
    const refused = await refusal(() =>
      dataSource.transaction((tx) => proposals.transitionProposalsOfStage(tx, callId, 1, 'DRAFT', 'ELIGIBLE')),
    );
    expect([refused.code, refused.params]).toEqual([
      'ILLEGAL_PROPOSAL_TRANSITION',
      { state: 'DRAFT', target: 'ELIGIBLE' },
    ]);
  });
});
