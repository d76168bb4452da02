import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, PageQueryDto, toPage, uuidParam, type Principal } from '@app/common';
import { DomainError, type Violation } from '@app/domain';
import { AuditWriter, EvaluatorPoolRepository, type CallRecord, type PoolMemberRecord } from '@app/persistence';
import { declarationHash, declarationText } from './declaration-text';
import { EvaluatorAccess } from './evaluator-access';
import { uuidCursor } from './evaluator-view';
import {
  ConflictCheckPageDto,
  DeclarationDto,
  DeclaredConflictsDto,
  ReplaceConflictsDto,
  SignDeclarationDto,
} from './evaluator.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

/** While the call is still a draft its title (part of the text) may change; a cancelled call needs no evaluation. */
const NO_SIGNING_STATES = ['DRAFT', 'CANCELLED'];

function declarationView(call: CallRecord, member: PoolMemberRecord): DeclarationDto {
  const text = declarationText({ id: call.id, title: call.configuration.title });
  return {
    callId: call.id,
    callTitle: call.configuration.title,
    text,
    declarationHash: declarationHash(text),
    signed: member.declarationSignedAt !== null,
    signedAt: member.declarationSignedAt === null ? null : new Date(member.declarationSignedAt).toISOString(),
    signedHash: member.declarationHash,
  };
}

/**
 * An evaluator's side of a call's pool (SPEC §5 V2): the confidentiality and no-conflict declaration,
 * then — once signed — the conflict check over the call's submitted proposals and its declared
 * conflicts. Only evaluators in the call's pool; everyone else gets 404.
 */
