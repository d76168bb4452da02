import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  agencyIdsOf,
  Clock,
  CurrentUser,
  decodeCursor,
  encodeCursor,
  organisationIdsOf,
  malformedCursor,
  type Principal,
} from '@app/common';
import { toZonedIso } from '@app/domain';
import {
  decodeTaskPosition,
  encodeTaskPosition,
  MyProposalReadModel,
  TaskInboxReadModel,
  UnitOfWork,
  type MyProposalRecord,
  type TaskRecord,
  type TaskScope,
} from '@app/persistence';
import {
  MyProposalItemView,
  MyProposalPageView,
  MyProposalQueryDto,
  TaskItemView,
  TaskPageView,
  TaskQueryDto,
} from './me.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

const badCursor = malformedCursor;

function decodeProposalCursor(
  cursor: string | undefined,
): { updatedAt: string; id: string; organisationId: string } | undefined {
  if (cursor === undefined) return undefined;
  const [updatedAt, id, organisationId, ...rest] = (decodeCursor(cursor) ?? '').split('|');
  if (rest.length || !PG_TIMESTAMPTZ.test(updatedAt ?? '') || !UUID.test(id ?? '') || !UUID.test(organisationId ?? ''))
    throw badCursor();
  return { updatedAt, id, organisationId };
}

function myProposalView(r: MyProposalRecord): MyProposalItemView {
  return {
    id: r.id,
    acronym: r.acronym,
    title: r.title,
    state: r.state,
    callId: r.callId,
    callTitle: r.callTitle,
    timeZone: r.timeZone,
    submissionDeadline: r.submissionDeadline
      ? toZonedIso(new Date(r.submissionDeadline).toISOString(), r.timeZone)
      : null,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    role: r.role,
    // Partner invitations are accepted or still open; there is no decline action yet, so DECLINED does not occur today.
    invitationState: r.role === 'COORDINATOR' ? null : r.partnerStatus === 'ACCEPTED' ? 'ACCEPTED' : 'PENDING',
    lastVersion: r.lastVersion > 0 ? r.lastVersion : null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function taskView(task: TaskRecord): TaskItemView {
  const due = task.dueAt ? new Date(task.dueAt).toISOString() : null;
  return {
    id: task.id,
    kind: task.kind,
    workspace: task.workspace,
    dueAt: due && task.timeZone ? toZonedIso(due, task.timeZone) : due,
    link: task.link,
    params: task.params,
  };
}

/**
 * The signed-in person's own lists (SPEC §10): the proposals of its organisations and the inbox of open
 * tasks across every role it holds. Both read PostgreSQL only, within the caller's boundaries.
 */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeInboxController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: MyProposalReadModel,
    private readonly inbox: TaskInboxReadModel,
    private readonly clock: Clock,
  ) {}

  @Get('proposals')
  @ApiOperation({
    summary:
      'Proposals the caller’s organisations coordinate or are invited to as partners, with the role and the ' +
      'invitation’s state',
    description:
      'Signed-in users with APPLICANT grants (approved memberships); anyone else gets an empty list. Most ' +
      'recently changed first.',
  })
  @ApiOkResponse({ type: MyProposalPageView })
  async myProposals(@Query() query: MyProposalQueryDto, @CurrentUser() user: Principal): Promise<MyProposalPageView> {
    return this.uow.read(async (manager) => {
      const limit = query.limit ?? 20;
      const after = decodeProposalCursor(query.cursor);
      const rows = await this.proposals.list(manager, {
        organisationIds: organisationIdsOf(user),
        state: query.state,
        callId: query.callId,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(myProposalView),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor(`${last.cursorUpdatedAt}|${last.id}|${last.organisationId}`)
            : null,
      };
    });
  }

  @Get('tasks')
  @ApiOperation({
    summary: 'The inbox: the caller’s open tasks in every workspace it holds, soonest due first',
    description:
      'Applicant: PARTNER_INVITATION, DRAFT_TO_SUBMIT, ANNEX_DUE, REPORT_DUE, CONSORTIUM_AGREEMENT_DUE. ' +
      'Evaluator: DECLARATION_TO_SIGN, OFFER_TO_ANSWER, REVIEW_DUE. ' +
      'Agency officer (its agencies only): COMMITMENT_TO_ANSWER, ELIGIBILITY_DECISIONS_DUE, DECISION_TO_APPROVE, ' +
      'PAYMENT_TO_CONFIRM. ' +
      'Programme manager: ELIGIBILITY_ESCALATION, REPORT_TO_REVIEW, CONSORTIUM_AGREEMENT_TO_REVIEW. Each item ' +
      'links to the web page that does it.',
  })
  @ApiOkResponse({ type: TaskPageView })
  async tasks(@Query() query: TaskQueryDto, @CurrentUser() user: Principal): Promise<TaskPageView> {
    return this.uow.read(async (manager) => {
      const limit = query.limit ?? 20;
      let after;
      if (query.cursor !== undefined) {
        after = decodeTaskPosition(decodeCursor(query.cursor) ?? '');
        if (!after) throw badCursor();
      }
      const scope: TaskScope = {
        userId: user.userId,
        roles: [...new Set(user.grants.map((g) => g.role))],
        organisationIds: organisationIdsOf(user),
        agencyIds: agencyIdsOf(user),
        now: this.clock.now(),
      };
      const page = await this.inbox.page(manager, scope, { workspace: query.workspace, after, limit });
      const last = page.items[page.items.length - 1];
      return {
        items: page.items.map(taskView),
        nextCursor: page.hasMore && last ? encodeCursor(encodeTaskPosition(last)) : null,
      };
    });
  }
}
