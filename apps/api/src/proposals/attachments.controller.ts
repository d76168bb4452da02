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
import { CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { AttachFileUseCase, ProposalAccess } from '@app/application';
import { ATTACHMENT_MEDIA_TYPES } from '@app/domain';
import { AttachmentRepository, UnitOfWork } from '@app/persistence';
import { readUploadedFile } from '../uploads/uploaded-file';
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
    private readonly uow: UnitOfWork,
    private readonly attachments: AttachmentRepository,
    private readonly access: ProposalAccess,
    private readonly attachFile: AttachFileUseCase,
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
    return this.attachFile.execute(user, id, file);
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
    const file = await this.uow.read(async (tx) => {
      await this.access.visible(tx, user, id);
      return /^[0-9a-f]{64}$/.test(sha256) ? this.attachments.ofProposal(tx, id, sha256) : null;
    });
    if (!file) throw new NotFoundException(`Proposal ${id} has no attachment ${sha256}.`);
    return new StreamableFile(file.bytes, { type: file.mediaType });
  }
}
