import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decideConsortiumAgreementUpdate } from '@app/contracts';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { ProjectAccess, UploadConsortiumAgreementUseCase } from '@app/application';
import { DomainError } from '@app/domain';
import { ProjectRepository, UnitOfWork } from '@app/persistence';
import { ATTACHMENT_MEDIA_TYPES } from '../proposals/attachment-limits';
import { readUploadedFile } from '../uploads/uploaded-file';
import { CommentDto, RequiredCommentDto } from './project.dto';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ApiErrorCodes, ApiFileResponse, ApiRawUpload } from '../openapi/api-problems.decorator';
import { ConsortiumAgreementUploadedDto, ProjectActionResultDto } from './project.response.dto';

/**
 * The consortium agreement (SPEC F4): the coordinator uploads it (raw body, stored content-addressed like
 * attachments) while none is accepted; the programme manager accepts it — releasing the advance
 * instalments, the gate before any money moves — or returns it with a comment, as updates of the project's
 * workflow.
 */
@ApiTags('projects')
@ApiBearerAuth()
@ApiErrorCodes('NOT_FOUND')
@Controller('projects/:id/consortium-agreement')
export class ConsortiumAgreementController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly uploadAgreement: UploadConsortiumAgreementUseCase,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  @Roles('APPLICANT')
  @Put()
  @ApiOperation({
    summary:
      'Upload the signed consortium agreement (coordinator): raw body, ' +
      `${ATTACHMENT_MEDIA_TYPES.join(', ')}; replaces a returned one`,
  })
  @ApiRawUpload(ATTACHMENT_MEDIA_TYPES, 'The signed agreement itself (at most 20 MiB)')
  @ApiOkResponse({ type: ConsortiumAgreementUploadedDto })
  @ApiErrorCodes('COORDINATOR_ONLY', 'PROJECT_CLOSED', 'ILLEGAL_AGREEMENT_TRANSITION')
  async upload(
    @Param('id', uuidParam('id')) id: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @Req() request: { body?: unknown },
    @CurrentUser() user: Principal,
  ) {
    const file = readUploadedFile(contentType, fileName, request.body);
    return this.uploadAgreement.execute({ user, projectId: id, file });
  }

  @Get()
  @ApiOperation({ summary: 'Download the consortium agreement (everyone who sees the project)' })
  @ApiErrorCodes('CONSORTIUM_AGREEMENT_NOT_UPLOADED')
  @ApiFileResponse(
    ATTACHMENT_MEDIA_TYPES,
    'The agreement, in the media type it was uploaded with (Content-Disposition names the file)',
  )
  async download(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<StreamableFile> {
    const file = await this.uow.read(async (tx) => {
      await this.access.visible(tx, user, id);
      return this.projects.agreementFile(tx, id);
    });
    // The project is the caller's: an agreement not uploaded yet is "not yet", not "not yours".
    if (!file)
      throw new DomainError(
        'CONSORTIUM_AGREEMENT_NOT_UPLOADED',
        `Project ${id} has no consortium agreement yet.`,
        'conflict',
      );
    return new StreamableFile(file.bytes, {
      type: file.mediaType,
      disposition: `attachment; filename="${encodeURIComponent(file.name)}"`,
    });
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Accept the consortium agreement: the advance instalments (and any already earned) are released to each ' +
      'funded partner’s agency (F4)',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('PROJECT_CLOSED', 'WORKFLOW_UNAVAILABLE', 'ILLEGAL_AGREEMENT_TRANSITION')
  async accept(@Param('id', uuidParam('id')) id: string, @Body() body: CommentDto, @CurrentUser() user: Principal) {
    return this.workflow.update(id, decideConsortiumAgreementUpdate, {
      accept: true,
      ...(body.comment ? { comment: body.comment } : {}),
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Return the consortium agreement with a comment; the coordinator uploads a new one' })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('PROJECT_CLOSED', 'WORKFLOW_UNAVAILABLE', 'ILLEGAL_AGREEMENT_TRANSITION', 'COMMENT_REQUIRED')
  async return(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RequiredCommentDto,
    @CurrentUser() user: Principal,
  ) {
    return this.workflow.update(id, decideConsortiumAgreementUpdate, {
      accept: false,
      comment: body.comment,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
  }
}
