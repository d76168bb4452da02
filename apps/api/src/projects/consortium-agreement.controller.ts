import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { decideConsortiumAgreementUpdate } from '@app/contracts';
import { auditRoleOf, CurrentUser, organisationIdsOf, Roles, uuidParam, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { AuditWriter, ProjectRepository } from '@app/persistence';
import { ATTACHMENT_MEDIA_TYPES } from '../proposals/attachment-limits';
import { readUploadedFile, storeBlob } from '../uploads/uploaded-file';
import { ProjectAccess } from './project-access';
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
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditWriter,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  @Roles('APPLICANT')
  @Put()
  @ApiOperation({
    summary: `Upload the signed consortium agreement (coordinator): raw body, ${ATTACHMENT_MEDIA_TYPES.join(', ')}; replaces a returned one`,
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
    const { sha256, name, mediaType } = file;
    return this.dataSource.transaction(async (manager) => {
      await this.access.visible(manager, user, id);
      const project = (await this.projects.find(manager, id, true))!;
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
      await storeBlob(manager, file);
      await manager.query(
        `UPDATE project SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, consortium_agreement_file_name = $3, consortium_agreement_uploaded_by = $4,
                consortium_agreement_uploaded_at = clock_timestamp(), consortium_agreement_comment = NULL, consortium_agreement_decided_at = NULL WHERE id = $1`,
        [id, sha256, name, user.userId],
      );
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'project.consortium-agreement-submitted',
        entityType: 'project',
        entityId: id,
        before: { state: project.consortiumAgreement },
        after: { state: 'SUBMITTED', sha256, name },
      });
      await this.projects.notify(
        manager,
        project,
        'PROGRAMME_MANAGERS',
        'PROJECT_REPORT_SUBMITTED',
        { reason: 'the consortium agreement' },
        `agreement-submitted:${id}:${sha256}`,
      );
      return { state: 'SUBMITTED', name, mediaType, size: file.bytes.length, sha256 };
    });
  }

  @Get()
  @ApiOperation({ summary: 'Download the consortium agreement (everyone who sees the project)' })
  @ApiFileResponse(
    ATTACHMENT_MEDIA_TYPES,
    'The agreement, in the media type it was uploaded with (Content-Disposition names the file)',
  )
  async download(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<StreamableFile> {
    const manager = this.dataSource.manager;
    await this.access.visible(manager, user, id);
    const rows: Array<{ mediaType: string; bytes: Buffer; name: string }> = await manager.query(
      'SELECT b.media_type AS "mediaType", b.bytes, p.consortium_agreement_file_name AS name FROM project p JOIN attachment_blob b ON b.sha256 = p.consortium_agreement_sha256 WHERE p.id = $1',
      [id],
    );
    if (rows.length === 0) throw new NotFoundException(`Project ${id} has no consortium agreement yet.`);
    return new StreamableFile(rows[0].bytes, {
      type: rows[0].mediaType,
      disposition: `attachment; filename="${encodeURIComponent(rows[0].name)}"`,
    });
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Accept the consortium agreement: the advance instalments (and any already earned) are released to each funded partner’s agency (F4)',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('PROJECT_CLOSED', 'ILLEGAL_AGREEMENT_TRANSITION')
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
  @ApiErrorCodes('PROJECT_CLOSED', 'ILLEGAL_AGREEMENT_TRANSITION', 'COMMENT_REQUIRED')
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
