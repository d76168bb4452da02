import { Injectable, Logger } from '@nestjs/common';
import { PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, webLinks, WorkflowIds, offersChangedSignal } from '@app/contracts';
import {
  DomainError,
  callSettingsOf,
  offerExpiry,
  toZonedIso,
  type AssignmentEvaluator,
  type AssignmentOptions,
  type AssignmentProgress,
  type AssignmentProposal,
  type AssignmentResult,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  JobRepository,
  OutboxWriter,
  ProposalRepository,
  recipientOf,
  ReviewAssignmentRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
  type JobRecord,
} from '@app/persistence';
import { OfferReviewUseCase } from './offer-review.use-case';

const PROGRESS_SAVE_MS = 1000;

const logger = new Logger('AssignmentJob');

/** The exact solver, wherever it runs (the worker runs it in a thread, off the event loop). */
export type AssignmentSolve = (
  problem: {
    proposals: readonly AssignmentProposal[];
    evaluators: readonly AssignmentEvaluator[];
    options: AssignmentOptions;
  },
  onProgress: (progress: AssignmentProgress) => void,
) => Promise<AssignmentResult>;

/** What a run that already succeeded answered (a retry returns it). */
function storedResult(job: JobRecord): { offered: number; uncovered: number } {
  return { offered: Number(job.result?.assigned ?? 0), uncovered: Number(job.result?.uncoveredCount ?? 0) };
}

function callNotInEvaluation(state: string | undefined): DomainError {
  return new DomainError(
    'CALL_STATE_CONFLICT',
    `The call is ${state ?? 'missing'}; assignment needs IN_EVALUATION.`,
    'conflict',
    [],
    { state: state ?? 'missing', allowed: ['IN_EVALUATION'] },
  );
}

/**
 * The auto-assignment job (SPEC V1–V4, `POST /calls/{id}/assignments/auto`): the stage's ELIGIBLE
 * proposals that have no evaluators yet, over the call's signed pool with each evaluator's spare load and
 * without pairs offered before, solved exactly by `solve`. The pairs are written in one transaction under
 * the call's assignment lock (re-checking loads, since top-ups may have run during the solve), each
 * proposal's review workflow is started through the workflow outbox, and each evaluator gets one message
 * for all its new offers. A retry after success returns the stored result.
 */
