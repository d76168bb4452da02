import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  webLinks,
  PROPOSAL_REVIEW_WORKFLOW_TYPE,
  TaskQueues,
  WorkflowIds,
  type AssignmentJobActivities,
} from '@app/contracts';
import { offerExpiry, toZonedIso, type AssignmentEvaluator, type AssignmentProgress } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  JobRepository,
  OutboxWriter,
  recipientOf,
  ReviewAssignmentRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { runAssignmentSolver } from '../assignment-solver/assignment-solver.runner';
import { refusal } from './activity-failure';
import { ReviewAssignmentActivities } from './review-assignment.activities';

const PROGRESS_SAVE_MS = 1000;

/**
 * The auto-assignment job (SPEC V1–V4, `POST /calls/{id}/assignments/auto`): the stage's ELIGIBLE
 * proposals that have no evaluators yet, over the call's signed pool with each evaluator's spare load and
 * without pairs offered before, solved exactly in a worker thread. The pairs are written in one
 * transaction under the call's assignment lock (re-checking loads, since top-ups may have run during the
 * solve), each proposal's review workflow is started through the workflow outbox, and each evaluator gets
 * one message for all its new offers. A retry after success returns the stored result.
 */
@Injectable()
export class AutoAssignmentActivities implements AssignmentJobActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobRepository,
    private readonly calls: CallRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly reviews: ReviewAssignmentActivities,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async runAutoAssignment(input: { jobId: string; at: string }): Promise<{ offered: number; uncovered: number }> {
    const manager = this.dataSource.manager;
    const job = await this.jobs.find(manager, input.jobId);
    if (!job || job.callId === null)
      throw refusal('not-found', 'JOB_NOT_FOUND', `Job ${input.jobId} not found.`, [], { jobId: input.jobId });
    if (job.status === 'SUCCEEDED')
      return { offered: Number(job.result?.assigned ?? 0), uncovered: Number(job.result?.uncoveredCount ?? 0) };
    if (job.status === 'FAILED') throw refusal('conflict', 'JOB_FAILED', job.error?.message ?? 'The job failed.');
    const callId = job.callId;
    const stageNo = Number(job.parameters.stageNo ?? 1);
    await this.jobs.markRunning(manager, job.id);
    const call = await this.calls.find(manager, callId);
    if (!call || call.state !== 'IN_EVALUATION')
      throw refusal(
        'conflict',
        'CALL_STATE_CONFLICT',
        `The call is ${call?.state ?? 'missing'}; assignment needs IN_EVALUATION.`,
        [],
        { state: call?.state ?? 'missing', allowed: ['IN_EVALUATION'] },
      );
    const config = call.configuration;

    const proposals = (await this.assignments.assignmentProposals(manager, callId, stageNo)).filter(
      (p) => p.state === 'ELIGIBLE',
    );
    const loads = await this.assignments.liveLoads(manager, callId);
    const offeredBefore = new Map<string, string[]>();
    for (const pair of await this.assignments.offeredPairs(manager, callId, stageNo)) {
      offeredBefore.set(pair.evaluatorId, [...(offeredBefore.get(pair.evaluatorId) ?? []), pair.proposalId]);
    }
    const evaluators: AssignmentEvaluator[] = (await this.pool.loadAssignmentPool(callId, manager)).map((e) => ({
      ...e,
      maxLoad: Math.max(0, e.maxLoad - (loads[e.id] ?? 0)),
      // A pair offered before (declined, expired) is never offered again (V4): to the solver it is a conflict.
      declaredConflicts: [...e.declaredConflicts, ...(offeredBefore.get(e.id) ?? [])],
    }));
    const options = {
      reviewersPerProposal: config.reviewersPerProposal,
      excludePartnerRegions: config.excludePartnerRegionEvaluators ?? false,
    };

    const started = Date.now();
    let lastSave = 0;
    const context = Context.current();
    const onProgress = (progress: AssignmentProgress): void => {
      context.heartbeat(progress);
      if (Date.now() - lastSave < PROGRESS_SAVE_MS && progress.phase !== 'done') return;
      lastSave = Date.now();
      void this.jobs.saveProgress(manager, job.id, { ...progress }).catch(() => undefined);
    };
    const result = await runAssignmentSolver(
      { proposals, evaluators, options },
      { onProgress, signal: context.cancellationSignal },
    );
    const solveMs = Date.now() - started;

    const acronyms = new Map(proposals.map((p) => [p.id, p.acronym]));
    return this.dataSource.transaction(async (tx) => {
      const locked = await this.jobs.find(tx, job.id, true);
      if (locked?.status === 'SUCCEEDED')
        return { offered: Number(locked.result?.assigned ?? 0), uncovered: Number(locked.result?.uncoveredCount ?? 0) };
      await this.assignments.lockCallAssignments(tx, callId);
      const current = await this.calls.find(tx, callId);
      if (!current || current.state !== 'IN_EVALUATION')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${current?.state ?? 'missing'}; assignment needs IN_EVALUATION.`,
          [],
          { state: current?.state ?? 'missing', allowed: ['IN_EVALUATION'] },
        );
      // Top-ups may have run while the solver did: keep every load within its limit, never exceed it.
      const liveNow = await this.assignments.liveLoads(tx, callId);
      const limit = new Map((await this.pool.loadAssignmentPool(callId, tx)).map((e) => [e.id, e.maxLoad]));
      const stillEligible = new Set(
        (
          await this.assignments.assignmentProposals(
            tx,
            callId,
            stageNo,
            proposals.map((p) => p.id),
          )
        )
          .filter((p) => p.state === 'ELIGIBLE')
          .map((p) => p.id),
      );
      const offersPerEvaluator = new Map<string, number>();
      let assigned = 0;
      let skipped = 0;
      for (const pair of result.pairs) {
        const used = liveNow[pair.evaluatorId] ?? 0;
        if (!stillEligible.has(pair.proposalId) || used >= (limit.get(pair.evaluatorId) ?? 0)) {
          skipped += 1;
          continue;
        }
        const id = await this.reviews.offer(
          tx,
          callId,
          config,
          stageNo,
          { id: pair.proposalId, acronym: acronyms.get(pair.proposalId) ?? '' },
          pair,
          'AUTO',
          job.id,
          new Date(input.at),
        );
        if (id === null) {
          skipped += 1;
          continue;
        }
        liveNow[pair.evaluatorId] = used + 1;
        offersPerEvaluator.set(pair.evaluatorId, (offersPerEvaluator.get(pair.evaluatorId) ?? 0) + 1);
        assigned += 1;
      }
      await tx.query(
        "UPDATE proposal SET state = 'IN_REVIEW', updated_at = clock_timestamp() WHERE id = ANY($1) AND state = 'ELIGIBLE' AND EXISTS (SELECT 1 FROM review_assignment a WHERE a.proposal_id = proposal.id)",
        [[...stillEligible]],
      );
      // Every proposal of the run gets its review workflow: it owns the offers' timers and tops up what is missing.
      for (const proposalId of stillEligible) {
        await this.signals.enqueue(tx, {
          dedupeKey: `review-offers:${job.id}:${proposalId}`,
          workflowId: WorkflowIds.proposalReview(proposalId, stageNo),
          workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
          taskQueue: TaskQueues.main,
          startArgs: [{ callId, proposalId, stageNo }],
          signalName: 'offersChanged',
          signalArgs: [{ reason: `job:${job.id}` }],
        });
      }
      const expiresAt = toZonedIso(offerExpiry(new Date(input.at)).toISOString(), config.timeZone);
      for (const [evaluatorId, count] of [...offersPerEvaluator.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        await this.outbox.enqueue(tx, {
          kind: 'REVIEW_OFFER',
          recipient: await recipientOf(tx, evaluatorId),
          data: { callTitle: config.title, count, deadline: expiresAt, page: webLinks.tasks() },
          idempotencyKey: `review-offers:${job.id}:${evaluatorId}`,
        });
      }
      const uncovered = result.uncovered.map((u) => ({ ...u, acronym: acronyms.get(u.proposalId) ?? '' }));
      const summary = {
        stageNo,
        proposals: proposals.length,
        evaluators: evaluators.length,
        required: proposals.length * config.reviewersPerProposal,
        assigned,
        skippedAfterSolve: skipped,
        totalAffinity: result.totalAffinity,
        sameCountryPairs: result.sameCountryPairs,
        uncoveredCount: uncovered.length,
        uncovered,
        solveMs,
      };
      await this.jobs.succeed(tx, job.id, summary);
      await this.audit.record(tx, {
        actor: { userId: job.startedBy, role: 'PROGRAMME_MANAGER' },
        action: 'call.auto-assignment',
        entityType: 'call',
        entityId: callId,
        after: {
          jobId: job.id,
          stageNo,
          assigned,
          uncovered: uncovered.length,
          totalAffinity: result.totalAffinity,
          sameCountryPairs: result.sameCountryPairs,
        },
        businessKey: `auto-assignment:${job.id}`,
      });
      return { offered: assigned, uncovered: uncovered.length };
    });
  }

  async failJob(input: { jobId: string; message: string }): Promise<void> {
    await this.jobs.fail(this.dataSource.manager, input.jobId, input.message);
  }
}
