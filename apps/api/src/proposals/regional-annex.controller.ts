import { Body, Controller, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentUser, organisationIdsOf, Roles, uuidParam, type Principal } from '@app/common';
import { annexDueAt, checkAnnex, DomainError, toZonedIso, type AnnexRequirement } from '@app/domain';
import { AuditWriter } from '@app/persistence';
import { ProposalAccess } from './proposal-access';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { RegionalAnnexSavedDto } from './proposal.response.dto';

class RegionalAnnexDto {
  @ApiProperty({ example: { 'Regional VAT status': 'registered' } }) @IsObject() fields!: Record<string, string>;
  @ApiProperty({ example: { 'Chamber of commerce extract': '<sha256 of an attachment of the proposal>' } })
  @IsObject()
  documents!: Record<string, string>;
}

/**
 * A region's own annex (SPEC S6): the fields and documents its programme asks of its partners, due a
 * set number of days after the joint deadline; without it the partner fails the regional check.
 */
@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals/:id/annex/:organisationId')
export class RegionalAnnexController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
  ) {}

  @Roles('APPLICANT')
  @Put()
  @ApiOperation({
    summary: 'Give the regional annex the partner’s region asks for (members of that partner), until its due date',
  })
  @ApiOkResponse({ type: RegionalAnnexSavedDto })
  @ApiErrorCodes('NOT_FOUND', 'ANNEX_NOT_REQUIRED', 'ANNEX_DEADLINE_PASSED', 'ANNEX_INCOMPLETE')
  async put(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: RegionalAnnexDto,
    @CurrentUser() user: Principal,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const { proposal, partners } = await this.access.visible(manager, user, id, 'update');
      const partner = partners.find((p) => p.organisationId === organisationId);
      if (!partner || !organisationIdsOf(user).includes(organisationId))
        throw new NotFoundException(`Proposal ${id} not found.`);
      const [commitment]: Array<{
        requirement: AnnexRequirement | null;
        deadline: Date;
        now: Date;
        time_zone: string;
      }> = await manager.query(
        `SELECT fc.rules->'regionalAnnex' AS requirement, s.submission_deadline AS deadline, clock_timestamp() AS now, j.time_zone
           FROM joint_call j JOIN call_stage s ON s.call_id = j.id AND s.stage_no = 1
           LEFT JOIN fund_commitment fc ON fc.call_id = j.id AND fc.region_code = $2 AND fc.status = 'CONFIRMED'
          WHERE j.id = $1`,
        [proposal.callId, partner.regionCode],
      );
      const requirement = commitment?.requirement;
      if (!partner.funded || !requirement?.required) {
        throw new DomainError(
          'ANNEX_NOT_REQUIRED',
          `Region ${partner.regionCode} asks no regional annex of this partner.`,
          'rule',
          [],
          {
            regionCode: partner.regionCode,
          },
        );
      }
      const due = annexDueAt(commitment.deadline.getTime(), requirement);
      if (commitment.now.getTime() > due) {
        const deadline = toZonedIso(new Date(due).toISOString(), commitment.time_zone);
        throw new DomainError('ANNEX_DEADLINE_PASSED', `The regional annex was due ${deadline}.`, 'conflict', [], {
          deadline,
        });
      }
      const violations = checkAnnex(body, requirement);
      const hashes = Object.values(body.documents);
      const known: Array<{ sha256: string }> = hashes.length
        ? await manager.query('SELECT sha256 FROM proposal_attachment WHERE proposal_id = $1 AND sha256 = ANY($2)', [
            id,
            hashes,
          ])
        : [];
      for (const [name, sha256] of Object.entries(body.documents)) {
        if (!known.some((k) => k.sha256 === sha256))
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
      await manager.query(
        `INSERT INTO regional_annex (proposal_id, organisation_id, fields, documents, submitted_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (proposal_id, organisation_id) DO UPDATE SET fields = EXCLUDED.fields, documents = EXCLUDED.documents, submitted_by = EXCLUDED.submitted_by, submitted_at = clock_timestamp()`,
        [id, organisationId, JSON.stringify(body.fields), JSON.stringify(body.documents), user.userId],
      );
      await this.audit.record(manager, {
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
        dueAt: toZonedIso(new Date(due).toISOString(), commitment.time_zone),
      };
    });
  }
}