@Injectable()
export class RunAutoAssignmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobRepository,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly offerReview: OfferReviewUseCase,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(
    input: { jobId: string; at: string },
    solve: AssignmentSolve,
  ): Promise<{ offered: number; uncovered: number }> {
    const prepared = await this.uow.read(async (tx) => {
      const job = await this.jobs.find(tx, input.jobId);
      if (!job || job.callId === null)
        throw new DomainError('JOB_NOT_FOUND', `Job ${input.jobId} not found.`, 'not-found', [], {
          jobId: input.jobId,
        });
      if (job.status === 'SUCCEEDED') return { done: storedResult(job) };
      if (job.status === 'FAILED')
        throw new DomainError('JOB_FAILED', job.error?.message ?? 'The job failed.', 'conflict');
      const callId = job.callId;
      const stageNo = Number(job.parameters.stageNo ?? 1);
      await this.jobs.transitionToRunning(tx, job.id);
      const call = await this.calls.find(tx, callId);
      if (!call || call.state !== 'IN_EVALUATION') throw callNotInEvaluation(call?.state);
      const proposals = (await this.assignments.assignmentProposals(tx, callId, stageNo)).filter(
        (p) => p.state === 'ELIGIBLE',
      );
      const loads = await this.assignments.liveLoads(tx, callId);
      const offeredBefore = new Map<string, string[]>();
      for (const pair of await this.assignments.offeredPairs(tx, callId, stageNo)) {
        offeredBefore.set(pair.evaluatorId, [...(offeredBefore.get(pair.evaluatorId) ?? []), pair.proposalId]);
      }
      const evaluators: AssignmentEvaluator[] = (await this.pool.loadAssignmentPool(callId, tx)).map((e) => ({
        ...e,
        maxLoad: Math.max(0, e.maxLoad - (loads[e.id] ?? 0)),
        // A pair offered before (declined, expired) is never offered again (V4): to the solver it is a conflict.
        declaredConflicts: [...e.declaredConflicts, ...(offeredBefore.get(e.id) ?? [])],
      }));
      return { done: null, job, callId, stageNo, config: call.configuration, proposals, evaluators };
    });
    if (prepared.done !== null) return prepared.done;
    const { job, callId, stageNo, config, proposals, evaluators } = prepared;
    const options = {
      reviewersPerProposal: config.reviewersPerProposal,
      excludePartnerRegions: config.excludePartnerRegionEvaluators ?? false,
    };

    const started = Date.now();
    let lastSave = 0;
    const onProgress = (progress: AssignmentProgress): void => {
      if (Date.now() - lastSave < PROGRESS_SAVE_MS && progress.phase !== 'done') return;
      lastSave = Date.now();
      // Progress is only shown to the programme manager: a failed save must not fail the solve, but it is
      // logged, and the next report saves again instead of waiting out the interval.
      this.uow
        .run((tx) => this.jobs.saveProgress(tx, job.id, { ...progress }))
        .catch((error: unknown) => {
          lastSave = 0;
          logger.warn(
            `Progress of assignment job ${job.id} not saved: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
    };
    const result = await solve({ proposals, evaluators, options }, onProgress);
    const solveMs = Date.now() - started;

    const acronyms = new Map(proposals.map((p) => [p.id, p.acronym]));
    return this.uow.run(async (tx) => {
      const locked = await this.jobs.find(tx, job.id, true);
      if (locked?.status === 'SUCCEEDED') return storedResult(locked);
      await this.assignments.lockCallAssignments(tx, callId);
      const current = await this.calls.find(tx, callId);
      if (!current || current.state !== 'IN_EVALUATION') throw callNotInEvaluation(current?.state);
      // Top-ups may have run while the solver did: keep every load within its limit, never exceed it.
      const liveNow = await this.assignments.liveLoads(tx, callId);
      const limit = new Map((await this.pool.loadAssignmentPool(callId, tx)).map((e) => [e.id, e.maxLoad]));
      const proposalIds = proposals.map((p) => p.id);
      const stillEligible = new Set(
        (await this.assignments.assignmentProposals(tx, callId, stageNo, proposalIds))
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
        const id = await this.offerReview.execute(tx, {
          callId,
          config,
          stageNo,
          proposal: { id: pair.proposalId, acronym: acronyms.get(pair.proposalId) ?? '' },
          pair,
          origin: 'AUTO',
          jobId: job.id,
          offeredAt: new Date(input.at),
        });
        if (id === null) {
          skipped += 1;
          continue;
        }
        liveNow[pair.evaluatorId] = used + 1;
        offersPerEvaluator.set(pair.evaluatorId, (offersPerEvaluator.get(pair.evaluatorId) ?? 0) + 1);
        assigned += 1;
      }
      await this.proposals.transitionEligibleToInReview(tx, [...stillEligible], true);
      // Every proposal of the run gets its review workflow: it owns the offers' timers and tops up what is missing.
      for (const proposalId of stillEligible) {
        await this.signals.enqueue(tx, {
          dedupeKey: `review-offers:${job.id}:${proposalId}`,
          workflowId: WorkflowIds.proposalReview(proposalId, stageNo),
          workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
          taskQueue: TaskQueues.main,
          startArgs: [{ callId, proposalId, stageNo }],
          signal: offersChangedSignal,
          signalArgs: [{ reason: `job:${job.id}` }],
        });
      }
      const expiresAt = toZonedIso(
        offerExpiry(new Date(input.at), callSettingsOf(config).offerValidityDays).toISOString(),
        config.timeZone,
      );
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
      await this.jobs.transitionToSucceeded(tx, locked ?? job, summary);
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
}
