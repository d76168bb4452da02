import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { callSettingsOf, milestoneSchedule, projectEndsAt, type CallSettings } from '@app/domain';
import { AuditWriter, ProjectRepository, WorkflowSignalOutboxRepository, type Tx } from '@app/persistence';
import { signalCallEndChanged } from '../calls/call-end-signal';
import { wakeProject } from './project-signals';

export interface OpenProjectInput {
  /** The call: its id, the time zone its dates are in and its settings (grace period, report interval). */
  call: { id: string; configuration: { timeZone: string; settings?: CallSettings } };
  decisionId: string;
  proposalId: string;
  /** YYYY-MM-DD, in the call's time zone. */
  startDate: string;
}

/**
 * The project of a proposal the decision funds (SPEC §3 Project), inside the decision's unit of work: its
 * start, its milestones dated from the work plan in the call's time zone, and its workflow started through
 * the outbox. Idempotent: a proposal that has its project returns it.
 */
@Injectable()
export class OpenProjectUseCase {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
  ) {}

  /** The project's id. */
  async execute(tx: Tx, input: OpenProjectInput): Promise<string> {
    const existing = await this.projects.idOfProposal(tx, input.proposalId);
    if (existing) return existing;
    const proposal = await this.projects.fundedProposal(tx, input.proposalId);
    const tz = input.call.configuration.timeZone;
    const id = randomUUID();
    const { content } = proposal;
    const settings = callSettingsOf(input.call.configuration);
    const schedule = milestoneSchedule(input.startDate, tz, content.workPlan, {
      graceDays: settings.milestoneGraceDays,
    });
    await this.projects.create(tx, {
      id,
      callId: input.call.id,
      proposalId: input.proposalId,
      decisionId: input.decisionId,
      coordinatorOrganisationId: proposal.coordinator,
      acronym: proposal.acronym,
      startDate: input.startDate,
      durationMonths: content.durationMonths,
      endsAt: projectEndsAt(input.startDate, content.durationMonths, tz),
      kpiTargets: content.kpiTargets ?? {},
      transformativeActivities: content.transformativeActivityCodes ?? [],
      reportEveryMonths: settings.reportIntervalMonths,
      graceDays: settings.milestoneGraceDays,
      milestones: schedule.map((m) => ({
        idx: m.index,
        title: content.workPlan[m.index].title,
        dueMonth: m.dueMonth,
        dueAt: m.dueAt,
        overdueAt: m.overdueAt,
        reminders: m.reminders,
        responsibleOrganisationId: content.workPlan[m.index].responsibleOrganisationId,
        midTerm: content.workPlan[m.index].midTerm,
      })),
    });
    await wakeProject(this.signals, tx, id, 'created', `project-started:${id}`);
    await signalCallEndChanged(this.signals, tx, input.call.id, 'project-created', id);
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
