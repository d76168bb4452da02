import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { webLinks, type EligibilityActivities, type ExtendAgencyEligibilityRequest } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import { activeProgrammeManagers, AuditWriter, CallRepository, OutboxWriter, type CallRecord } from '@app/persistence';
import { lockCall, refusal } from './activity-failure';

/**
 * The close at the submission deadline and the escalations of the regional eligibility check. Each runs
 * in one transaction under the exclusive lock of the call row — the lock every submission holds shared
 * (SPEC S1) — and is idempotent: a retried close finds the call already closed.
 */
@Injectable()
export class EligibilityPhaseActivities implements EligibilityActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  private lockedCall(manager: EntityManager, callId: string): Promise<CallRecord> {
    return lockCall(this.calls, manager, callId);
  }

  async closeSubmission(input: { callId: string }): Promise<{ proposalsInCheck: number; decisionsRequested: number }> {
    return this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      if (call.state === 'SUBMISSION_CLOSED' || call.state === 'ELIGIBILITY_CHECK')
        return { proposalsInCheck: 0, decisionsRequested: 0 };
      if (call.state !== 'OPEN')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; submission closes from OPEN.`,
          [],
          { state: call.state, allowed: ['OPEN'] },
        );
      const stageNo = call.currentStage;
      const stage = call.configuration.timeline.stages[stageNo - 1];
      await this.calls.setState(manager, call.id, 'SUBMISSION_CLOSED');
      await this.audit.record(manager, {
        actor: null,
        action: 'call.submission-closed',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'OPEN' },
        after: { state: 'SUBMISSION_CLOSED' },
        businessKey: `submission-closed:${call.id}${stageNo === 1 ? '' : `:s${stageNo}`}`,
      });
      const moved: [unknown[], number] = await manager.query(
        "UPDATE proposal SET state = 'ELIGIBILITY_CHECK', updated_at = clock_timestamp() WHERE call_id = $1 AND stage_no = $2 AND state = 'SUBMITTED'",
        [call.id, stageNo],
      );
      // One pending decision per funded partner of a region that confirmed its funds, due at the eligibility deadline.
      const requested: [unknown[], number] = await manager.query(
        `INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at)
         SELECT pp.proposal_id, pp.organisation_id, fc.agency_id, o.region_code, $2
           FROM proposal p
           JOIN proposal_partner pp ON pp.proposal_id = p.id AND pp.funded
           JOIN organisation o ON o.id = pp.organisation_id
           JOIN fund_commitment fc ON fc.call_id = p.call_id AND fc.region_code = o.region_code AND fc.status = 'CONFIRMED'
          WHERE p.call_id = $1 AND p.stage_no = $3 AND p.state = 'ELIGIBILITY_CHECK'
         ON CONFLICT DO NOTHING`,
        [call.id, stage.eligibilityDeadline, stageNo],
      );
      await this.calls.setState(manager, call.id, 'ELIGIBILITY_CHECK');
      await this.audit.record(manager, {
        actor: null,
        action: 'call.eligibility-check-started',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'SUBMISSION_CLOSED' },
        after: { state: 'ELIGIBILITY_CHECK', proposals: moved[1], decisionsRequested: requested[1] },
        businessKey: `eligibility-check-started:${call.id}${stageNo === 1 ? '' : `:s${stageNo}`}`,
      });
      const perAgency: Array<{ agency_id: string; agency_name: string; n: string }> = await manager.query(
        `SELECT d.agency_id, a.name AS agency_name, count(*) AS n FROM eligibility_decision d JOIN proposal p ON p.id = d.proposal_id JOIN funding_agency a ON a.id = d.agency_id
          WHERE p.call_id = $1 GROUP BY d.agency_id, a.name`,
        [call.id],
      );
      const deadline = toZonedIso(stage.eligibilityDeadline, call.configuration.timeZone);
      for (const agency of perAgency) {
        for (const officer of await this.calls.officersOf(manager, agency.agency_id)) {
          await this.outbox.enqueue(manager, {
            kind: 'ELIGIBILITY_CHECK_REQUESTED',
            recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
            data: {
              callTitle: call.configuration.title,
              agencyName: agency.agency_name,
              count: Number(agency.n),
              deadline,
              page: webLinks.tasks(),
            },
            idempotencyKey: `eligibility-requested:${call.id}${stageNo === 1 ? '' : `:s${stageNo}`}:${agency.agency_id}:${officer.id}`,
          });
        }
      }
      return { proposalsInCheck: moved[1], decisionsRequested: requested[1] };
    });
  }

  async escalateMissingEligibility(input: { callId: string; at: string }): Promise<{ escalated: number }> {
    return this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      const escalated: Array<{ proposal_id: string }> = await manager
        .query(
          `UPDATE eligibility_decision d SET escalated_at = clock_timestamp()
           FROM proposal p WHERE p.id = d.proposal_id AND p.call_id = $1 AND d.decision = 'PENDING' AND d.escalated_at IS NULL AND d.due_at <= $2
         RETURNING d.proposal_id`,
          [call.id, input.at],
        )
        .then((r: [Array<{ proposal_id: string }>, number]) => r[0]);
      if (escalated.length === 0) return { escalated: 0 };
      await this.audit.record(manager, {
        actor: null,
        action: 'call.eligibility-escalated',
        entityType: 'call',
        entityId: call.id,
        after: { missingDecisions: escalated.length, proposals: [...new Set(escalated.map((e) => e.proposal_id))] },
        businessKey: `eligibility-escalated:${call.id}:${input.at}`,
      });
      for (const pm of await activeProgrammeManagers(manager)) {
        await this.outbox.enqueue(manager, {
          kind: 'ELIGIBILITY_ESCALATION',
          recipient: pm,
          data: { callTitle: call.configuration.title, count: escalated.length, page: webLinks.tasks() },
          idempotencyKey: `eligibility-escalation:${call.id}:${input.at}:${pm.userId}`,
        });
      }
      return { escalated: escalated.length };
    });
  }

  async extendAgencyEligibility(input: {
    callId: string;
    request: ExtendAgencyEligibilityRequest;
    updateId: string;
  }): Promise<{ pendingDecisions: number }> {
    return this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      const updated: [unknown[], number] = await manager.query(
        `UPDATE eligibility_decision d SET due_at = $3, escalated_at = NULL
           FROM proposal p WHERE p.id = d.proposal_id AND p.call_id = $1 AND d.agency_id = $2 AND d.decision = 'PENDING'`,
        [call.id, input.request.agencyId, input.request.newDeadline],
      );
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: 'call.agency-eligibility-deadline-extended',
        entityType: 'call',
        entityId: call.id,
        after: {
          agencyId: input.request.agencyId,
          deadline: input.request.newDeadline,
          reason: input.request.reason,
          pendingDecisions: updated[1],
        },
        businessKey: `update:${input.updateId}`,
      });
      return { pendingDecisions: updated[1] };
    });
  }
}
