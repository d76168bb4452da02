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
import { DataSource, type EntityManager } from 'typeorm';
import { CurrentUser, hasRole, Roles, uuidParam, ValidationProblemException, type Principal } from '@app/common';
import { canWithdraw, DomainError, toZonedIso } from '@app/domain';
import { webLinks, PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import {
  activeProgrammeManagers,
  AuditWriter,
  BudgetLedgerRepository,
  CallRepository,
  OutboxWriter,
  type ProposalRecord,
  ProposalRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { ProposalAccess } from './proposal-access';
import { SubmitProposalDto, WithdrawProposalDto } from './proposal.dto';
import { renderVersionPdf } from './version-pdf.renderer';
import { SubmitProposalUseCase, type SubmissionReceipt } from '@app/application';
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
    private readonly dataSource: DataSource,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
    private readonly submit: SubmitProposalUseCase,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly calls: CallRepository,
    private readonly ledger: BudgetLedgerRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  @Roles('APPLICANT')
  @Post('submit')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Submit (coordinator): an immutable version and its receipt',
    description:
      'Decided on the server clock against the recorded deadline (S1); a retry with the same Idempotency-Key returns the original receipt, even after the deadline (S5).',
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
      'Also a SELECTED proposal after the decision, while no money has moved: its grants fail and their budget is freed for the reserve list (F5).',
  })
  @ApiOkResponse({ type: ProposalWithdrawnDto })
  @ApiErrorCodes('NOT_FOUND', 'PROPOSAL_STATE_CONFLICT', 'FUNDING_ALREADY_RUNNING')
  async withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: WithdrawProposalDto,
    @CurrentUser() user: Principal,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const { proposal } = await this.access.asCoordinator(manager, user, id, 'update');
      if (proposal.state === 'SELECTED') return this.withdrawFunded(manager, user, proposal, body.reason);
      if (!canWithdraw(proposal.state, false))
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; it cannot be withdrawn.`,
          'conflict',
          [],
          { state: proposal.state },
        );
      await this.proposals.setState(manager, id, 'WITHDRAWN', body.reason);
      const [{ now }]: Array<{ now: Date }> = await manager.query('SELECT clock_timestamp() AS now');
      await this.signals.enqueue(manager, {
        dedupeKey: `proposal-withdrawn:${id}:${now.toISOString()}`,
        workflowId: WorkflowIds.proposal(id),
        workflowType: PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ proposalId: id, callId: proposal.callId }],
        signalName: 'proposalWithdrawn',
        signalArgs: [{ at: now.toISOString(), reason: body.reason }],
      });
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.withdrawn',
        entityType: 'proposal',
        entityId: id,
        before: { state: proposal.state },
        after: { state: 'WITHDRAWN', reason: body.reason },
      });
      return { id, state: 'WITHDRAWN', withdrawnReason: body.reason };
    });
  }

  /**
   * A funded proposal withdraws after the decision (SPEC F5): while no instalment is released its grants
   * fail and their allocations leave the ledger in this transaction (the commitments' locks first, as every
   * ledger write), and the programme managers are told, to promote the next reserve proposal.
   */
  private async withdrawFunded(manager: EntityManager, user: Principal, proposal: ProposalRecord, reason: string) {
    await this.ledger.lockCommitments(manager, proposal.callId);
    const grants: Array<{ id: string; organisationId: string; status: string }> = await manager.query(
      'SELECT id, organisation_id AS "organisationId", status FROM funding_grant WHERE proposal_id = $1 ORDER BY id FOR UPDATE',
      [proposal.id],
    );
    const moved: unknown[] = await manager.query(
      "SELECT 1 FROM instalment i JOIN funding_grant g ON g.id = i.grant_id WHERE g.proposal_id = $1 AND i.status <> 'SCHEDULED'",
      [proposal.id],
    );
    if (moved.length > 0)
      throw new DomainError(
        'FUNDING_ALREADY_RUNNING',
        'Money has been released to this project; it ends through the programme manager (termination), not a withdrawal.',
        'conflict',
      );
    let freed = 0;
    for (const grant of grants.filter((g) => g.status === 'AWARDED')) {
      freed += await this.ledger.failGrant(
        manager,
        { id: grant.id, proposalId: proposal.id, organisationId: grant.organisationId },
        `The consortium withdrew the proposal: ${reason}`,
      );
    }
    await this.proposals.setState(manager, proposal.id, 'WITHDRAWN', reason);
    await this.audit.record(manager, {
      actor: { userId: user.userId, role: 'APPLICANT' },
      action: 'proposal.withdrawn-after-decision',
      entityType: 'proposal',
      entityId: proposal.id,
      before: { state: 'SELECTED' },
      after: { state: 'WITHDRAWN', reason, grantsFailed: grants.filter((g) => g.status === 'AWARDED').length, freed },
    });
    const call = await this.calls.find(manager, proposal.callId);
    const managers = await activeProgrammeManagers(manager);
    for (const pm of managers) {
      await this.outbox.enqueue(manager, {
        kind: 'GRANT_WITHDRAWN',
        recipient: pm,
        data: {
          callTitle: call?.configuration.title,
          proposalAcronym: proposal.content.acronym,
          reason: `the consortium withdrew the funded proposal: ${reason}`,
          page: webLinks.call(proposal.callId),
        },
        idempotencyKey: `proposal-withdrawn-after-decision:${proposal.id}:${pm.userId}`,
      });
    }
    return { id: proposal.id, state: 'WITHDRAWN', withdrawnReason: reason, freed };
  }

  @Get('versions')
  @ApiOperation({ summary: 'Submitted versions (applicants of the proposal, programme managers)' })
  @ApiOkResponse({ type: ListOf(ProposalVersionDto) })
  @ApiErrorCodes('NOT_FOUND')
  async versions(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    const manager = this.dataSource.manager;
    await this.versionReader(manager, user, id);
    return { items: await this.proposals.versions(manager, id) };
  }

  @Get('versions/:version')
  @ApiOperation({
    summary:
      'One submitted version: JSON (its content is what the receipt’s SHA-256 covers), or a PDF rendering with `Accept: application/pdf`',
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
    const manager = this.dataSource.manager;
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
  }

  private async versionReader(manager: DataSource['manager'], user: Principal, id: string) {
    const visible = await this.access.visible(manager, user, id);
    if (visible.budgetRegions !== null && !hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN'))
      throw new NotFoundException(`Proposal ${id} not found.`);
    return visible;
  }
}
