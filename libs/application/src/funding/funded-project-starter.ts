import { Injectable } from '@nestjs/common';
import { PROJECT_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { milestoneSchedule, projectEndsAt } from '@app/domain';
import {
  AuditWriter,
  ProjectRepository,
  ProposalRepository,
  WorkflowSignalOutboxRepository,
  type CallRecord,
  type Tx,
} from '@app/persistence';

/**
 * The project of a proposal the decision funds, inside the decision's transaction: its start, its
 * milestones dated from the work plan in the call's time zone, and its workflow started through the outbox.
 * Idempotent by proposal.
 */
@Injectable()
export class FundedProjectStarter {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly proposals: ProposalRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
  ) {}

  async start(
    tx: Tx,
    call: CallRecord,
    input: { decisionId: string; proposalId: string; startDate: string },
  ): Promise<string> {
    const proposal = (await this.proposals.find(tx, input.proposalId))!;
    const content = (await this.proposals.version(tx, input.proposalId, proposal.lastVersion))!.content!;
    const tz = call.configuration.timeZone;
    const schedule = milestoneSchedule(input.startDate, tz, content.workPlan);
    const { id, created } = await this.projects.createForProposal(
      tx,
      {
        callId: call.id,
        proposalId: input.proposalId,
        decisionId: input.decisionId,
        coordinatorOrganisationId: proposal.coordinatorOrganisationId,
        acronym: proposal.content.acronym,
        startDate: input.startDate,
        durationMonths: content.durationMonths,
        endsAt: projectEndsAt(input.startDate, content.durationMonths, tz),
        kpiTargets: content.kpiTargets ?? {},
        transformativeActivityCodes: content.transformativeActivityCodes ?? [],
      },
      schedule.map((m) => ({
        index: m.index,
        title: content.workPlan[m.index].title,
        dueMonth: m.dueMonth,
        dueAt: m.dueAt,
        overdueAt: m.overdueAt,
        reminders: m.reminders,
        responsibleOrganisationId: content.workPlan[m.index].responsibleOrganisationId,
        midTerm: content.workPlan[m.index].midTerm,
      })),
    );
    if (!created) return id;
    await this.signals.enqueue(tx, {
      dedupeKey: `project-started:${id}`,
      workflowId: WorkflowIds.project(id),
      workflowType: PROJECT_LIFECYCLE_WORKFLOW_TYPE,
      taskQueue: TaskQueues.main,
      startArgs: [{ projectId: id }],
      signalName: 'projectChanged',
      signalArgs: [{ reason: 'created' }],
    });
    await this.audit.record(tx, {
      actor: null,
      action: 'project.created',
      entityType: 'project',
      entityId: id,
      after: { proposalId: input.proposalId, startDate: input.startDate, milestones: schedule.length },
      businessKey: `project-created:${id}`,
    });
    return id;
  }
}
