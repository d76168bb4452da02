import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@app/common';
import { ProjectAccess, SubmitProjectReportUseCase, type ReportSubject } from '@app/application';
import { DomainError } from '@app/domain';
import { ProjectReportRepository, UnitOfWork, type ProjectReportRecord, type Tx } from '@app/persistence';
import type { ProjectReportDto } from './project.dto';

/**
 * Joint reports (SPEC M4, M6): the coordinator submits one report per milestone or period
 * (`SubmitProjectReportUseCase`); each reader sees the project-level part and the partners' parts it may
 * see (an agency: its own partners', with the fields its programme adds). The programme manager's
 * decision is an update of the project workflow (see the controller).
 */
@Injectable()
export class ProjectReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly reports: ProjectReportRepository,
    private readonly submitReport: SubmitProjectReportUseCase,
  ) {}

  async submit(user: Principal, projectId: string, subject: ReportSubject, dto: ProjectReportDto) {
    const id = await this.submitReport.execute({ user, projectId, subject, report: dto });
    return this.one(user, projectId, id);
  }

  /** Every report of the project (all revisions, newest first per subject), as the caller may see them. */
  async list(user: Principal, projectId: string) {
    return this.uow.read(async (tx) => {
      const { agencyIds } = await this.access.visible(tx, user, projectId);
      const reports = await this.reports.ofProject(tx, projectId);
      return { items: await Promise.all(reports.map((r) => this.view(tx, r, agencyIds))) };
    });
  }

  async one(user: Principal, projectId: string, reportId: string) {
    return this.uow.read(async (tx) => {
      const { agencyIds } = await this.access.visible(tx, user, projectId);
      const report = await this.reports.find(tx, projectId, reportId);
      if (!report) throw new NotFoundException(`Report ${reportId} not found.`);
      return this.view(tx, report, agencyIds);
    });
  }

  /** The open (SUBMITTED) report of a milestone: what the SPEC's milestone accept / request-changes act on. */
  async openReportOfMilestone(projectId: string, idx: number): Promise<string> {
    const id = await this.uow.read((tx) => this.reports.openOfMilestone(tx, projectId, idx));
    if (!id)
      throw new DomainError(
        'NO_REPORT_TO_DECIDE',
        `Milestone ${idx} has no submitted report awaiting a decision.`,
        'conflict',
        [],
        { milestone: idx },
      );
    return id;
  }

  private async view(tx: Tx, r: ProjectReportRecord, agencyIds: string[] | null) {
    const parts = await this.reports.parts(tx, r.id, agencyIds);
    return {
      ...r,
      submittedAt: r.submittedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      partnerParts: parts,
    };
  }
}
