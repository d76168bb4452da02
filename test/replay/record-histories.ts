/**
 * `npm run record:histories`: runs every replay scenario on a fresh dev server and PostgreSQL with
 * the real worker module, and writes each history (each run, for workflows that continue as new) to
 * test/replay/histories/<name>.json in the CLI's JSON format, which `historyFromJSON` reads. Legacy
 * histories (LEGACY_REPLAY_HISTORY_NAMES) were recorded by earlier code and are never re-recorded. With names as
 * arguments it writes only those.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { loadAppConfig, loadRuntimeConfig } from '@app/config';
import {
  answerAmendmentUpdate,
  answerCommitmentUpdate,
  answerFundingDecisionUpdate,
  changeProjectStateUpdate,
  closeReserveListUpdate,
  decideConsortiumAgreementUpdate,
  decideReportUpdate,
  projectChangedSignal,
  answerOfferUpdate,
  ASSIGNMENT_JOB_WORKFLOW_TYPE,
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  cancelCallUpdate,
  extendDeadlineUpdate,
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  PROPOSAL_REVIEW_WORKFLOW_TYPE,
  proposeFundingDecisionUpdate,
  startEvaluationUpdate,
  startJobSignal,
  submitReviewUpdate,
  proposalStateQuery,
  proposalChangedSignal,
  proposalWithdrawnSignal,
  putCommitmentUpdate,
  RUNTIME_PROBE_WORKFLOW_TYPE,
  versionSubmittedSignal,
  TaskQueues,
  WorkflowIds,
} from '@app/contracts';
import { withCallDefaults, type CallConfigurationInput } from '@app/domain';
import { BudgetLedgerRepository, CallRepository } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { runMigrations } from '../../migrations/run-migrations';
import { run, waitUntil } from '../../scripts/runtime/process-tools';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { startTestDatabase, startTestTemporal } from '../../scripts/runtime/runtime-services';
import { locateTemporalCli } from '../../scripts/runtime/temporal-cli';
import {
  callBody,
  createAgency,
  createApplicantOrganisation,
  createUser,
  openCallFixture,
  openPhaseInput,
  terms,
} from '../utils/call-fixtures';
import { failGrantsOf, rankedCallFixture } from '../utils/funding-fixtures';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { queryRows } from '../utils/reset-database';

const log = (line: string): void => console.log(`[record] ${line}`);

async function main(): Promise<void> {
  const runtime = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(runtime);
  const cli = await locateTemporalCli({
    cacheDir: dirs.cacheDir,
    explicitPath: runtime.TEMPORAL_CLI_PATH,
    pathVar: runtime.PATH,
    log,
  });
  if (!cli) throw new Error('recording histories needs the temporal CLI (see README, Temporal)');
  const [database, temporal] = await Promise.all([startTestDatabase(dirs, log), startTestTemporal(runtime, dirs, log)]);
  // `npm run record:histories -- <name> …` writes only those histories (the others keep the runs of older code).
  const only = process.argv.slice(2);
  const save = async (name: string, workflowId: string, runId?: string): Promise<void> => {
    if (only.length > 0 && !only.includes(name)) return;
    const args = [
      'workflow',
      'show',
      '--address',
      temporal.address,
      '--workflow-id',
      workflowId,
      '--output',
      'json',
      ...(runId ? ['--run-id', runId] : []),
    ];
    const history = JSON.parse((await run(cli.path, args)).stdout) as { events: unknown[] };
    const file = path.join(__dirname, 'histories', `${name}.json`);
    writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
    log(`${name}: ${history.events.length} events → ${path.relative(process.cwd(), file)}`);
  };
  try {
    await runMigrations(database.url);
    const config = loadAppConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'recording-secret-0123456789abcdef0123',
    });
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    try {
      // Runtime probe: immediate, and with a timer and a working activity.
      for (const [name, input] of [
        [
          'runtime-probe-immediate',
          { probeId: '00000000-0000-4000-8000-000000000001', requestedBy: 'replay recording' },
        ],
        [
          'runtime-probe-with-timer',
          {
            probeId: '00000000-0000-4000-8000-000000000002',
            requestedBy: 'replay recording',
            waitBefore: '2 seconds',
            activityWorkMs: 300,
          },
        ],
      ] as const) {
        const workflowId = `replay-${name}`;
        await (
          await client.workflow.start(RUNTIME_PROBE_WORKFLOW_TYPE, {
            workflowId,
            taskQueue: TaskQueues.main,
            args: [input],
          })
        ).result();
        await save(name, workflowId);
      }

      // Proposal lifecycle: versions signalled (one twice) and a withdrawal of a submitted proposal in an open
      // call (its timers have nothing to do), then terminated.
      const proposalPm = await createUser(database.url, 'PROGRAMME_MANAGER');
      const submittedIn = await proposalInCall(database.url, proposalPm.id, 'SUBMITTED');
      const proposalWorkflowId = WorkflowIds.proposal(submittedIn.proposalId);
      const start = {
        workflowId: proposalWorkflowId,
        taskQueue: TaskQueues.main,
        args: [{ proposalId: submittedIn.proposalId, callId: submittedIn.callId }],
      };
      for (const signalArgs of [
        [{ version: 1, sha256: 'a'.repeat(64), submittedAt: '2027-01-10T10:00:00.000+01:00' }],
        [{ version: 2, sha256: 'b'.repeat(64), submittedAt: '2027-01-11T10:00:00.000+01:00' }],
        [{ version: 2, sha256: 'b'.repeat(64), submittedAt: '2027-01-11T10:00:00.000+01:00' }],
      ]) {
        await client.workflow.signalWithStart(PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, {
          ...start,
          signal: versionSubmittedSignal,
          signalArgs: signalArgs as [never],
        });
      }
      await client.workflow.signalWithStart(PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, {
        ...start,
        signal: proposalWithdrawnSignal,
        signalArgs: [{ at: '2027-01-12T10:00:00.000+01:00', reason: 'replay' }],
      });
      const proposalHandle = client.workflow.getHandle(proposalWorkflowId);
      await waitUntil(async () => (await proposalHandle.query(proposalStateQuery)).withdrawn, {
        timeoutMs: 30_000,
        describe: 'proposal workflow caught up',
      });
      await proposalHandle.terminate('replay recording');
      await save('proposal-lifecycle-signals', proposalWorkflowId);

      // Proposal timers: a regional decision due in 2 s is escalated; the proposal found ineligible with its result
      // issued 30 days and 1 hour less 3 s ago — the redress window's end (with its grace) — completes 3 s later.
      const checked = await proposalInCall(database.url, proposalPm.id, 'ELIGIBILITY_CHECK');
      await queryRows(
        database.url,
        `INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at)
         VALUES ($1, $2, $3, 'AT31', now() + interval '2 seconds')`,
        [checked.proposalId, checked.partnerOrganisationId, checked.agencyIds[1]],
      );
      const timersWorkflowId = WorkflowIds.proposal(checked.proposalId);
      const timers = await client.workflow.signalWithStart(PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: timersWorkflowId,
        taskQueue: TaskQueues.main,
        args: [{ proposalId: checked.proposalId, callId: checked.callId }],
        signal: proposalChangedSignal,
        signalArgs: [{ cause: 'submission-closed' }],
      });
      await waitUntil(
        async () =>
          (
            await queryRows(
              database.url,
              'SELECT 1 FROM eligibility_decision WHERE proposal_id = $1 AND escalated_at IS NOT NULL',
              [checked.proposalId],
            )
          ).length > 0,
        { timeoutMs: 30_000, describe: 'the missing decision escalated' },
      );
      await queryRows(database.url, "UPDATE proposal SET state = 'INELIGIBLE' WHERE id = $1", [checked.proposalId]);
      await queryRows(
        database.url,
        `INSERT INTO audit_event (action, entity_type, entity_id, after, occurred_at)
         VALUES ('proposal.ineligible', 'proposal', $1, '{"state":"INELIGIBLE"}',
                 now() - interval '30 days' - interval '1 hour' + interval '3 seconds')`,
        [checked.proposalId],
      );
      await timers.signal(proposalChangedSignal, { cause: 'eligibility-outcome' });
      await timers.result();
      await save('proposal-lifecycle-timers', timersWorkflowId);

      // Call lifecycle: alignment with proposals, confirmations and an extension → awaiting opening → open →
      // cancelled.
      const pm = await createUser(database.url, 'PROGRAMME_MANAGER');
      const a = await createAgency(database.url, 'ITC1');
      const b = await createAgency(database.url, 'ITC4');
      const now = Date.now();
      const dataSource = worker.get(DataSource);
      const call = await worker
        .get(CallRepository)
        .create(
          dataSource.manager,
          withCallDefaults(callBody(now, { alignment: 20 / 86_400, opens: 26 / 86_400 }) as CallConfigurationInput),
          pm.id,
        );
      const workflowId = `replay-call-lifecycle-${randomUUID().slice(0, 8)}`;
      const handle = await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: TaskQueues.main,
        args: [
          { callId: call.id, invitedAgencyIds: [a.id, b.id], startedBy: { userId: pm.id, role: 'PROGRAMME_MANAGER' } },
        ],
      });
      const officer = (agency: typeof a) => ({ userId: agency.officers[0].id, role: 'AGENCY_OFFICER' });
      await handle.executeUpdate(putCommitmentUpdate, {
        args: [{ agencyId: a.id, terms: terms(50_000_000), actor: officer(a) }],
      });
      await handle.executeUpdate(answerCommitmentUpdate, {
        args: [{ agencyId: a.id, answer: 'CONFIRM', actor: officer(a) }],
      });
      await handle.executeUpdate(extendDeadlineUpdate, {
        args: [
          {
            field: 'opensAt',
            newDeadline: new Date(now + 28_000).toISOString(),
            reason: 'replay recording',
            actor: { userId: pm.id, role: 'PROGRAMME_MANAGER' },
          },
        ],
      });
      await handle.executeUpdate(putCommitmentUpdate, {
        args: [{ agencyId: b.id, terms: terms(40_000_000), actor: officer(b) }],
      });
      await handle.executeUpdate(answerCommitmentUpdate, {
        args: [{ agencyId: b.id, answer: 'CONFIRM', actor: officer(b) }],
      });
      const state = async () =>
        (await queryRows<{ state: string }>(database.url, 'SELECT state FROM joint_call WHERE id = $1', [call.id]))[0]
          .state;
      await waitUntil(async () => (await state()) === 'OPEN', { timeoutMs: 60_000, describe: 'call OPEN' });
      await handle.executeUpdate(putCommitmentUpdate, {
        args: [{ agencyId: a.id, terms: terms(55_000_000), actor: officer(a) }],
      });
      await handle.executeUpdate(cancelCallUpdate, {
        args: [{ reason: 'replay recording', actor: { userId: pm.id, role: 'PROGRAMME_MANAGER' } }],
      });
      await client.workflow.getHandle(workflowId).result();
      const runs: Array<{ execution: { runId: string }; startTime: string }> = JSON.parse(
        (
          await run(cli.path, [
            'workflow',
            'list',
            '--address',
            temporal.address,
            '--query',
            `WorkflowId='${workflowId}'`,
            '--output',
            'json',
          ])
        ).stdout,
      );
      const ordered = runs.sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
      const names = [
        'call-lifecycle-1-alignment',
        'call-lifecycle-2-awaiting-opening',
        'call-lifecycle-3-open-cancelled',
      ];
      if (ordered.length !== names.length) throw new Error(`expected ${names.length} runs, found ${ordered.length}`);
      for (const [index, entry] of ordered.entries()) await save(names[index], workflowId, entry.execution.runId);

      // Review: the auto-assignment job offers the proposal; the first evaluator declines, the next best accepts and
      // submits.
      const reviewPm = await createUser(database.url, 'PROGRAMME_MANAGER');
      const fixture = await openCallFixture(database.url, {
        createdBy: reviewPm.id,
        regions: ['ITH2', 'AT31'],
        submissionDeadline: new Date(Date.now() - 86_400_000),
        overrides: { reviewersPerProposal: 1 },
      });
      await queryRows(database.url, "UPDATE joint_call SET state = 'ELIGIBILITY_CHECK' WHERE id = $1", [
        fixture.callId,
      ]);
      const callInput = await openPhaseInput(database.url, fixture.callId, fixture.agencies);
      const evaluationWorkflowId = `replay-call-evaluation-${randomUUID().slice(0, 8)}`;
      const callHandle = await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: evaluationWorkflowId,
        taskQueue: TaskQueues.main,
        args: [{ ...callInput, phase: 'ELIGIBILITY' }],
      });
      await callHandle.executeUpdate(startEvaluationUpdate, {
        args: [{ actor: { userId: reviewPm.id, role: 'PROGRAMME_MANAGER' } }],
      });
      const coordinator = await createApplicantOrganisation(database.url, 'ITH2');
      const partner = await createApplicantOrganisation(database.url, 'AT31');
      const proposalId = await eligibleProposal(database.url, fixture.callId, {
        acronym: 'REPLAY',
        topic: 'robotics',
        keywords: ['ai'],
        partners: [
          { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
          { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
        ],
      });
      const first = await createPoolEvaluator(database.url, fixture.callId, reviewPm.id, {
        expertise: ['robotics', 'ai'],
        country: 'FR',
      });
      const second = await createPoolEvaluator(database.url, fixture.callId, reviewPm.id, {
        expertise: ['robotics'],
        country: 'DE',
      });
      const jobId = randomUUID();
      await queryRows(
        database.url,
        'INSERT INTO job (id, kind, call_id, parameters, started_by) ' +
          "VALUES ($1, 'AUTO_ASSIGNMENT', $2, '{\"stageNo\":1}', $3)",
        [jobId, fixture.callId, reviewPm.id],
      );
      const jobWorkflowId = `replay-assignment-job-${randomUUID().slice(0, 8)}`;
      await client.workflow.signalWithStart(ASSIGNMENT_JOB_WORKFLOW_TYPE, {
        workflowId: jobWorkflowId,
        taskQueue: TaskQueues.main,
        args: [{ jobId }],
        signal: startJobSignal,
        signalArgs: [],
      });
      await client.workflow.getHandle(jobWorkflowId).result();
      await save('assignment-job', jobWorkflowId);
      const reviewWorkflowId = `replay-review-${randomUUID().slice(0, 8)}`;
      const review = await client.workflow.start(PROPOSAL_REVIEW_WORKFLOW_TYPE, {
        workflowId: reviewWorkflowId,
        taskQueue: TaskQueues.main,
        args: [{ callId: fixture.callId, proposalId, stageNo: 1 }],
      });
      const offerOf = async (evaluatorId: string) => {
        await waitUntil(
          async () =>
            (await queryRows(database.url, 'SELECT 1 FROM review_assignment WHERE evaluator_id = $1', [evaluatorId]))
              .length > 0,
          { timeoutMs: 30_000, describe: 'offer stored' },
        );
        return (
          await queryRows<{ id: string }>(database.url, 'SELECT id FROM review_assignment WHERE evaluator_id = $1', [
            evaluatorId,
          ])
        )[0].id;
      };
      await waitUntil(async () => (await review.query('reviewSchedule')) !== null, {
        timeoutMs: 30_000,
        describe: 'review schedule loaded',
      });
      await review.executeUpdate(answerOfferUpdate, {
        args: [
          {
            assignmentId: await offerOf(first.id),
            answer: 'DECLINE',
            reason: 'replay recording',
            actor: { userId: first.id, role: 'EVALUATOR' },
          },
        ],
      });
      const secondOffer = await offerOf(second.id);
      // The workflow knows the new offer once it has reloaded its schedule.
      await waitUntil(async () => JSON.stringify(await review.query('reviewSchedule')).includes(secondOffer), {
        timeoutMs: 30_000,
        describe: 'the second offer in the review schedule',
      });
      await review.executeUpdate(answerOfferUpdate, {
        args: [{ assignmentId: secondOffer, answer: 'ACCEPT', actor: { userId: second.id, role: 'EVALUATOR' } }],
      });
      const scores = ['Excellence', 'Impact', 'Quality and efficiency of implementation'].map((criterion) => ({
        criterion,
        score: 4,
        comment: 'replay',
      }));
      await queryRows(database.url, 'INSERT INTO review (assignment_id, scores) VALUES ($1, $2)', [
        secondOffer,
        JSON.stringify(scores),
      ]);
      await review.executeUpdate(submitReviewUpdate, {
        args: [{ assignmentId: secondOffer, actor: { userId: second.id, role: 'EVALUATOR' } }],
      });
      await review.result();
      await save('proposal-review-decline-accept-submit', reviewWorkflowId);
      await callHandle.executeUpdate(cancelCallUpdate, {
        args: [{ reason: 'replay recording', actor: { userId: reviewPm.id, role: 'PROGRAMME_MANAGER' } }],
      });
      await callHandle.result();
      const evaluationRuns: Array<{ execution: { runId: string }; startTime: string }> = JSON.parse(
        (
          await run(cli.path, [
            'workflow',
            'list',
            '--address',
            temporal.address,
            '--query',
            `WorkflowId='${evaluationWorkflowId}'`,
            '--output',
            'json',
          ])
        ).stdout,
      );
      const evaluationNames = ['call-lifecycle-4-eligibility-to-evaluation', 'call-lifecycle-5-evaluation-cancelled'];
      const orderedEvaluation = evaluationRuns.sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
      if (orderedEvaluation.length !== evaluationNames.length)
        throw new Error(`expected ${evaluationNames.length} runs, found ${orderedEvaluation.length}`);
      for (const [index, entry] of orderedEvaluation.entries())
        await save(evaluationNames[index], evaluationWorkflowId, entry.execution.runId);

      // Funding decision: proposed from RANKED, an objection, the revision, every region approves → DECIDED.
      const ranked = await rankedCallFixture(database.url);
      const fundingWorkflowId = `replay-call-funding-${randomUUID().slice(0, 8)}`;
      const funding = await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: fundingWorkflowId,
        taskQueue: TaskQueues.main,
        args: [ranked.workflowInput],
      });
      const pmActor = { userId: ranked.pmId, role: 'PROGRAMME_MANAGER' };
      const officerOf = (i: number) => ({ userId: ranked.agencies[i].officers[0].id, role: 'AGENCY_OFFICER' });
      await funding.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pmActor }] });
      await funding.executeUpdate(answerFundingDecisionUpdate, {
        args: [{ agencyId: ranked.agencies[1].id, answer: 'OBJECT', reason: 'replay recording', actor: officerOf(1) }],
      });
      await funding.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pmActor }] });
      await funding.executeUpdate(answerFundingDecisionUpdate, {
        args: [{ agencyId: ranked.agencies[0].id, answer: 'APPROVE', conditions: 'replay', actor: officerOf(0) }],
      });
      await funding.executeUpdate(answerFundingDecisionUpdate, {
        args: [{ agencyId: ranked.agencies[1].id, answer: 'APPROVE', actor: officerOf(1) }],
      });
      const callState = async () =>
        (
          await queryRows<{ state: string }>(database.url, 'SELECT state FROM joint_call WHERE id = $1', [
            ranked.callId,
          ])
        )[0].state;
      await waitUntil(async () => (await callState()) === 'DECIDED', { timeoutMs: 30_000, describe: 'call DECIDED' });
      const fundingRuns = async (): Promise<Array<{ execution: { runId: string }; startTime: string }>> =>
        JSON.parse(
          (
            await run(cli.path, [
              'workflow',
              'list',
              '--address',
              temporal.address,
              '--query',
              `WorkflowId='${fundingWorkflowId}'`,
              '--output',
              'json',
            ])
          ).stdout,
        );
      await waitUntil(async () => (await fundingRuns()).length === 3, {
        timeoutMs: 30_000,
        describe: 'the DECIDED run started',
      });
      await client.workflow.getHandle(fundingWorkflowId).terminate('replay recording');
      // A funded project's workflow (started by the relay from the decision's outbox), waiting for its first reminder.
      const [project] = await queryRows<{ id: string }>(
        database.url,
        'SELECT id FROM project WHERE call_id = $1 ORDER BY acronym LIMIT 1',
        [ranked.callId],
      );
      const projectHandle = client.workflow.getHandle(WorkflowIds.project(project.id));
      await waitUntil(
        async () => {
          try {
            const history = await projectHandle.fetchHistory();
            return (history.events ?? []).some((e) => e.timerStartedEventAttributes);
          } catch {
            return false;
          }
        },
        { timeoutMs: 30_000, describe: 'the project workflow waiting on its first timer' },
      );
      await projectHandle.terminate('replay recording');
      await save('project-lifecycle-scheduled', WorkflowIds.project(project.id));
      await recordProjectDecisions(client, database.url, ranked, save);
      // 'call-lifecycle-8-decided' is a legacy history (see replay-scenarios.ts): only runs 6 and 7 are re-recorded
      // here.
      const fundingNames = ['call-lifecycle-6-ranked-to-funding', 'call-lifecycle-7-funding-decision'];
      const orderedFunding = (await fundingRuns()).sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
      for (const [index, name] of fundingNames.entries())
        await save(name, fundingWorkflowId, orderedFunding[index].execution.runId);
      const runsOf = async (workflowId: string): Promise<Array<{ execution: { runId: string }; startTime: string }>> =>
        JSON.parse(
          (
            await run(cli.path, [
              'workflow',
              'list',
              '--address',
              temporal.address,
              '--query',
              `WorkflowId='${workflowId}'`,
              '--output',
              'json',
            ])
          ).stdout,
        );
      await recordPromotion(
        client,
        database.url,
        worker.get(DataSource),
        worker.get(BudgetLedgerRepository),
        runsOf,
        save,
      );
      await recordCallEnd(client, database.url, runsOf, save);
    } finally {
      await worker.close();
      await connection.close();
    }
  } finally {
    await temporal.stop();
    await database.stop();
  }
}

/**
 * A reserve promotion in the DECIDED run (F5, the promotion-approval patch): a decided call whose second
 * proposal's grants fail before signature, a promotion proposed (its approval timer started) and approved
 * by both agencies (the timer cancelled), recorded as the DECIDED run's history.
 */