@ApiTags('evaluators')
@ApiBearerAuth()
@Controller('calls/:id')
export class EvaluatorDeclarationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly audit: AuditWriter,
  ) {}

  @Get('declaration')
  @ApiOperation({
    summary:
      'The call’s confidentiality and no-conflict declaration, its SHA-256, and whether the caller signed it (evaluators in the pool)',
  })
  @ApiOkResponse({ type: DeclarationDto })
  @ApiErrorCodes('NOT_FOUND')
  async declaration(
    @Param('id', uuidParam('id')) callId: string,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationDto> {
    const { call, member } = await this.access.poolMember(this.dataSource.manager, user, callId);
    return declarationView(call, member);
  }

  @Post('declaration/sign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign the declaration (evaluators in the pool): the body quotes the hash of the text read; idempotent',
    description:
      '422 DECLARATION_HASH_MISMATCH when the hash is not that of the current text; 409 while the call is DRAFT or CANCELLED.',
  })
  @ApiOkResponse({ type: DeclarationDto })
  @ApiUnprocessableEntityResponse({ description: 'DECLARATION_HASH_MISMATCH' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_HASH_MISMATCH')
  async sign(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: SignDeclarationDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationDto> {
    return this.dataSource.transaction(async (manager) => {
      const { call, member } = await this.access.poolMember(manager, user, callId, true);
      const current = declarationHash(declarationText({ id: call.id, title: call.configuration.title }));
      if (body.declarationHash !== current) {
        throw new DomainError(
          'DECLARATION_HASH_MISMATCH',
          'The hash is not that of the current declaration: read it again (GET /calls/{id}/declaration) and sign what you read.',
          'rule',
          [
            {
              field: 'declarationHash',
              code: 'DECLARATION_HASH_MISMATCH',
              message: 'not the SHA-256 of the current declaration text',
            },
          ],
        );
      }
      if (member.declarationHash === current) return declarationView(call, member);
      if (NO_SIGNING_STATES.includes(call.state)) {
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; its declaration is signed once the call has left DRAFT and while it is not CANCELLED.`,
          'conflict',
          [],
          { state: call.state },
        );
      }
      await this.pool.sign(manager, callId, user.userId, current);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-declaration-signed',
        entityType: 'call',
        entityId: callId,
        before: member.declarationHash === null ? null : { declarationHash: member.declarationHash },
        after: { evaluatorId: user.userId, declarationHash: current },
      });
      return declarationView(call, (await this.pool.member(manager, callId, user.userId))!);
    });
  }

  @Get('conflict-check')
  @ApiOperation({
    summary:
      'The call’s submitted proposals for spotting conflicts: acronym, title, topic and consortium organisation names and countries only (evaluators in the pool who signed)',
    description:
      '403 DECLARATION_NOT_SIGNED before signing; 404 outside the pool. Withdrawn proposals and drafts are not listed; the version that counts is shown.',
  })
  @ApiOkResponse({ type: ConflictCheckPageDto })
  @ApiForbiddenResponse({ description: 'DECLARATION_NOT_SIGNED' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_NOT_SIGNED')
  async conflictCheck(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<ConflictCheckPageDto> {
    const manager = this.dataSource.manager;
    await this.access.signedMember(manager, user, callId);
    const limit = query.limit ?? 50;
    const rows = await this.pool.conflictCheckProposals(manager, callId, {
      afterId: uuidCursor(query.cursor),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (p) => p.proposalId);
    return {
      items: page.items.map((p) => ({
        proposalId: p.proposalId,
        acronym: p.acronym,
        title: p.title,
        topic: p.topic,
        consortium: p.consortium.map((o) => ({ organisationName: o.organisationName, country: o.country.trim() })),
      })),
      nextCursor: page.nextCursor,
    };
  }

  @Get('conflicts')
  @ApiOperation({ summary: 'The conflicts the caller declared in this call (evaluators in the pool who signed)' })
  @ApiOkResponse({ type: DeclaredConflictsDto })
  @ApiForbiddenResponse({ description: 'DECLARATION_NOT_SIGNED' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_NOT_SIGNED')
  async conflicts(
    @Param('id', uuidParam('id')) callId: string,
    @CurrentUser() user: Principal,
  ): Promise<DeclaredConflictsDto> {
    const manager = this.dataSource.manager;
    await this.access.signedMember(manager, user, callId);
    return this.conflictsView(manager, callId, user.userId);
  }

  @Put('conflicts')
  @ApiOperation({
    summary: 'Replace the conflicts the caller declares with the call’s proposals (evaluators in the pool who signed)',
    description:
      'Every proposal id that is not a submitted proposal of this call is a 422 naming its index (UNKNOWN_PROPOSAL), as is a repeated one (DUPLICATE_PROPOSAL).',
  })
  @ApiOkResponse({ type: DeclaredConflictsDto })
  @ApiForbiddenResponse({ description: 'DECLARATION_NOT_SIGNED' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_PROPOSAL, DUPLICATE_PROPOSAL (every one listed)' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_NOT_SIGNED', 'CONFLICTS_INVALID')
  async replaceConflicts(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: ReplaceConflictsDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclaredConflictsDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.signedMember(manager, user, callId, true);
      const ids = body.conflicts.map((c) => c.proposalId.toLowerCase());
      const known = new Set(await this.pool.conflictCheckableIds(manager, callId, [...new Set(ids)]));
      const violations: Violation[] = [];
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (!known.has(id))
          violations.push({
            field: `conflicts[${index}].proposalId`,
            code: 'UNKNOWN_PROPOSAL',
            message: `${id} is not a submitted proposal of this call`,
            params: { proposalId: id },
          });
        else if (seen.has(id))
          violations.push({
            field: `conflicts[${index}].proposalId`,
            code: 'DUPLICATE_PROPOSAL',
            message: `${id} is listed twice`,
            params: { proposalId: id },
          });
        seen.add(id);
      });
      if (violations.length)
        throw new DomainError(
          'CONFLICTS_INVALID',
          `The declaration names ${violations.length} proposal(s) it cannot.`,
          'rule',
          violations,
          { count: violations.length },
        );
      const before = await this.pool.conflicts(manager, callId, user.userId);
      const after = body.conflicts.map((c, i) => ({ proposalId: ids[i], reason: c.reason }));
      await this.pool.replaceConflicts(manager, callId, user.userId, after);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-conflicts-declared',
        entityType: 'call',
        entityId: callId,
        before: {
          evaluatorId: user.userId,
          conflicts: before.map((c) => ({ proposalId: c.proposalId, reason: c.reason })),
        },
        after: { evaluatorId: user.userId, conflicts: after },
      });
      return this.conflictsView(manager, callId, user.userId);
    });
  }

  private async conflictsView(
    manager: DataSource['manager'],
    callId: string,
    userId: string,
  ): Promise<DeclaredConflictsDto> {
    const rows = await this.pool.conflicts(manager, callId, userId);
    return {
      callId,
      conflicts: rows.map((c) => ({
        proposalId: c.proposalId,
        reason: c.reason,
        declaredAt: new Date(c.declaredAt).toISOString(),
      })),
    };
  }
}
