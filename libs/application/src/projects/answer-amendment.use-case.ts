import { Injectable } from '@nestjs/common';
import type { AnswerAmendmentRequest, ProjectActionResult } from '@app/contracts';
import {
  applyBudgetShifts,
  applyMilestoneEvent,
  assertValidAmendment,
  callSettingsOf,
  canApplyMilestoneEvent,
  DomainError,
  instalmentPlanFor,
  instalmentSchedule,
  milestoneSchedule,
  projectEndsAt,
  resplitInstalments,
  type AmendmentRequest,
  type AmendmentState,
} from '@app/domain';
import {
  BudgetLedgerRepository,
  CallRepository,
  GrantRepository,
  isOverdraft,
  ProjectAmendmentRepository,
  ProjectRepository,
  type AmendableProjectView,
  type ProjectRecord,
  type Tx,
} from '@app/persistence';
import { ProjectActionRunner, type ProjectActionInput } from './project-action-runner';
import { ProjectReleases } from './project-releases';

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
export class AnswerAmendmentUseCase {
  constructor(
    private readonly runner: ProjectActionRunner,
    private readonly projects: ProjectRepository,
    private readonly amendments: ProjectAmendmentRepository,
    private readonly instalments: GrantRepository,
    private readonly ledger: BudgetLedgerRepository,
    private readonly releases: ProjectReleases,
    private readonly calls: CallRepository,
  ) {}

