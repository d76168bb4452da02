import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock, organisationIdsOf, type Principal } from '@app/common';
import { annexDueAt, checkAnnex, DomainError, toZonedIso } from '@app/domain';
import { AttachmentRepository, AuditWriter, RegionalAnnexRepository, UnitOfWork } from '@app/persistence';
import { ProposalAccess } from './proposal-access';

export interface RegionalAnnexInput {
  fields: Record<string, string>;
  documents: Record<string, string>;
}

/**
 * A region's own annex (SPEC S6), given by the members of a funded partner of that region until its due
 * date; its documents are files attached to the proposal, by SHA-256.
 */
@Injectable()
export class GiveRegionalAnnexUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly annexes: RegionalAnnexRepository,
    private readonly attachments: AttachmentRepository,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  execute(user: Principal, id: string, organisationId: string, body: RegionalAnnexInput) {
    return this.uow.run(async (tx) => {
      const { proposal, partners } = await this.access.visible(tx, user, id, 'update');
      const partner = partners.find((p) => p.organisationId === organisationId);
      if (!partner || !organisationIdsOf(user).includes(organisationId))
        throw new NotFoundException(`Proposal ${id} not found.`);
      const terms = await this.annexes.termsOf(tx, proposal.callId, partner.regionCode);
      const requirement = terms?.requirement;
      if (!terms || !partner.funded || !requirement?.required) {
        throw new DomainError(
          'ANNEX_NOT_REQUIRED',
          `Region ${partner.regionCode} asks no regional annex of this partner.`,
          'rule',
          [],
          { regionCode: partner.regionCode },
        );
      }
      const due = annexDueAt(terms.stageOneDeadline.getTime(), requirement);
      if (this.clock.now().getTime() > due) {
        const deadline = toZonedIso(new Date(due).toISOString(), terms.timeZone);
        throw new DomainError('ANNEX_DEADLINE_PASSED', `The regional annex was due ${deadline}.`, 'conflict', [], {
          deadline,
        });
      }
      const violations = checkAnnex(body, requirement);
      const known = await this.attachments.attachedOf(tx, id, Object.values(body.documents));
      for (const [name, sha256] of Object.entries(body.documents)) {
        if (!known.includes(sha256))
          violations.push({
            rule: 'S6',
            field: `documents.${name}`,
            code: 'ANNEX_DOCUMENT_NOT_ATTACHED',
            message: 'attach the file to the proposal first (its SHA-256)',
          });
      }
      if (violations.length)
        throw new DomainError(
          'ANNEX_INCOMPLETE',
          `The regional annex breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      await this.annexes.save(tx, {
        proposalId: id,
        organisationId,
        fields: body.fields,
        documents: body.documents,
        submittedBy: user.userId,
      });
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.regional-annex-given',
        entityType: 'proposal',
        entityId: id,
        after: { organisationId, fields: Object.keys(body.fields), documents: body.documents },
      });
      return {
        proposalId: id,
        organisationId,
        regionCode: partner.regionCode,
        dueAt: toZonedIso(new Date(due).toISOString(), terms.timeZone),
      };
    });
  }
}
