import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnswerAmendmentRequest, ProjectActionResult } from '@app/contracts';
import {
  applyBudgetShifts,
  applyMilestoneEvent,
  assertValidAmendment,
  canApplyMilestoneEvent,
  instalmentSchedule,
  milestoneSchedule,
  projectEndsAt,
  resplitInstalments,
  type AmendmentRequest,
  type MilestoneState,
} from '@app/domain';
import {
  isOverdraft,
  ProjectAmendmentRepository,
  ProjectRepository,
  type AmendmentRow,
  type ProjectRecord,
} from '@app/persistence';
import { refusal } from './activity-failure';
import { ProjectActionRunner, refused } from './project-action-runner';
import { ProjectReleases } from './project-releases';

interface GrantRow {
  id: string;
  organisationId: string;
  regionCode: string;
  agencyId: string;
  currency: string;
  amount: string;
  decisionId: string;
  commitmentId: string;
}

/**
 * Amendments (SPEC M6): each affected agency approves or rejects, as an update of the project workflow; the
 * last approval applies the amendment in the same transaction — milestone dates (the workflow reloads and its
 * timers follow), the duration, budget shifts within a region (grants, unreleased instalments and the ledger's
 * ALLOCATED entries follow; a region's total is unchanged), partners added (grant, instalments, ALLOCATED
 * under the no-overdraft CHECK) or removed (grant REMOVED, its allocation freed). Re-validated by the domain
 * under the lock, since money may have moved since the request. What the amended project has earned and not
 * yet received (a new partner's advance once the agreement is accepted) is released in the same transaction.
 */
