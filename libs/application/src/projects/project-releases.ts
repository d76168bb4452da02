import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { instalmentsReleasedBy, releasableInstalments, type ReleaseEvent } from '@app/domain';
import {
  GrantRepository,
  ProjectRepository,
  type InstalmentMovement,
  type ProjectRecord,
  type Tx,
} from '@app/persistence';

/**
 * Releases of a project's instalments inside a project action's transaction, decided by the domain's gate
 * (F4): with an event, what that event releases; without one, everything earned and not yet released
 * (after the agreement's acceptance, a resumption, or an amendment that added a partner). Each moved
 * instalment gets its ledger entry (GrantRepository, under the commitments' locks); each agency
 * is told once per action.
 */
@Injectable()
export class ProjectReleases {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly instalments: GrantRepository,
  ) {}

  /** What the project has earned (read after this action's writes), released through the ledger; agencies told. */
  async release(
    tx: Tx,
    project: ProjectRecord,
    event: ReleaseEvent | undefined,
    input: { updateId: string; at: string },
  ): Promise<InstalmentMovement[]> {
    const facts = await this.projects.releaseFacts(tx, project.id);
    const monitored = await this.instalments.liveInstalmentsOf(tx, project.proposalId);
    let ids: string[];
    if (event) {
      const decision = instalmentsReleasedBy(facts, event, monitored);
      ids = decision.outcome === 'RELEASE' ? decision.instalmentIds : [];
    } else {
      ids = releasableInstalments(facts, monitored);
    }
    const moved = await this.instalments.release(tx, ids, input.at);
    for (const agencyId of [...new Set(moved.map((m) => m.agencyId))].sort()) {
      const mine = moved.filter((m) => m.agencyId === agencyId);
      const sums = [...new Set(mine.map((m) => m.currency))]
        .map((c) => `${mine.filter((m) => m.currency === c).reduce((s, m) => s + m.amount, 0) / 100} ${c}`)
        .join(', ');
      await this.projects.notify(
        tx,
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
}