async function recordPromotion(
  client: Client,
  url: string,
  dataSource: DataSource,
  ledger: BudgetLedgerRepository,
  runsOf: (workflowId: string) => Promise<Array<{ execution: { runId: string }; startTime: string }>>,
  save: (name: string, workflowId: string, runId?: string) => Promise<void>,
): Promise<void> {
  const ranked = await rankedCallFixture(url, ['PROMO-ONE', 'PROMO-TWO', 'PROMO-THREE']);
  const workflowId = `replay-call-promotion-${randomUUID().slice(0, 8)}`;
  const handle = await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: TaskQueues.main,
    args: [ranked.workflowInput],
  });
  const pm = { userId: ranked.pmId, role: 'PROGRAMME_MANAGER' };
  const approveAll = async (): Promise<void> => {
    for (const agency of ranked.agencies)
      await handle.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
  };
  await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
  await approveAll();
  await waitUntil(async () => (await runsOf(workflowId)).length === 3, {
    timeoutMs: 30_000,
    describe: 'the DECIDED run of the promotion call started',
  });
  await failGrantsOf(dataSource, ledger, ranked.callId, ranked.proposals[1].id);
  await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
  await waitUntil(async () => ((await handle.fetchHistory()).events ?? []).some((e) => e.timerStartedEventAttributes), {
    timeoutMs: 30_000,
    describe: 'the promotion’s approval timer',
  });
  await approveAll();
  await waitUntil(
    async () => ((await handle.fetchHistory()).events ?? []).some((e) => e.timerCanceledEventAttributes),
    { timeoutMs: 30_000, describe: 'the promotion’s approval timer cancelled' },
  );
  await handle.terminate('replay recording');
  const runs = (await runsOf(workflowId)).sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
  await save('call-lifecycle-9-decided-promotion', workflowId, runs[2].execution.runId);
}

