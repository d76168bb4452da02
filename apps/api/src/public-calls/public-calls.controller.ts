import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decodeCursor, encodeCursor, Public, uuidParam, ValidationProblemException, type Page } from '@app/common';
import { PublicCallReadModel, UnitOfWork, type PublicCallRecord } from '@app/persistence';
import { publicCallDetail, publicCallSummary } from './public-call-view';
import {
  PublicCallDetailView,
  PublicCallPageView,
  PublicCallQueryDto,
  type PublicCallSummaryView,
} from './public-call.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz, e.g. `2027-03-01 16:00:00+00`. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** The cursor is the last row's deadline (PostgreSQL text, exact) and id; anything else is a 400 naming `cursor`. */
function decodePublicCursor(cursor: string | undefined): { deadline: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor) ?? '';
  const bar = key.lastIndexOf('|');
  const deadline = key.slice(0, bar);
  const id = key.slice(bar + 1);
  if (bar < 1 || !UUID.test(id) || !PG_TIMESTAMPTZ.test(deadline)) {
    throw new ValidationProblemException([
      { field: 'cursor', code: 'isCursor', message: 'cursor must be a nextCursor this list returned' },
    ]);
  }
  return { deadline, id };
}

/**
 * What anyone may read without signing in (SPEC §2 "What is public", §10 Everyone): the open calls and
 * each call's page. A call in any other state is 404 here, whatever it is.
 */
@ApiTags('public')
@Public()
@Controller('public/calls')
export class PublicCallsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: PublicCallReadModel,
  ) {}

  private async withRegions(records: PublicCallRecord[]) {
    return this.uow.read(async (manager) => {
      const regions = await this.calls.regionsOf(
        manager,
        records.map((c) => c.id),
      );
      const titles = await this.calls.transformativeActivityTitles(manager, [
        ...new Set(records.flatMap((c) => c.configuration.transformativeActivityCodes ?? [])),
      ]);
      return { regions, titles };
    });
  }

  @Get()
  @ApiOperation({
    summary:
      'Open calls (no sign-in): filter by region, topic, transformative activity and closing date; the soonest ' +
      'deadline first',
    description:
      'Only OPEN calls. Each participating region is named with its agency; amounts committed are never public.',
  })
  @ApiOkResponse({ type: PublicCallPageView })
  async list(@Query() query: PublicCallQueryDto): Promise<Page<PublicCallSummaryView>> {
    return this.uow.read(async (manager) => {
      if (query.closesAfter && query.closesBefore && Date.parse(query.closesAfter) > Date.parse(query.closesBefore)) {
        throw new ValidationProblemException([
          { field: 'closesAfter', code: 'closingRange', message: 'closesAfter must not be later than closesBefore' },
          { field: 'closesBefore', code: 'closingRange', message: 'closesBefore must not be earlier than closesAfter' },
        ]);
      }
      const limit = query.limit ?? 20;
      const rows = await this.calls.list(manager, {
        region: query.region,
        topic: query.topic,
        transformativeActivity: query.transformativeActivity,
        closesAfter: query.closesAfter,
        closesBefore: query.closesBefore,
        after: decodePublicCursor(query.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const { regions, titles } = await this.withRegions(page);
      const last = page[page.length - 1];
      return {
        items: page.map((call) => publicCallSummary(call, regions.get(call.id) ?? [], titles)),
        nextCursor: rows.length > limit && last ? encodeCursor(`${last.cursorDeadline}|${last.id}`) : null,
      };
    });
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One open call’s page (no sign-in): timeline in its legal time zone, criteria, consortium rules, each ' +
      'participating region’s rules',
    description: '404 unless the call is OPEN.',
  })
  @ApiOkResponse({ type: PublicCallDetailView })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string): Promise<PublicCallDetailView> {
    return this.uow.read(async (manager) => {
      const call = await this.calls.find(manager, id);
      if (!call) throw new NotFoundException(`Call ${id} not found.`);
      const { regions, titles } = await this.withRegions([call]);
      return publicCallDetail(call, regions.get(call.id) ?? [], titles);
    });
  }
}