@Injectable()
export class ProjectAmendmentActivitiesService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly amendments: ProjectAmendmentRepository,
    private readonly runner: ProjectActionRunner,
    private readonly releases: ProjectReleases,
  ) {}

  async answerAmendment(input: {
    projectId: string;
    request: AnswerAmendmentRequest;
    updateId: string;
    at: string;
  }): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.approve ? 'amendment.approved-by-agency' : 'amendment.rejected-by-agency',
      async (manager, project) => {
        const amendment = await this.amendments.find(manager, request.amendmentId, true);
        if (!amendment || amendment.projectId !== project.id)
          throw refusal(
            'not-found',
            'AMENDMENT_NOT_FOUND',
            `Amendment ${request.amendmentId} not found in this project.`,
            [],
            { amendmentId: request.amendmentId },
          );
        if (!amendment.requiredAgencies.includes(request.agencyId))
          throw refusal(
            'not-found',
            'AMENDMENT_NOT_FOUND',
            `Amendment ${request.amendmentId} does not ask agency ${request.agencyId}.`,
            [],
            {
              amendmentId: request.amendmentId,
              agencyId: request.agencyId,
            },
          );
        if (amendment.state !== 'PENDING')
          throw refusal('conflict', 'ILLEGAL_AMENDMENT_TRANSITION', `The amendment is ${amendment.state}.`, [], {
            state: amendment.state,
          });
        const answered = await this.amendments.answers(manager, amendment.id);
        if (answered.some((a) => a.agencyId === request.agencyId))
          throw refusal(
            'conflict',
            'AMENDMENT_ALREADY_ANSWERED',
            `Agency ${request.agencyId} has already answered this amendment.`,
            [],
            {
              agencyId: request.agencyId,
            },
          );
        if (!request.approve && !request.reason?.trim())
          throw refusal('rule', 'REASON_REQUIRED', 'A rejection states its reason.', [
            { field: 'reason', code: 'REASON_REQUIRED', message: 'Give the reason.' },
          ]);
        await manager.query(
          'INSERT INTO project_amendment_answer (amendment_id, agency_id, answer, reason, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [
            amendment.id,
            request.agencyId,
            request.approve ? 'APPROVED' : 'REJECTED',
            request.reason?.trim() || null,
            request.actor.userId,
            input.at,
          ],
        );
        let state: AmendmentRow['state'] = 'PENDING';
        let released: ProjectActionResult['released'] = [];
        if (!request.approve) state = 'REJECTED';
        else if (answered.filter((a) => a.answer === 'APPROVED').length + 1 === amendment.requiredAgencies.length) {
          await this.apply(manager, project, amendment.request, input.at);
          state = 'APPROVED';
          // A partner added after the agreement's acceptance gets what it has earned (its advance) now, not at
          // the project's next release event; the domain's gate still rules (nothing before the agreement).
          released = await this.releases.release(manager, project, undefined, input);
        }
        if (state !== 'PENDING') {
          await manager.query('UPDATE project_amendment SET state = $2, decided_at = $3 WHERE id = $1', [
            amendment.id,
            state,
            input.at,
          ]);
          await this.projects.notify(
            manager,
            project,
            'CONSORTIUM',
            'PROJECT_DECISION',
            { outcome: `amendment ${state.toLowerCase()}`, reason: request.reason?.trim() },
            `amendment-${state}:${amendment.id}`,
          );
        }
        return { projectState: project.state, state, released };
      },
    );
  }

  private async apply(
    manager: EntityManager,
    project: ProjectRecord,
    request: AmendmentRequest,
    at: string,
  ): Promise<void> {
    const amendable = await this.amendments.amendable(manager, project);
    try {
      assertValidAmendment(amendable, request);
    } catch (error) {
      refused(error);
    }
    const duration = request.durationMonths ?? project.durationMonths;
    if (request.durationMonths !== undefined) {
      await manager.query('UPDATE project SET duration_months = $2, ends_at = $3 WHERE id = $1', [
        project.id,
        duration,
        projectEndsAt(project.startDate, duration, project.timeZone),
      ]);
    }
    for (const change of request.milestoneChanges ?? [])
      await this.reschedule(manager, project, change.milestoneIndex, change.newDueMonth, at);
    await this.applyMoney(manager, project, amendable, request, duration);
  }

  /** A milestone moved: new instants (the workflow's timers follow on reload), back to PLANNED when never reported. */
  private async reschedule(
    manager: EntityManager,
    project: ProjectRecord,
    idx: number,
    dueMonth: number,
    at: string,
  ): Promise<void> {
    const [dated] = milestoneSchedule(project.startDate, project.timeZone, [{ dueMonth }]);
    const [m]: Array<{ state: MilestoneState; dueAt: Date; overdueAt: Date }> = await manager.query(
      'SELECT state, due_at AS "dueAt", overdue_at AS "overdueAt" FROM project_milestone WHERE project_id = $1 AND idx = $2 FOR UPDATE',
      [project.id, idx],
    );
    const state = canApplyMilestoneEvent(m.state, 'RESCHEDULED')
      ? applyMilestoneEvent(
          { index: idx, state: m.state, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() },
          { kind: 'RESCHEDULED', at, dueAt: dated.dueAt, overdueAt: dated.overdueAt },
        ).state
      : m.state;
    await manager.query(
      'UPDATE project_milestone SET due_month = $3, due_at = $4, overdue_at = $5, reminders = $6, state = $7 WHERE project_id = $1 AND idx = $2',
      [project.id, idx, dueMonth, dated.dueAt, dated.overdueAt, JSON.stringify(dated.reminders), state],
    );
    await manager.query(
      'UPDATE instalment i SET milestone_due_month = $3 FROM funding_grant g WHERE g.id = i.grant_id AND g.proposal_id = $1 AND i.milestone_index = $2',
      [project.proposalId, idx, dueMonth],
    );
  }

  /** Grants after shifts, additions and removals; instalments re-split; ALLOCATED entries and totals follow. */
  private async applyMoney(
    manager: EntityManager,
    project: ProjectRecord,
    amendable: Awaited<ReturnType<ProjectAmendmentRepository['amendable']>>,
    request: AmendmentRequest,
    duration: number,
  ): Promise<void> {
    const added = (request.addPartners ?? []).map((p) => ({
      organisationId: p.organisationId,
      regionCode: p.regionCode,
      grant: p.grant,
      released: 0,
    }));
    const finalGrants = applyBudgetShifts([...amendable.partners, ...added], request.budgetShifts ?? []);
    const removed = new Set(request.removePartners ?? []);
    if (
      finalGrants.every(
        (g) => g.grant === (amendable.partners.find((p) => p.organisationId === g.organisationId)?.grant ?? 0),
      ) &&
      removed.size === 0
    )
      return;

    // Lock the project's commitments in region order before touching the ledger (the decision's lock order).
    const commitments: Array<{ id: string; regionCode: string; agencyId: string; currency: string }> =
      await manager.query(
        `SELECT id, region_code AS "regionCode", agency_id AS "agencyId", currency FROM fund_commitment WHERE call_id = $1 AND region_code = ANY($2) ORDER BY region_code FOR UPDATE`,
        [project.callId, Object.keys(amendable.regionCurrencies)],
      );
    const grants: GrantRow[] = await manager.query(
      `SELECT g.id, g.organisation_id AS "organisationId", g.region_code AS "regionCode", g.agency_id AS "agencyId", g.currency, g.amount, g.decision_id AS "decisionId", c.id AS "commitmentId"
         FROM funding_grant g JOIN fund_commitment c ON c.call_id = g.call_id AND c.agency_id = g.agency_id
        WHERE g.proposal_id = $1 AND g.status = 'AWARDED' FOR UPDATE OF g`,
      [project.proposalId],
    );
    const workPlan: Array<{ title: string; dueMonth: number; midTerm: boolean }> = await manager.query(
      'SELECT title, due_month AS "dueMonth", mid_term AS "midTerm" FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [project.id],
    );
    const delta = new Map<string, number>();
    const decisionId = grants[0]?.decisionId;
    for (const target of finalGrants) {
      const grant = grants.find((g) => g.organisationId === target.organisationId);
      const amount = removed.has(target.organisationId) ? 0 : target.grant;
      const before = grant ? Number(grant.amount) : 0;
      if (amount === before && !removed.has(target.organisationId)) continue;
      const commitment = commitments.find((c) => c.regionCode === target.regionCode)!;
      delta.set(commitment.id, (delta.get(commitment.id) ?? 0) + amount - before);
      await manager.query(
        "UPDATE budget_ledger_entry SET superseded_at = clock_timestamp() WHERE proposal_id = $1 AND organisation_id = $2 AND kind = 'ALLOCATED' AND superseded_at IS NULL",
        [project.proposalId, target.organisationId],
      );
      if (amount > 0) {
        await manager.query(
          `INSERT INTO budget_ledger_entry (call_id, commitment_id, region_code, decision_id, proposal_id, organisation_id, kind, amount, currency) VALUES ($1, $2, $3, $4, $5, $6, 'ALLOCATED', $7, $8)`,
          [
            project.callId,
            commitment.id,
            commitment.regionCode,
            decisionId,
            project.proposalId,
            target.organisationId,
            amount,
            commitment.currency,
          ],
        );
      }
      if (grant && amount === 0) {
        await manager.query(
          "UPDATE funding_grant SET status = 'REMOVED', failure_reason = 'removed by an approved amendment', failed_at = clock_timestamp() WHERE id = $1",
          [grant.id],
        );
      } else if (grant) {
        await manager.query('UPDATE funding_grant SET amount = $2 WHERE id = $1', [grant.id, amount]);
        await this.resplit(manager, grant.id, amount);
      } else {
        await this.addGrant(
          manager,
          project,
          commitment,
          decisionId,
          target.organisationId,
          amount,
          workPlan,
          duration,
        );
      }
    }
    for (const [commitmentId, change] of [...delta].sort()) {
      if (change === 0) continue;
      try {
        await manager.query('UPDATE fund_commitment SET allocated_total = allocated_total + $2 WHERE id = $1', [
          commitmentId,
          change,
        ]);
      } catch (error) {
        if (isOverdraft(error))
          throw refusal('rule', 'BUDGET_OVERDRAWN', 'The amendment would exceed the region’s commitment.', [
            {
              rule: 'F2',
              field: 'addPartners',
              code: 'BUDGET_OVERDRAWN',
              message: 'above the commitment plus usable flexibility',
            },
          ]);
        throw error;
      }
    }
  }

  private async resplit(manager: EntityManager, grantId: string, amount: number): Promise<void> {
    const instalments: Array<{
      id: string;
      state: 'SCHEDULED' | 'RELEASED' | 'PAID';
      shareBps: number;
      amount: string;
    }> = await manager.query(
      'SELECT id, status AS state, share_bps AS "shareBps", amount FROM instalment WHERE grant_id = $1 ORDER BY seq FOR UPDATE',
      [grantId],
    );
    let amounts: Map<string, number>;
    try {
      amounts = resplitInstalments(
        amount,
        instalments.map((x) => ({ ...x, amount: Number(x.amount) })),
      );
    } catch (error) {
      refused(error);
    }
    for (const [id, value] of amounts)
      await manager.query('UPDATE instalment SET amount = $2 WHERE id = $1', [id, value]);
  }

  private async addGrant(
    manager: EntityManager,
    project: ProjectRecord,
    commitment: { id: string; regionCode: string; agencyId: string; currency: string },
    decisionId: string,
    organisationId: string,
    amount: number,
    workPlan: Array<{ title: string; dueMonth: number; midTerm: boolean }>,
    duration: number,
  ): Promise<void> {
    const grantId = randomUUID();
    await manager.query(
      `INSERT INTO funding_grant (id, call_id, decision_id, proposal_id, organisation_id, agency_id, region_code, amount, currency, project_start) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        grantId,
        project.callId,
        decisionId,
        project.proposalId,
        organisationId,
        commitment.agencyId,
        commitment.regionCode,
        amount,
        commitment.currency,
        project.startDate,
      ],
    );
    for (const instalment of instalmentSchedule(amount, workPlan, duration)) {
      const milestone = instalment.trigger.kind === 'MILESTONE' ? instalment.trigger : null;
      await manager.query(
        'INSERT INTO instalment (id, grant_id, seq, trigger, milestone_index, milestone_title, milestone_due_month, share_bps, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [
          randomUUID(),
          grantId,
          instalment.sequence,
          instalment.trigger.kind,
          milestone?.milestoneIndex ?? null,
          milestone?.title ?? null,
          milestone?.dueMonth ?? null,
          instalment.shareBps,
          instalment.amount,
        ],
      );
    }
  }
}
