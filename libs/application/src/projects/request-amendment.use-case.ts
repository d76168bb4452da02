import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditRoleOf, organisationIdsOf, type Principal } from '@app/common';
import { amendmentApprovers, DomainError, validateAmendment, type AmendmentRequest, type Violation } from '@app/domain';
import {
  AuditWriter,
  OrganisationRepository,
  ProjectAmendmentRepository,
  ProjectRepository,
  UnitOfWork,
  type Tx,
} from '@app/persistence';
import { ProjectAccess } from './project-access';

/**
 * The coordinator requests an amendment (SPEC M6): milestone date changes, a new duration, budget shifts
 * between one region's partners and partner changes in one request, validated by the domain (every problem
 * listed; one pending amendment per project); the affected agencies are asked. Returns its id.
 */
@Injectable()
export class RequestAmendmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly amendments: ProjectAmendmentRepository,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    user: Principal;
    projectId: string;
    justification: string;
    request: AmendmentRequest;
  }): Promise<string> {
    const { user, projectId: id, justification, request } = input;
    return this.uow.run(async (tx) => {
      await this.access.visible(tx, user, id);
      const project = (await this.projects.find(tx, id, true))!;
      if (!organisationIdsOf(user).includes(project.coordinatorOrganisationId))
        throw new DomainError('COORDINATOR_ONLY', 'The coordinator requests amendments.', 'forbidden');
      if (project.state !== 'ACTIVE' && project.state !== 'SUSPENDED')
        throw new DomainError('PROJECT_CLOSED', `The project is ${project.state}.`, 'conflict', [], {
          state: project.state,
        });
      const pending = await this.amendments.pendingOf(tx, id);
      if (pending)
        throw new DomainError(
          'AMENDMENT_PENDING',
          `Amendment ${pending} still awaits the agencies; one at a time.`,
          'conflict',
          [],
          { amendmentId: pending },
        );
      const amendable = await this.amendments.amendable(tx, project);
      const violations = [...validateAmendment(amendable, request), ...(await this.newPartnerViolations(tx, request))];
      if (violations.length)
        throw new DomainError(
          'INVALID_AMENDMENT',
          `The amendment has ${violations.length} problem(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const approvers = amendmentApprovers(request, amendable.regionAgencies, amendable.partnerRegions);
      if (approvers.length === 0)
        throw new DomainError('EMPTY_AMENDMENT', 'The amendment changes nothing.', 'rule', [
          { field: 'body', code: 'EMPTY_AMENDMENT', message: 'change a date, a budget or a partner' },
        ]);
      const newId = randomUUID();
      await this.amendments.create(tx, {
        id: newId,
        projectId: id,
        request,
        justification,
        requiredAgencies: approvers,
        requestedBy: user.userId,
      });
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'amendment.requested',
        entityType: 'project',
        entityId: id,
        after: { amendmentId: newId, request, approvers },
      });
      await this.projects.notify(
        tx,
        project,
        { agencyIds: approvers },
        'AMENDMENT_REQUESTED',
        { reason: justification },
        `amendment-requested:${newId}`,
      );
      return newId;
    });
  }

  /** A new partner is an existing organisation of the region that funds it (the domain checks the rest). */
  private async newPartnerViolations(tx: Tx, request: AmendmentRequest): Promise<Violation[]> {
    const added = request.addPartners ?? [];
    const violations: Violation[] = [];
    for (const [i, a] of added.entries()) {
      const found = await this.organisations.findById(tx, a.organisationId);
      if (!found)
        violations.push({
          field: `addPartners[${i}].organisationId`,
          code: 'UNKNOWN_ORGANISATION',
          message: `Organisation ${a.organisationId} does not exist.`,
          params: { organisationId: a.organisationId },
        });
      else if (found.regionCode !== a.regionCode)
        violations.push({
          field: `addPartners[${i}].regionCode`,
          code: 'ORGANISATION_OUTSIDE_REGION',
          message: `The organisation is in ${found.regionCode}, not ${a.regionCode}.`,
          params: { regionCode: found.regionCode, expected: a.regionCode },
        });
    }
    return violations;
  }
}
