import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { webLinks } from '@app/contracts';
import { instalmentsReleasedBy, releasableInstalments, type ReleaseEvent, type ReleaseFacts } from '@app/domain';
import {
  InstalmentLedgerRepository,
  ProjectRepository,
  type InstalmentMovement,
  type ProjectRecord,
} from '@app/persistence';
import { refused } from './project-action-runner';

/**
 * Releases of a project's instalments inside a project action's transaction, decided by the domain's gate
 * (F4): with an event, what that event releases; without one, everything earned and not yet released
 * (after the agreement's acceptance, a resumption, or an amendment that added a partner). Each moved
 * instalment gets its ledger entry (InstalmentLedgerRepository, under the commitments' locks); each agency
 * is told once per action.
 */
@Injectable()
export class ProjectReleases {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly instalments: InstalmentLedgerRepository,
  ) {}

  /** What the project has earned (read after this action's writes), released through the ledger; agencies told. */
  async release(
    manager: EntityManager,
    project: ProjectRecord,
    event: ReleaseEvent | undefined,
    input: { updateId: string; at: string },
  ): Promise<InstalmentMovement[]> {
    const facts = await this.facts(manager, project);
    const monitored = await this.instalments.ofProposal(manager, project.proposalId);
    let ids: string[];
    if (event) {
      const decision = instalmentsReleasedBy(facts, event, monitored);
      ids = decision.outcome === 'RELEASE' ? decision.instalmentIds : [];
    } else {
      ids = releasableInstalments(facts, monitored);
    }
    let moved: InstalmentMovement[];
    try {
      moved = await this.instalments.release(manager, ids, input.at);
    } catch (error) {
      refused(error);
    }
    for (const agencyId of [...new Set(moved.map((m) => m.agencyId))].sort()) {
      const mine = moved.filter((m) => m.agencyId === agencyId);
      const sums = [...new Set(mine.map((m) => m.currency))]
        .map((c) => `${mine.filter((m) => m.currency === c).reduce((s, m) => s + m.amount, 0) / 100} ${c}`)
        .join(', ');
      await this.projects.notify(
        manager,
        project,
        { agencyIds: [agencyId] },
        'INSTALMENTS_RELEASED',
        {
          count: mine.length,
          reason: sums,
          page: mine.length === 1 ? webLinks.instalment(mine[0].instalmentId) : webLinks.tasks(),
        },
        `instalments-released:${input.updateId}:${agencyId}`,
      );
    }
    return moved;
  }

  async facts(manager: EntityManager, project: ProjectRecord): Promise<ReleaseFacts> {
    const [row]: Array<{ state: ReleaseFacts['projectState']; agreement: string; accepted: number[]; final: boolean }> =
      await manager.query(
        `SELECT p.state, p.consortium_agreement AS agreement,
              COALESCE((SELECT array_agg(idx ORDER BY idx) FROM project_milestone WHERE project_id = p.id AND state = 'ACCEPTED'), '{}') AS accepted,
              EXISTS (SELECT 1 FROM project_report WHERE project_id = p.id AND kind = 'FINAL' AND state = 'ACCEPTED') AS final
         FROM project p WHERE p.id = $1`,
        [project.id],
      );
    return {
      projectState: row.state,
      consortiumAgreementAccepted: row.agreement === 'ACCEPTED',
      acceptedMilestoneIndexes: row.accepted,
      finalReportAccepted: row.final,
    };
  }
}
