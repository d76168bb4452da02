import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tx } from '../unit-of-work';
import {
  assertCallTransition,
  callMachine,
  callSettingsOf,
  callStageMachine,
  commitmentMachine,
  type CallConfiguration,
  type CallState,
  type CommitmentState,
  type CommitmentTerms,
} from '@app/domain';

export interface CallRecord {
  id: string;
  state: string;
  stateReason: string | null;
  configuration: CallConfiguration;
  workflowId: string | null;
  /** The stage open or under evaluation: 2 once a two-stage call has invited its full proposals. */
  currentStage: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface CommitmentRecord {
  id: string;
  callId: string;
  agencyId: string;
  agencyName: string;
  regionCode: string;
  currency: string;
  amount: number;
  flexibility: number;
  /** Held by a proposed funding decision and allocated by an approved one (SPEC F2), minor units. */
  proposedTotal: number;
  allocatedTotal: number;
  rules: CommitmentTerms['rules'] | null;
  status: 'INVITED' | 'PROPOSED' | 'CONFIRMED' | 'DECLINED' | 'DROPPED_OUT';
  declineReason: string | null;
  answeredAt: Date | null;
  updatedAt: Date;
}

interface CallRow {
  id: string;
  state: string;
  state_reason: string | null;
  configuration: CallConfiguration;
  workflow_id: string | null;
  current_stage: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  state: r.state,
  currentStage: r.current_stage,
  stateReason: r.state_reason,
  // Settings a call stored before it had them (or a fixture left out) read as SPEC's defaults.
  configuration: { ...r.configuration, settings: callSettingsOf(r.configuration) },
  workflowId: r.workflow_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** The configuration's searchable columns, in the order of the INSERT and UPDATE below, and the document itself. */
const configurationColumns = (c: CallConfiguration): unknown[] => [
  c.title,
  c.actionType,
  c.stages,
  c.timeZone,
  c.timeline.alignmentDeadline,
  c.timeline.opensAt,
  c.timeline.decisionDeadline,
  c.transformativeActivityCodes,
  JSON.stringify(c),
];

const COMMITMENT_COLUMNS = `c.id, c.call_id AS "callId", c.agency_id AS "agencyId", a.name AS "agencyName",
   c.region_code AS "regionCode",
  c.currency, c.amount::float8 AS amount, c.flexibility::float8 AS flexibility,
  c.proposed_total::float8 AS "proposedTotal", c.allocated_total::float8 AS "allocatedTotal", c.rules, c.status,
    c.decline_reason AS "declineReason",
  c.answered_at AS "answeredAt", c.updated_at AS "updatedAt"`;

/**
 * Joint calls and their fund commitments. The configuration is one JSON document (validated by the
 * domain before it is stored); the instants the server's checks need — deadlines — are also columns,
 * kept in step by `saveConfiguration`.
 */
@Injectable()
export class CallRepository {
  async create(manager: EntityManager, configuration: CallConfiguration, createdBy: string): Promise<CallRecord> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO joint_call (id, title, action_type, stages, time_zone, alignment_deadline, opens_at,
         decision_deadline, transformative_activity_codes, configuration, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, ...configurationColumns(configuration), createdBy],
    );
    await this.saveStages(manager, id, configuration);
    return (await this.find(manager, id))!;
  }

  async saveConfiguration(manager: EntityManager, id: string, configuration: CallConfiguration): Promise<void> {
    await manager.query(
      `UPDATE joint_call SET title = $2, action_type = $3, stages = $4, time_zone = $5, alignment_deadline = $6,
         opens_at = $7, decision_deadline = $8,
              transformative_activity_codes = $9, configuration = $10, updated_at = clock_timestamp(),
                version = version + 1 WHERE id = $1`,
      [id, ...configurationColumns(configuration)],
    );
    await this.saveStages(manager, id, configuration);
  }

  private async saveStages(manager: EntityManager, id: string, configuration: CallConfiguration): Promise<void> {
    await manager.query('DELETE FROM call_stage WHERE call_id = $1', [id]);
    for (const [index, stage] of configuration.timeline.stages.entries()) {
      await manager.query(
        `INSERT INTO call_stage (call_id, stage_no, submission_deadline, eligibility_deadline, review_deadline)
           VALUES ($1, $2, $3, $4, $5)`,
        [id, index + 1, stage.submissionDeadline, stage.eligibilityDeadline, stage.reviewDeadline],
      );
    }
  }