  execute(input: ProjectActionInput<AnswerAmendmentRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.approve ? 'amendment.approved-by-agency' : 'amendment.rejected-by-agency',
      async (tx, project) => {
        const amendment = await this.amendments.find(tx, request.amendmentId, true);
        if (!amendment || amendment.projectId !== project.id)
          throw new DomainError(
            'AMENDMENT_NOT_FOUND',
            `Amendment ${request.amendmentId} not found in this project.`,
            'not-found',
            [],
            { amendmentId: request.amendmentId },
          );
        if (!amendment.requiredAgencies.includes(request.agencyId))
          throw new DomainError(
            'AMENDMENT_NOT_FOUND',
            `Amendment ${request.amendmentId} does not ask agency ${request.agencyId}.`,
            'not-found',
            [],
            { amendmentId: request.amendmentId, agencyId: request.agencyId },
          );
        if (amendment.state !== 'PENDING')
          throw new DomainError(
            'ILLEGAL_AMENDMENT_TRANSITION',
            `The amendment is ${amendment.state}.`,
            'conflict',
            [],
            {
              state: amendment.state,
            },
          );
        const answered = await this.amendments.answers(tx, amendment.id);
        if (answered.some((a) => a.agencyId === request.agencyId))
          throw new DomainError(
            'AMENDMENT_ALREADY_ANSWERED',
            `Agency ${request.agencyId} has already answered this amendment.`,
            'conflict',
            [],
            { agencyId: request.agencyId },
          );
        if (!request.approve && !request.reason?.trim())
          throw new DomainError('REASON_REQUIRED', 'A rejection states its reason.', 'rule', [
            { field: 'reason', code: 'REASON_REQUIRED', message: 'Give the reason.' },
          ]);
        await this.amendments.answer(tx, {
          amendmentId: amendment.id,
          agencyId: request.agencyId,
          answer: request.approve ? 'APPROVED' : 'REJECTED',
          reason: request.reason?.trim() || null,
          answeredBy: request.actor.userId,
          at: input.at,
        });
        let state: AmendmentState = 'PENDING';
        let released: ProjectActionResult['released'] = [];
        if (!request.approve) state = 'REJECTED';
        else if (answered.filter((a) => a.answer === 'APPROVED').length + 1 === amendment.requiredAgencies.length) {
          await this.apply(tx, project, amendment.request, input.at);
          state = 'APPROVED';
          // A partner added after the agreement's acceptance gets what it has earned (its advance) now, not at
          // the project's next release event; the domain's gate still rules (nothing before the agreement).
          released = await this.releases.release(tx, project, undefined, input);
        }
        if (state !== 'PENDING') {
          await this.amendments.transitionAmendment(tx, amendment.id, state, input.at);
          await this.projects.notify(
            tx,
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

  private async apply(tx: Tx, project: ProjectRecord, request: AmendmentRequest, at: string): Promise<void> {
    const amendable = await this.amendments.amendable(tx, project);
    assertValidAmendment(amendable, request);
    const duration = request.durationMonths ?? project.durationMonths;
    if (request.durationMonths !== undefined)
      await this.projects.setDuration(
        tx,
        project.id,
        duration,
        projectEndsAt(project.startDate, duration, project.timeZone),
      );
    for (const change of request.milestoneChanges ?? [])
      await this.reschedule(tx, project, change.milestoneIndex, change.newDueMonth, at);
    await this.applyMoney(tx, project, amendable, request, duration);
  }

  /** A milestone moved: new instants (the workflow's timers follow on reload), back to PLANNED when never reported. */
  private async reschedule(tx: Tx, project: ProjectRecord, idx: number, dueMonth: number, at: string): Promise<void> {
    const [dated] = milestoneSchedule(project.startDate, project.timeZone, [{ dueMonth }], {
      graceDays: project.graceDays,
    });
    const m = (await this.projects.lockedMilestone(tx, project.id, idx))!;
    await this.projects.redateMilestone(tx, project.id, idx, { ...dated, dueMonth });
    if (canApplyMilestoneEvent(m.state, 'RESCHEDULED')) {
      const next = applyMilestoneEvent(
        { index: idx, state: m.state, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() },
        { kind: 'RESCHEDULED', at, dueAt: dated.dueAt, overdueAt: dated.overdueAt },
      );
      if (next.state !== m.state) await this.projects.transitionMilestone(tx, project.id, idx, next.state);
    }
    await this.instalments.moveMilestoneDue(tx, project.proposalId, idx, dueMonth);
  }

  /** Grants after shifts, additions and removals; instalments re-split; ALLOCATED entries and totals follow. */
  private async applyMoney(
    tx: Tx,
    project: ProjectRecord,
    amendable: AmendableProjectView,
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
    const commitments = await this.ledger.lockRegionCommitments(
      tx,
      project.callId,
      Object.keys(amendable.regionCurrencies),
    );
    const grants = await this.instalments.lockLiveGrants(tx, project.proposalId);
    const workPlan = (await this.projects.milestones(tx, project.id)).map((m) => ({
      title: m.title,
      dueMonth: m.dueMonth,
      midTerm: m.midTerm,
    }));
    const settings = callSettingsOf((await this.calls.find(tx, project.callId))!.configuration);
    const delta = new Map<string, number>();
    const decisionId = grants[0]?.decisionId as string;
    for (const target of finalGrants) {
      const grant = grants.find((g) => g.organisationId === target.organisationId);
      const amount = removed.has(target.organisationId) ? 0 : target.grant;
      const before = grant ? grant.amount : 0;
      if (amount === before && !removed.has(target.organisationId)) continue;
      const commitment = commitments.find((c) => c.regionCode === target.regionCode)!;
      delta.set(commitment.id, (delta.get(commitment.id) ?? 0) + amount - before);
      await this.ledger.reallocate(tx, {
        callId: project.callId,
        commitmentId: commitment.id,
        regionCode: commitment.regionCode,
        decisionId,
        proposalId: project.proposalId,
        organisationId: target.organisationId,
        amount,
        currency: commitment.currency,
      });
      if (grant && amount === 0) {
        await this.instalments.transitionGrantRemoved(tx, grant.id);
      } else if (grant) {
        await this.instalments.regrant(tx, grant.id, amount, (instalments) => resplitInstalments(amount, instalments));
      } else {
        await this.instalments.addGrant(
          tx,
          {
            callId: project.callId,
            decisionId,
            proposalId: project.proposalId,
            organisationId: target.organisationId,
            agencyId: commitment.agencyId,
            regionCode: commitment.regionCode,
            amount,
            currency: commitment.currency,
            projectStart: project.startDate,
          },
          // A new partner's grant is split like the others: by the call's settings.
          instalmentSchedule(amount, workPlan, duration, instalmentPlanFor(settings, workPlan, duration)),
        );
      }
    }
    for (const [commitmentId, change] of [...delta].sort()) {
      if (change === 0) continue;
      try {
        await this.ledger.moveAllocatedTotal(tx, commitmentId, change);
      } catch (error) {
        if (isOverdraft(error))
          throw new DomainError('BUDGET_OVERDRAWN', 'The amendment would exceed the region’s commitment.', 'rule', [
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
}
