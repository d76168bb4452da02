import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentUser, hasRole, Roles, uuidParam, ValidationProblemException, type Principal } from '@app/common';
import { toZonedIso } from '@app/domain';
import { CallRepository, ProposalRepository, UnitOfWork, type Tx } from '@app/persistence';
import { ProposalAccess } from './proposal-access';
import { SubmitProposalDto, WithdrawProposalDto } from './proposal.dto';
import { renderVersionPdf } from './version-pdf.renderer';
import { SubmitProposalUseCase, WithdrawProposalUseCase, type SubmissionReceipt } from '@app/application';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ListOf } from '../openapi/page-of';
import {
  ProposalVersionContentDto,
  ProposalVersionDto,
  ProposalWithdrawnDto,
  SubmissionReceiptDto,
} from './proposal.response.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals/:id')
export class SubmissionsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
    private readonly submit: SubmitProposalUseCase,
    private readonly withdrawProposal: WithdrawProposalUseCase,
    private readonly calls: CallRepository,
  ) {}

  @Roles('APPLICANT')
  @Post('submit')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Submit (coordinator): an immutable version and its receipt',
    description:
      'Decided on the server clock against the recorded deadline (S1); a retry with the same Idempotency-Key ' +
      'returns the original receipt, even after the deadline (S5).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–200 characters; kept for at least 7 days' })
  @ApiCreatedResponse({ type: SubmissionReceiptDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'PROPOSAL_STATE_CONFLICT',
    'SUBMISSION_DEADLINE_PASSED',
    'DRAFT_CHANGED',
    'IDEMPOTENCY_KEY_REUSED',
    'ELIGIBILITY_RULES_FAILED',
    'FULL_PROPOSAL_INCONSISTENT',
  )
  async submitProposal(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SubmitProposalDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: Principal,
  ): Promise<SubmissionReceipt> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationProblemException([
        {
          field: 'Idempotency-Key',
          code: 'invalidIdempotencyKey',
          message: 'Idempotency-Key must be 8–200 of A-Z a-z 0-9 . _ : -',
        },
      ]);
    }
    return this.submit.execute(user, id, body, idempotencyKey);
  }

  @Roles('APPLICANT')
  @Post('withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Withdraw (coordinator) with a reason; before the deadline, submitting again reverses it',
    description:
      'Also a SELECTED proposal after the decision, while no money has moved: its grants fail and their budget is ' +
      'freed for the reserve list (F5).',
  })
  @ApiOkResponse({ type: ProposalWithdrawnDto })
  @ApiErrorCodes('NOT_FOUND', 'PROPOSAL_STATE_CONFLICT', 'FUNDING_ALREADY_RUNNING')
  async withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: WithdrawProposalDto,
    @CurrentUser() user: Principal,
  ) {
    return this.withdrawProposal.execute(user, id, body.reason);
  }

  @Get('versions')
  @ApiOperation({ summary: 'Submitted versions (applicants of the proposal, programme managers)' })
  @ApiOkResponse({ type: ListOf(ProposalVersionDto) })
  @ApiErrorCodes('NOT_FOUND')
  async versions(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (manager) => {
      await this.versionReader(manager, user, id);
      return { items: await this.proposals.versions(manager, id) };
    });
  }

  @Get('versions/:version')
  @ApiOperation({
    summary:
      'One submitted version: JSON (its content is what the receipt’s SHA-256 covers), or a PDF rendering with ' +
      '`Accept: application/pdf`',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiExtraModels(ProposalVersionContentDto)
  @ApiOkResponse({
    description: 'The version as JSON, or its PDF rendering',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ProposalVersionContentDto) } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrorCodes('NOT_FOUND')
  async version(
    @Param('id', uuidParam('id')) id: string,
    @Param('version', new ParseIntPipe()) version: number,
    @Headers('accept') accept: string | undefined,
    @CurrentUser() user: Principal,
  ) {
    return this.uow.read(async (manager) => {
      const { proposal, partners } = await this.versionReader(manager, user, id);
      const found = await this.proposals.version(manager, id, version);
      if (!found) throw new NotFoundException(`Proposal ${id} has no version ${version}.`);
      if (!accept?.includes('application/pdf')) return found;
      const call = await this.calls.find(manager, proposal.callId);
      const pdf = await renderVersionPdf({
        proposalId: id,
        version,
        sha256: found.sha256,
        submittedAt: toZonedIso(found.submittedAt.toISOString(), call!.configuration.timeZone),
        callTitle: call!.configuration.title,
        content: found.content!,
        organisationNames: Object.fromEntries(partners.map((p) => [p.organisationId, p.legalName])),
      });
      return new StreamableFile(pdf, {
        type: 'application/pdf',
        disposition: `attachment; filename="${found.content!.acronym}-v${version}.pdf"`,
      });
    });
  }

  private async versionReader(manager: Tx, user: Principal, id: string) {
    const visible = await this.access.visible(manager, user, id);
    if (visible.budgetRegions !== null && !hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN'))
      throw new NotFoundException(`Proposal ${id} not found.`);
    return visible;
  }
}
