import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, organisationIdsOf, type Principal } from '@app/common';
import { ProjectRepository, type ProjectRecord, type Tx } from '@app/persistence';

/**
 * What the caller may see of a project: everything (programme managers, its applicants) or its agency's
 * partners only.
 */
export interface VisibleProject {
  project: ProjectRecord;
  /** Agencies whose partners' grants the caller sees; `null` = all. */
  agencyIds: string[] | null;
}

/**
 * The project boundary (SPEC §2, §9 `GET /projects/{id}`): programme managers see every project; the
 * members of its consortium's organisations see their project; an agency officer sees the projects with a
 * grant of its agency, with its own partners' grants only. Anyone else: 404.
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly projects: ProjectRepository) {}

  async visible(tx: Tx, principal: Principal, projectId: string): Promise<VisibleProject> {
    const project = await this.projects.find(tx, projectId);
    if (project) {
      const seen = await this.seenBy(tx, principal, project);
      if (seen !== undefined) return { project, agencyIds: seen };
    }
    throw new NotFoundException(`Project ${projectId} not found.`);
  }

  /** The call's projects the caller may see, in acronym order. */
  async ofCall(tx: Tx, principal: Principal, callId: string): Promise<VisibleProject[]> {
    const projects = await this.projects.ofCall(tx, callId);
    const visible: VisibleProject[] = [];
    for (const project of projects) {
      const seen = await this.seenBy(tx, principal, project);
      if (seen !== undefined) visible.push({ project, agencyIds: seen });
    }
    return visible;
  }

  /** `null` = everything, a list = those agencies' partners only, `undefined` = invisible. */
  private async seenBy(tx: Tx, principal: Principal, project: ProjectRecord): Promise<string[] | null | undefined> {
    if (hasRole(principal, 'PROGRAMME_MANAGER', 'ADMIN')) return null;
    // The consortium: the proposal's partners, the coordinator and partners added by an amendment (their grants).
    const consortium = await this.projects.consortiumOrganisations(tx, project);
    const mine = organisationIdsOf(principal);
    if (consortium.some((id) => mine.includes(id))) return null;
    const agencies = await this.projects.grantingAgencyIds(tx, project);
    const officerOf = agencyIdsOf(principal).filter((a) => agencies.includes(a));
    return officerOf.length > 0 ? officerOf : undefined;
  }
}