  /** `lock`: `FOR UPDATE` — the exclusive lock that orders state changes and deadline extensions (SPEC S1). */
  async find(manager: EntityManager, id: string, lock = false): Promise<CallRecord | null> {
    const rows: CallRow[] = await manager.query(
      `SELECT id, state, state_reason, configuration, workflow_id, current_stage, created_by, created_at, updated_at,
         version FROM joint_call WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toCall(rows[0]) : null;
  }

  /**
   * The one write of `joint_call.state`: under the row's exclusive lock, refused by the call's machine
   * (409 ILLEGAL_CALL_TRANSITION) unless `from → to` is a move of SPEC §4, so a workflow out of step with
   * the table fails loudly instead of writing. `reason` is the state's reason (a cancellation's), or none.
   */
  async transitionCall(tx: Tx, id: string, to: CallState, reason: string | null = null): Promise<void> {
    const [row]: Array<Pick<CallRow, 'state'>> = await tx.query(
      'SELECT state FROM joint_call WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) throw new Error(`Call ${id} not found.`);
    callMachine.assert(row.state as CallState, to);
    await tx.query(
      `UPDATE joint_call SET state = $2, state_reason = $3, updated_at = clock_timestamp(), version = version + 1
        WHERE id = $1`,
      [id, to, reason],
    );
  }

  /** F5: the programme manager closed the reserve list (the first close counts; the call's end waits for it). */
  async markReserveListClosed(tx: Tx, id: string): Promise<void> {
    await tx.query(
      `UPDATE joint_call SET reserve_list_closed_at = COALESCE(reserve_list_closed_at, clock_timestamp()),
              updated_at = clock_timestamp(), version = version + 1
        WHERE id = $1`,
      [id],
    );
  }

  /** The call's state under a shared lock: no state change of the call until the transaction ends. */
  async stateShared(tx: Tx, id: string): Promise<CallState | null> {
    const [row]: Array<Pick<CallRow, 'state'>> = await tx.query(
      'SELECT state FROM joint_call WHERE id = $1 FOR SHARE',
      [id],
    );
    return row ? (row.state as CallState) : null;
  }

  async setWorkflowId(manager: EntityManager, id: string, workflowId: string): Promise<void> {
    await manager.query('UPDATE joint_call SET workflow_id = $2 WHERE id = $1', [id, workflowId]);
  }

  async markAlignmentConcluded(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE joint_call SET alignment_concluded_at = coalesce(alignment_concluded_at, clock_timestamp())
         WHERE id = $1`,
      [id],
    );
  }

