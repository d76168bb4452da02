import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, toPage, uuidParam, type Principal } from '@app/common';
import {
  declarationHash,
  declarationText,
  EvaluatorAccess,
  ReplaceConflictsUseCase,
  SignDeclarationUseCase,
} from '@app/application';
import {
  EvaluatorPoolRepository,
  UnitOfWork,
  type CallRecord,
  type DeclaredConflictRecord,
  type PoolMemberRecord,
} from '@app/persistence';
import { uuidCursor } from './evaluator-view';
import {
  ConflictCheckPageDto,
  DeclarationDto,
  DeclaredConflictsDto,
  ReplaceConflictsDto,
  SignDeclarationDto,
} from './evaluator.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

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
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly signDeclaration: SignDeclarationUseCase,
    private readonly replaceConflictsUseCase: ReplaceConflictsUseCase,
  ) {}

  @Get('declaration')
  @ApiOperation({
    summary:
      'The call’s confidentiality and no-conflict declaration, its SHA-256, and whether the caller signed it ' +
      '(evaluators in the pool)',
  })
  @ApiOkResponse({ type: DeclarationDto })
  @ApiErrorCodes('NOT_FOUND')
  async declaration(
    @Param('id', uuidParam('id')) callId: string,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationDto> {
    const { call, member } = await this.uow.read((tx) => this.access.poolMember(tx, user, callId));
    return declarationView(call, member);
  }

  @Post('declaration/sign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign the declaration (evaluators in the pool): the body quotes the hash of the text read; idempotent',
    description:
      '422 DECLARATION_HASH_MISMATCH when the hash is not that of the current text; 409 while the call is DRAFT or ' +
      'CANCELLED.',
  })
  @ApiOkResponse({ type: DeclarationDto })
  @ApiUnprocessableEntityResponse({ description: 'DECLARATION_HASH_MISMATCH' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_HASH_MISMATCH')
  async sign(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: SignDeclarationDto,
    @CurrentUser() user: Principal,
  ): Promise<DeclarationDto> {
    const { call, member } = await this.signDeclaration.execute({
      callId,
      declarationHash: body.declarationHash,
      user,
    });
    return declarationView(call, member);
  }

  @Get('conflict-check')
  @ApiOperation({
    summary:
      'The call’s submitted proposals for spotting conflicts: acronym, title, topic and consortium organisation ' +
      'names and countries only (evaluators in the pool who signed)',
    description:
      '403 DECLARATION_NOT_SIGNED before signing; 404 outside the pool. Withdrawn proposals and drafts are not ' +
      'listed; the version that counts is shown.',
  })
  @ApiOkResponse({ type: ConflictCheckPageDto })
  @ApiForbiddenResponse({ description: 'DECLARATION_NOT_SIGNED' })
  @ApiErrorCodes('NOT_FOUND', 'DECLARATION_NOT_SIGNED')
  async conflictCheck(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<ConflictCheckPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.uow.read(async (tx) => {
      await this.access.signedMember(tx, user, callId);
      return this.pool.conflictCheckProposals(tx, callId, {
        afterId: uuidCursor(query.cursor),
        limit: limit + 1,
      });
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
    const rows = await this.uow.read(async (tx) => {
      await this.access.signedMember(tx, user, callId);
      return this.pool.conflicts(tx, callId, user.userId);
    });
    return conflictsView(callId, rows);
  }

  @Put('conflicts')
  @ApiOperation({
    summary: 'Replace the conflicts the caller declares with the call’s proposals (evaluators in the pool who signed)',
    description:
      'Every proposal id that is not a submitted proposal of this call is a 422 naming its index ' +
      '(UNKNOWN_PROPOSAL), as is a repeated one (DUPLICATE_PROPOSAL).',
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
    const rows = await this.replaceConflictsUseCase.execute({ callId, conflicts: body.conflicts, user });
    return conflictsView(callId, rows);
  }
}

function conflictsView(callId: string, rows: DeclaredConflictRecord[]): DeclaredConflictsDto {
  return {
    callId,
    conflicts: rows.map((c) => ({
      proposalId: c.proposalId,
      reason: c.reason,
      declaredAt: new Date(c.declaredAt).toISOString(),
    })),
  };
}
