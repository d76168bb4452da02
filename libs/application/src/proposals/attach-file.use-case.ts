import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/common';
import { DomainError, MAX_ATTACHMENTS_PER_PROPOSAL } from '@app/domain';
import { AttachmentRepository, AuditWriter, ProposalRepository, UnitOfWork } from '@app/persistence';
import { ProposalAccess } from './proposal-access';

/** A file read from an upload, with its SHA-256. */
export interface AttachedFileInput {
  mediaType: string;
  name: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * A file attached to the draft by the coordinator (SPEC S5): stored content-addressed in the same
 * transaction as the draft that refers to it; a proposal that can no longer change refuses (409), and a
 * proposal has at most `MAX_ATTACHMENTS_PER_PROPOSAL` files (422).
 */
@Injectable()
export class AttachFileUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly attachments: AttachmentRepository,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, id: string, file: AttachedFileInput) {
    const { sha256, name, mediaType } = file;
    return this.uow.run(async (tx) => {
      const { proposal } = await this.access.asCoordinator(tx, user, id, 'update');
      if (!['DRAFT', 'SUBMITTED', 'WITHDRAWN'].includes(proposal.state))
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; it can no longer change.`,
          'conflict',
          [],
          { state: proposal.state },
        );
      const others = proposal.content.attachments.filter((a) => a.sha256 !== sha256);
      if (others.length >= MAX_ATTACHMENTS_PER_PROPOSAL)
        throw new DomainError(
          'TOO_MANY_ATTACHMENTS',
          `A proposal has at most ${MAX_ATTACHMENTS_PER_PROPOSAL} attachments.`,
          'rule',
          [],
          { max: MAX_ATTACHMENTS_PER_PROPOSAL },
        );
      await this.attachments.storeBlob(tx, file);
      await this.attachments.attachToProposal(tx, id, sha256, user.userId);
      const attachment = { name, mediaType, size: file.bytes.length, sha256 };
      await this.proposals.saveContent(tx, id, { ...proposal.content, attachments: [...others, attachment] });
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.attachment-added',
        entityType: 'proposal',
        entityId: id,
        after: attachment,
      });
      return attachment;
    });
  }
}