  async list(
    manager: EntityManager,
    filter: {
      afterId?: string;
      limit: number;
      state?: string;
      actionType?: string;
      transformativeActivity?: string;
      regionCode?: string;
      visibleStates?: string[];
    },
  ): Promise<CallRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.afterId) add('j.id > ?', filter.afterId);
    if (filter.state) add('j.state = ?', filter.state);
    if (filter.visibleStates) add('j.state = ANY(?)', filter.visibleStates);
    if (filter.actionType) add('j.action_type = ?', filter.actionType);
    if (filter.transformativeActivity) add('? = ANY(j.transformative_activity_codes)', filter.transformativeActivity);
    if (filter.regionCode)
      add(
        `EXISTS (SELECT 1 FROM fund_commitment fc WHERE fc.call_id = j.id AND fc.region_code = ?
           AND fc.status NOT IN ('DECLINED','DROPPED_OUT'))`,
        filter.regionCode,
      );
    params.push(filter.limit);
    const rows: CallRow[] = await manager.query(
      `SELECT j.id, j.state, j.state_reason, j.configuration, j.workflow_id, j.current_stage, j.created_by,
         j.created_at, j.updated_at, j.version
         FROM joint_call j ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toCall);
  }

  async commitments(manager: EntityManager, callId: string): Promise<CommitmentRecord[]> {
    return manager.query(
      `SELECT ${COMMITMENT_COLUMNS} FROM fund_commitment c JOIN funding_agency a ON a.id = c.agency_id
         WHERE c.call_id = $1 ORDER BY c.region_code`,
      [callId],
    );
  }

  async commitment(
    manager: EntityManager,
    callId: string,
    agencyId: string,
    lock = false,
  ): Promise<CommitmentRecord | null> {
    const rows: CommitmentRecord[] = await manager.query(
      `SELECT ${COMMITMENT_COLUMNS} FROM fund_commitment c JOIN funding_agency a ON a.id = c.agency_id
         WHERE c.call_id = $1 AND c.agency_id = $2${lock ? ' FOR UPDATE OF c' : ''}`,
      [callId, agencyId],
    );
    return rows[0] ?? null;
  }

  /** Invites an agency (idempotent); the unique index refuses a second agency for one region. */
  async invite(
    manager: EntityManager,
    callId: string,
    agency: { id: string; regionCode: string; currency: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO fund_commitment (id, call_id, agency_id, region_code, currency, status)
         VALUES ($1, $2, $3, $4, $5, 'INVITED')
       ON CONFLICT ON CONSTRAINT fund_commitment_agency_unique DO NOTHING`,
      [randomUUID(), callId, agency.id, agency.regionCode, agency.currency],
    );
  }

  private async lockedCommitmentStatus(tx: Tx, callId: string, agencyId: string): Promise<CommitmentState> {
    const [row]: Array<{ status: CommitmentState }> = await tx.query(
      'SELECT status FROM fund_commitment WHERE call_id = $1 AND agency_id = $2 FOR UPDATE',
      [callId, agencyId],
    );
    if (!row) throw new Error(`Agency ${agencyId} is not invited to call ${callId}.`);
    return row.status;
  }

  /** An agency's terms (amount, flexibility, rules) with the status they bring (`to`), asked of the machine. */
  async transitionCommitmentTerms(
    tx: Tx,
    callId: string,
    agencyId: string,
    terms: CommitmentTerms,
    to: CommitmentState,
  ): Promise<void> {
    commitmentMachine.assert(await this.lockedCommitmentStatus(tx, callId, agencyId), to);
    await tx.query(
      `UPDATE fund_commitment
          SET amount = $3, flexibility = $4, rules = $5, status = $6, updated_at = clock_timestamp(),
            version = version + 1
        WHERE call_id = $1 AND agency_id = $2`,
      [callId, agencyId, terms.amount, terms.flexibility, JSON.stringify(terms.rules), to],
    );
  }

  /** An agency's answer, or its drop-out, asked of the commitment machine (409 ILLEGAL_COMMITMENT_TRANSITION). */
  async transitionCommitment(
    tx: Tx,
    callId: string,
    agencyId: string,
    to: CommitmentState,
    reason: string | null = null,
  ): Promise<void> {
    commitmentMachine.assert(await this.lockedCommitmentStatus(tx, callId, agencyId), to);
    await tx.query(
      `UPDATE fund_commitment
          SET status = $3, decline_reason = coalesce($4, decline_reason), answered_at = clock_timestamp(),
              updated_at = clock_timestamp(), version = version + 1
        WHERE call_id = $1 AND agency_id = $2`,
      [callId, agencyId, to, reason],
    );
  }

  /** Active officers of an agency (recipients of its notifications). */
  async officersOf(
    manager: EntityManager,
    agencyId: string,
  ): Promise<Array<{ id: string; email: string; displayName: string }>> {
    return manager.query(
      `SELECT u.id, u.email, u.display_name AS "displayName" FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.agency_id = $1 AND g.role = 'AGENCY_OFFICER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE'
          ORDER BY u.id`,
      [agencyId],
    );
  }

  /** A two-stage call opens stage 2 once its pre-proposals are ranked (RANKED → OPEN, stage 1 → 2; SPEC V7). */
  async transitionToStageTwo(
    manager: EntityManager,
    call: Pick<CallRecord, 'id' | 'state' | 'currentStage'>,
  ): Promise<void> {
    assertCallTransition(call.state as CallState, 'OPEN');
    callStageMachine.assert(call.currentStage as 1 | 2, 2);
    await manager.query(
      `UPDATE joint_call SET current_stage = 2, state = 'OPEN', updated_at = clock_timestamp(), version = version + 1
        WHERE id = $1`,
      [call.id],
    );
  }

  /**
   * What a submission checks (SPEC S1): the call's state under a SHARED lock (submissions run side by side;
   * a deadline extension or the close, which lock it exclusively, are ordered against each) and the stage's
   * recorded deadline. The caller reads the engine's clock once this returns, while the lock is held.
   */
  async submissionWindow(
    tx: Tx,
    callId: string,
    stageNo: number,
  ): Promise<{ state: CallState; timeZone: string; title: string; deadline: Date }> {
    const [call]: Array<Pick<CallRow, 'state'> & { time_zone: string; title: string }> = await tx.query(
      'SELECT state, time_zone, title FROM joint_call WHERE id = $1 FOR SHARE',
      [callId],
    );
    const [timing]: Array<{ deadline: Date }> = await tx.query(
      'SELECT submission_deadline AS deadline FROM call_stage WHERE call_id = $1 AND stage_no = $2',
      [callId, stageNo],
    );
    return { state: call.state as CallState, timeZone: call.time_zone, title: call.title, deadline: timing.deadline };
  }
}
