import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEndFacts, CommitmentTerms } from '@app/domain';

/**
 * The call's lifecycle workflow (one per call, id `call-<callId>`): it owns the call's time — the
 * alignment deadline, the opening — and takes every transition; activities write them to PostgreSQL
 * with their audit events. It moves through phases with continue-as-new at each boundary, so that a phase
 * is added without rewriting the others.
 */
export const CALL_LIFECYCLE_WORKFLOW_TYPE = 'callLifecycleWorkflow';

export type CallPhase =
  | 'ALIGNMENT'
  | 'AWAITING_OPENING'
  | 'OPEN'
  | 'ELIGIBILITY'
  | 'EVALUATION'
  | 'RANKED'
  | 'FUNDING_DECISION'
  | 'DECIDED'
  | 'MONITORING';

export type CommitmentStatus = 'INVITED' | 'PROPOSED' | 'CONFIRMED' | 'DECLINED' | 'DROPPED_OUT';

export interface ActorRef {
  userId: string;
  role: string;
}

export interface CommitmentSnapshot {
  agencyId: string;
  regionCode: string;
  status: CommitmentStatus;
}

/** What the workflow keeps between phases (small: amounts live in PostgreSQL). */
export interface CallWorkflowState {
  alignmentDeadline: string;
  opensAt: string;
  submissionDeadline: string;
  eligibilityDeadline: string;
  decisionDeadline: string;
  /** Instants at which missing regional eligibility decisions are escalated (the deadline, then agency extensions). */
  eligibilityWakeups?: string[];
  minConfirmedRegions: number;
  commitments: CommitmentSnapshot[];
  /** The stage open or under evaluation (absent = 1); the deadlines above are that stage's. */
  stageNo?: number;
  /** The funding decision awaiting the agencies (SPEC F4), from its proposal until DECIDED. */
  funding?: FundingDecisionProgress;
}

export interface FundingDecisionProgress {
  decisionId: string;
  status: 'PROPOSED' | 'RETURNED';
  agencyIds: string[];
  /** Agencies that approved this decision. */
  approved: string[];
  /** Deadlines at which silent agencies were already escalated for this decision. */
  escalatedAt: string[];
}

export interface CallLifecycleInput {
  callId: string;
  /** Absent on the first run: the workflow begins the alignment with `invitedAgencyIds`. */
  phase?: CallPhase;
  /** Absent when a signal after DECIDED started the run (the call's end needs none of it). */
  state?: CallWorkflowState | null;
  invitedAgencyIds?: string[];
  startedBy?: ActorRef;
}

export interface PutCommitmentRequest {
  agencyId: string;
  terms: CommitmentTerms;
  actor: ActorRef;
}

export interface AnswerCommitmentRequest {
  agencyId: string;
  answer: 'CONFIRM' | 'DECLINE';
  reason?: string;
  actor: ActorRef;
}

export const EXTENDABLE_DEADLINES = ['alignmentDeadline', 'opensAt', 'submissionDeadline', 'decisionDeadline'] as const;
export type ExtendableDeadline = (typeof EXTENDABLE_DEADLINES)[number];

export interface ExtendDeadlineRequest {
  field: ExtendableDeadline;
  /** ISO-8601 instant, later than the current one. */
  newDeadline: string;
  reason: string;
  actor: ActorRef;
}

export interface ExtendAgencyEligibilityRequest {
  agencyId: string;
  /** ISO-8601 instant in the future. */
  newDeadline: string;
  reason: string;
  actor: ActorRef;
}

export interface CancelCallRequest {
  reason: string;
  actor: ActorRef;
}

export interface CommitmentResult {
  agencyId: string;
  regionCode: string;
  status: CommitmentStatus;
  currency: string;
  amount: number;
  flexibility: number;
}

export interface CallStateView {
  phase: CallPhase | 'STARTING' | 'CANCELLED' | 'CLOSED';
  state: CallWorkflowState | null;
}

export const putCommitmentUpdate = defineUpdate<CommitmentResult, [PutCommitmentRequest]>('putCommitment');
export const answerCommitmentUpdate = defineUpdate<CommitmentResult, [AnswerCommitmentRequest]>('answerCommitment');
export const extendDeadlineUpdate = defineUpdate<
  { field: ExtendableDeadline; deadline: string },
  [ExtendDeadlineRequest]
>('extendDeadline');
export const extendAgencyEligibilityUpdate = defineUpdate<
  { agencyId: string; deadline: string; pendingDecisions: number },
  [ExtendAgencyEligibilityRequest]
