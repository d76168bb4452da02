import { Injectable } from '@nestjs/common';
import { auditRoleOf, organisationIdsOf, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { AttachmentBlobRepository, AuditWriter, ProjectRepository, UnitOfWork } from '@app/persistence';
import { ProjectAccess } from './project-access';

/** The signed agreement as uploaded (parsed and hashed at the edge). */
export interface AgreementFile {
  name: string;
  mediaType: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * The coordinator uploads the signed consortium agreement (SPEC F4) while none is accepted: stored
 * content-addressed like attachments, SUBMITTED, the programme managers told.
 */
@Injectable()
export class UploadConsortiumAgreementUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly blobs: AttachmentBlobRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { user: Principal; projectId: string; file: AgreementFile }) {
    const { user, projectId: id, file } = input;
    const { sha256, name, mediaType } = file;
    return this.uow.run(async (tx) => {
      await this.access.visible(tx, user, id);
      const project = (await this.projects.find(tx, id, true))!;
      if (!organisationIdsOf(user).includes(project.coordinatorOrganisationId))
        throw new DomainError('COORDINATOR_ONLY', 'The coordinator uploads the consortium agreement.', 'forbidden');
      if (project.state === 'COMPLETED' || project.state === 'TERMINATED')
        throw new DomainError('PROJECT_CLOSED', `The project is ${project.state}.`, 'conflict', [], {
          state: project.state,
        });
      if (project.consortiumAgreement === 'ACCEPTED')
        throw new DomainError(
          'ILLEGAL_AGREEMENT_TRANSITION',
          'The consortium agreement is ACCEPTED: it can no longer be replaced.',
          'conflict',
          [],
          { state: 'ACCEPTED' },
        );
      await this.blobs.store(tx, file);
      await this.projects.transitionAgreementSubmitted(tx, id, { sha256, name }, user.userId);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'project.consortium-agreement-submitted',
        entityType: 'project',
        entityId: id,
        before: { state: project.consortiumAgreement },
        after: { state: 'SUBMITTED', sha256, name },
      });
      await this.projects.notify(
        tx,
        project,
        'PROGRAMME_MANAGERS',
        'PROJECT_REPORT_SUBMITTED',
        { reason: 'the consortium agreement' },
        `agreement-submitted:${id}:${sha256}`,
      );
      return { state: 'SUBMITTED' as const, name, mediaType, size: file.bytes.length, sha256 };
    });
  }
}
