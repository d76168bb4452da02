import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { AuditWriter, ProposalRepository } from '@app/persistence';
import { readUploadedFile, storeBlob } from '../uploads/uploaded-file';
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENTS_PER_PROPOSAL } from './attachment-limits';
import { ProposalAccess } from './proposal-access';
import { ApiErrorCodes, ApiFileResponse, ApiRawUpload } from '../openapi/api-problems.decorator';
import { AttachmentDto } from './proposal.response.dto';

/**
 * Attachments are uploaded as the raw request body and stored in PostgreSQL, content-addressed by their
 * SHA-256: in the same transaction as the draft that refers to them, backed up with it, and immutable —
 * a submitted version refers to its files by hash, so a receipt's SHA-256 covers them (SPEC S5).
 */
@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
  ) {}

  @Roles('APPLICANT')
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: `Attach a file to the draft (coordinator): raw body, ${ATTACHMENT_MEDIA_TYPES.join(', ')}; at most 20 MiB`,
  })
  @ApiRawUpload(ATTACHMENT_MEDIA_TYPES, 'The file itself (at most 20 MiB)')
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiErrorCodes('NOT_FOUND', 'PROPOSAL_STATE_CONFLICT', 'TOO_MANY_ATTACHMENTS')
  async upload(
    @Param('id', uuidParam('id')) id: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @Req() request: { body?: unknown },
    @CurrentUser() user: Principal,
  ) {
    const file = readUploadedFile(contentType, fileName, request.body);
    const { sha256, name, mediaType } = file;
    return this.dataSource.transaction(async (manager) => {
      const { proposal } = await this.access.asCoordinator(manager, user, id, 'update');
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
          {
            max: MAX_ATTACHMENTS_PER_PROPOSAL,
          },
        );
      await storeBlob(manager, file);
      await manager.query(
        'INSERT INTO proposal_attachment (proposal_id, sha256, uploaded_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [id, sha256, user.userId],
      );
      const attachment = { name, mediaType, size: file.bytes.length, sha256 };
      await this.proposals.saveContent(manager, id, { ...proposal.content, attachments: [...others, attachment] });
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.attachment-added',
        entityType: 'proposal',
        entityId: id,
        after: attachment,
      });
      return attachment;
    });
  }

  @Get(':sha256')
  @ApiOperation({ summary: 'Download an attachment of the proposal by its SHA-256' })
  @ApiFileResponse(ATTACHMENT_MEDIA_TYPES, 'The file, in the media type it was uploaded with')
  @ApiErrorCodes('NOT_FOUND')
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Param('sha256') sha256: string,
    @CurrentUser() user: Principal,
  ): Promise<StreamableFile> {
    const manager = this.dataSource.manager;
    await this.access.visible(manager, user, id);
    const rows: Array<{ media_type: string; bytes: Buffer }> = /^[0-9a-f]{64}$/.test(sha256)
      ? await manager.query(
          'SELECT b.media_type, b.bytes FROM proposal_attachment a JOIN attachment_blob b ON b.sha256 = a.sha256 WHERE a.proposal_id = $1 AND a.sha256 = $2',
          [id, sha256],
        )
      : [];
    if (rows.length === 0) throw new NotFoundException(`Proposal ${id} has no attachment ${sha256}.`);
    return new StreamableFile(rows[0].bytes, { type: rows[0].media_type });
  }
}