>('extendAgencyEligibility');
export interface StartEvaluationRequest {
  actor: ActorRef;
}

export interface FinaliseRankingRequest {
  actor: ActorRef;
}

export interface FinaliseRankingResult {
  stageNo: number;
  ranked: number;
  belowThreshold: number;
  /** Stage 1 of a two-stage call: how many consortia were invited to stage 2. */
  invited: number | null;
  /** RANKED, or OPEN when stage 2 of a two-stage call opened. */
  state: 'RANKED' | 'OPEN';
}

/**
 * IN_EVALUATION → RANKED (SPEC §4, V8) once every proposal of the stage has its outcome: the ranking is
 * frozen as a snapshot and applicants are told. After stage 1 of a two-stage call the best consortia are
 * invited (V7) and the call opens stage 2 at once.
 */
export const finaliseRankingUpdate = defineUpdate<FinaliseRankingResult, [FinaliseRankingRequest]>('finaliseRanking');

/** ELIGIBILITY_CHECK → IN_EVALUATION, when the programme manager first assigns evaluators (idempotent). */
export const startEvaluationUpdate = defineUpdate<{ state: 'IN_EVALUATION' }, [StartEvaluationRequest]>(
  'startEvaluation',
);
export const cancelCallUpdate = defineUpdate<{ state: 'CANCELLED' }, [CancelCallRequest]>('cancelCall');
export const callStateQuery = defineQuery<CallStateView>('callState');

export interface CallActivities {
  beginAlignment(input: {
    callId: string;
    agencyIds: string[];
    actor: ActorRef;
    workflowId: string;
  }): Promise<CallWorkflowState>;
  saveCommitmentTerms(input: {
    callId: string;
    request: PutCommitmentRequest;
    afterAlignment: boolean;
    updateId: string;
  }): Promise<CommitmentResult>;
  answerCommitment(input: {
    callId: string;
    request: AnswerCommitmentRequest;
    updateId: string;
  }): Promise<CommitmentResult>;
  concludeAlignment(input: {
    callId: string;
    confirmedRegions: string[];
    droppedOutAgencyIds: string[];
    opens: boolean;
    reason?: string;
  }): Promise<void>;
  openCall(input: { callId: string }): Promise<void>;
  extendDeadline(input: { callId: string; request: ExtendDeadlineRequest; updateId: string }): Promise<void>;
  cancelCall(input: { callId: string; request: CancelCallRequest; updateId: string }): Promise<void>;
  startEvaluation(input: { callId: string; request: StartEvaluationRequest; updateId: string }): Promise<void>;
  /** Freezes the stage's ranking (and opens stage 2 after stage 1 of a two-stage call, returning its state). */
  finaliseRanking(input: {
    callId: string;
    request: FinaliseRankingRequest;
    updateId: string;
  }): Promise<FinaliseRankingResult & { nextState?: CallWorkflowState }>;
}

/** The closing of submissions and the regional eligibility check (SPEC S1, R1–R2). */
export interface EligibilityActivities {
  /**
   * At the submission deadline, under the exclusive call-row lock: close, move submitted proposals to the eligibility
   * check, ask the agencies.
   */
  closeSubmission(input: { callId: string }): Promise<{ proposalsInCheck: number; decisionsRequested: number }>;
  /** Escalates the regional decisions still missing at `at` to the programme managers (SPEC R2). */
  escalateMissingEligibility(input: { callId: string; at: string }): Promise<{ escalated: number }>;
  extendAgencyEligibility(input: {
    callId: string;
    request: ExtendAgencyEligibilityRequest;
    updateId: string;
  }): Promise<{ pendingDecisions: number }>;
}

/**
 * Something the call's end depends on changed (SPEC §4 DECIDED → MONITORING → CLOSED): a project started or ended,
 * the reserve list closed. Sent through the signal outbox in the transaction of the change; the workflow reads its
 * facts again. A signal that finds no run starts one in DECIDED, which reads the facts and follows the table.
 */
export const callEndChangedSignal = defineSignal<[{ cause: string }]>('callEndChanged');

/** The call's end: its facts, and the move they allow, re-checked under the call's lock. */
export interface CallEndActivities {
  callEndFacts(input: { callId: string }): Promise<CallEndFacts>;
  /**
   * DECIDED → MONITORING, or → CLOSED (from DECIDED through MONITORING when nothing was funded); the state after. `at`:
   * the workflow's now, which the redress windows are measured against (absent from runs before it: the API's clock).
   */
  advanceCallEnd(input: { callId: string; to: 'MONITORING' | 'CLOSED'; at?: string }): Promise<{ state: string }>;
}