/**
 * The call's end (the call-end and redress-window patches): a decided call with one project, its reserve list closed
 * (the DECIDED run looks and waits), the project's agreement accepted (the relay's signal makes it look again; it
 * moves to MONITORING once the last redress window has closed, woken by its timer if it is still open), the project
 * terminated (CLOSED, the workflow completes). The DECIDED and the MONITORING runs are recorded. The workflow's id is
 * the call's own, as the outbox's signals address it.
 */
async function recordCallEnd(
  client: Client,
  url: string,
  runsOf: (workflowId: string) => Promise<Array<{ execution: { runId: string }; startTime: string }>>,
  save: (name: string, workflowId: string, runId?: string) => Promise<void>,
): Promise<void> {
  const ranked = await rankedCallFixture(url, ['END-ONE']);
  const workflowId = WorkflowIds.call(ranked.callId);
  const handle = await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: TaskQueues.main,
    args: [ranked.workflowInput],
  });
  const pm = { userId: ranked.pmId, role: 'PROGRAMME_MANAGER' };
  await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
  for (const agency of ranked.agencies)
    await handle.executeUpdate(answerFundingDecisionUpdate, {
      args: [
        { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
      ],
    });
  await waitUntil(async () => (await runsOf(workflowId)).length === 3, {
    timeoutMs: 30_000,
    describe: 'the DECIDED run of the call-end call started',
  });
  // The results went out 30 days and an hour ago, less 20 seconds: the last redress window closes during the
  // recording, and the DECIDED run wakes for it (the redress-window patch).
  const sentAt = "now() - interval '30 days 1 hour' + interval '20 seconds'";
  await queryRows(
    url,
    `UPDATE funding_decision SET decided_at = ${sentAt} WHERE call_id = $1 AND decided_at IS NOT NULL`,
    [ranked.callId],
  );
  await queryRows(
    url,
    `UPDATE proposal_evaluation SET consensus_at = ${sentAt}
      WHERE proposal_id IN (SELECT id FROM proposal WHERE call_id = $1)`,
    [ranked.callId],
  );
  await handle.executeUpdate(closeReserveListUpdate, { args: [{ actor: pm }] });
  const [project] = await queryRows<{ id: string }>(url, 'SELECT id FROM project WHERE call_id = $1', [ranked.callId]);
  const projectHandle = client.workflow.getHandle(WorkflowIds.project(project.id));
  await waitUntil(
    async () => {
      try {
        return ((await projectHandle.fetchHistory()).events ?? []).some((e) => e.timerStartedEventAttributes);
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, describe: 'the call-end project workflow waiting on its first timer' },
  );
  const sha = 'c'.repeat(64);
  await queryRows(
    url,
    "INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, 'application/pdf', 3, 'PDF') " +
      'ON CONFLICT DO NOTHING',
    [sha],
  );
  await queryRows(
    url,
    "UPDATE project SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, " +
      "consortium_agreement_file_name = 'ca.pdf' WHERE id = $1",
    [project.id, sha],
  );
  await projectHandle.executeUpdate(decideConsortiumAgreementUpdate, { args: [{ accept: true, actor: pm }] });
  await waitUntil(async () => (await runsOf(workflowId)).length === 4, {
    timeoutMs: 60_000,
    describe: 'the MONITORING run of the call-end call started',
  });
  await projectHandle.executeUpdate(changeProjectStateUpdate, {
    args: [{ event: 'TERMINATE', reason: 'replay', actor: pm }],
  });
  await handle.result();
  const runs = (await runsOf(workflowId)).sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
  await save('call-lifecycle-10-decided-to-monitoring', workflowId, runs[2].execution.runId);
  await save('call-lifecycle-11-monitoring-closed', workflowId, runs[3].execution.runId);
}

/**
 * The second funded project through the programme manager's and the agencies' decisions: the consortium
 * agreement accepted, a milestone report sent back then accepted, an amendment approved by both agencies,
 * a suspension and resumption, and the termination that ends the workflow.
 */
async function recordProjectDecisions(
  client: Client,
  url: string,
  ranked: Awaited<ReturnType<typeof rankedCallFixture>>,
  save: (name: string, workflowId: string) => Promise<void>,
): Promise<void> {
  const [project] = await queryRows<{ id: string }>(url, 'SELECT id FROM project WHERE proposal_id = $1', [
    ranked.proposals[1].id,
  ]);
  const handle = client.workflow.getHandle(WorkflowIds.project(project.id));
  await waitUntil(
    async () => {
      try {
        return ((await handle.fetchHistory()).events ?? []).some((e) => e.timerStartedEventAttributes);
      } catch {
        return false;
      }
    },
    { timeoutMs: 30_000, describe: 'the second project workflow waiting on its first timer' },
  );
  const pm = { userId: ranked.pmId, role: 'PROGRAMME_MANAGER' };
  const sha = 'b'.repeat(64);
  await queryRows(
    url,
    "INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, 'application/pdf', 3, 'PDF') " +
      'ON CONFLICT DO NOTHING',
    [sha],
  );
  await queryRows(
    url,
    "UPDATE project SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, " +
      "consortium_agreement_file_name = 'ca.pdf' WHERE id = $1",
    [project.id, sha],
  );
  await handle.executeUpdate(decideConsortiumAgreementUpdate, { args: [{ accept: true, actor: pm }] });
  const submit = async (revision: number): Promise<string> => {
    const id = randomUUID();
    await queryRows(
      url,
      `INSERT INTO project_report (id, project_id, kind, subject, milestone_idx, from_month, to_month, revision,
          summary, submitted_by, submitted_at)
       VALUES ($1, $2, 'MILESTONE', 'M0', 0, 12, 12, $3, 'progress', $4, now())`,
      [id, project.id, revision, ranked.proposals[1].coordinator.userId],
    );
    await queryRows(url, "UPDATE project_milestone SET state = 'REPORTED' WHERE project_id = $1 AND idx = 0", [
      project.id,
    ]);
    await handle.signal(projectChangedSignal, { reason: 'report-submitted' });
    return id;
  };
  await handle.executeUpdate(decideReportUpdate, {
    args: [{ reportId: await submit(1), accept: false, comment: 'replay', actor: pm }],
  });
  await handle.executeUpdate(decideReportUpdate, { args: [{ reportId: await submit(2), accept: true, actor: pm }] });
  const amendmentId = randomUUID();
  const agencies = ranked.agencies.map((a) => a.id).sort();
  await queryRows(
    url,
    'INSERT INTO project_amendment (id, project_id, request, justification, required_agencies, requested_by) ' +
      'VALUES ($1, $2, $3, $4, $5, $6)',
    [
      amendmentId,
      project.id,
      JSON.stringify({ milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 20 }] }),
      'replay recording',
      agencies,
      ranked.proposals[1].coordinator.userId,
    ],
  );
  for (const agency of ranked.agencies) {
    await handle.executeUpdate(answerAmendmentUpdate, {
      args: [
        {
          amendmentId,
          agencyId: agency.id,
          approve: true,
          actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' },
        },
      ],
    });
  }
  await handle.executeUpdate(changeProjectStateUpdate, { args: [{ event: 'SUSPEND', reason: 'replay', actor: pm }] });
  await handle.executeUpdate(changeProjectStateUpdate, { args: [{ event: 'RESUME', actor: pm }] });
  await handle.executeUpdate(changeProjectStateUpdate, { args: [{ event: 'TERMINATE', reason: 'replay', actor: pm }] });
  await handle.result();
  await save('project-lifecycle-decisions', WorkflowIds.project(project.id));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * A proposal of coordinator (ITH2) and partner (AT31) in a fresh open call, in `state` — written directly, as
 * the scenarios of the proposal's own workflow need only its row.
 */
async function proposalInCall(
  url: string,
  pmId: string,
  state: 'SUBMITTED' | 'ELIGIBILITY_CHECK',
): Promise<{ proposalId: string; callId: string; partnerOrganisationId: string; agencyIds: string[] }> {
  const { callId, agencies } = await openCallFixture(url, {
    createdBy: pmId,
    regions: ['ITH2', 'AT31'],
    submissionDeadline: new Date(Date.now() + 86_400_000),
  });
  const coordinator = await createApplicantOrganisation(url, 'ITH2');
  const partner = await createApplicantOrganisation(url, 'AT31', 'UNIVERSITY');
  const proposalId = randomUUID();
  await queryRows(
    url,
    'INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, created_by, ' +
      "last_version) VALUES ($1, $2, $3, $4, 'REPLAY', 'Replay', '{}', $5, 1)",
    [proposalId, callId, coordinator.organisationId, state, coordinator.userId],
  );
  return { proposalId, callId, partnerOrganisationId: partner.organisationId, agencyIds: agencies.map((a) => a.id) };
}
