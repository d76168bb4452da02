import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  NotAcceptableException,
  NotFoundException,
  Param,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DASHBOARD_TABLES, DashboardQuery, type DashboardTableName } from '@app/application';
import { agencyIdsOf, Clock, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { parseIsoInstant } from '@app/domain';
import { UnitOfWork, type Tx } from '@app/persistence';
import { CallAccess } from '../calls/call-access';
import { CSV_TYPE, JSON_TYPE, negotiate, XLSX_TYPE } from '../evaluation/ranking-export';
import { dashboardFile, dashboardWorkbook } from './dashboard-export';
import { DashboardQueryDto } from './dashboard.dto';
import { ApiErrorCodes, ApiJsonOrFileResponse } from '../openapi/api-problems.decorator';
import { DashboardDto, DashboardTableDto } from './dashboard.response.dto';

const TABLE_MEDIA_TYPES = [JSON_TYPE, CSV_TYPE, XLSX_TYPE] as const;
const DASHBOARD_MEDIA_TYPES = [JSON_TYPE, XLSX_TYPE] as const;

const TABLES_TEXT =
  'budget (committed / allocated / released / paid per region and currency, minor units as decimal strings), ' +
  'funnel (proposals submitted / eligible / above threshold / funded), ' +
  'punctuality (milestones on time / late / overdue / in grace / not yet due), ' +
  'kpis (KPI targets against actuals, ALL, per REGION and per TRANSFORMATIVE_ACTIVITY), ' +
  'activities (allocated and paid funding per transformative activity and currency)';

function tableName(table: string): DashboardTableName {
  if ((DASHBOARD_TABLES as readonly string[]).includes(table)) return table as DashboardTableName;
  throw new NotFoundException(`There is no dashboard table '${table}'; the tables are ${DASHBOARD_TABLES.join(', ')}.`);
}

function format<T extends string>(accept: string | undefined, offered: readonly T[], what: string): T {
  const chosen = negotiate(accept, offered);
  if (!chosen) throw new NotAcceptableException(`${what} is available as ${offered.join(', ')}.`);
  return chosen;
}

/**
 * The programme dashboard (SPEC M5, §9 `GET /calls/{id}/dashboard`): per call for programme managers and
 * the officers of an agency with a confirmed commitment in it (budget rows of their own region only, the
 * other tables being aggregates; anyone else 404), and over every call for programme managers. Each table
 * also on its own, as JSON, CSV or XLSX by `Accept`.
 */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller()
export class DashboardController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CallAccess,
    private readonly query: DashboardQuery,
    private readonly clock: Clock,
  ) {}

  /**
   * Programme managers and admins: every region; an officer of an agency with a confirmed commitment: its
   * regions; anyone else 404.
   */
  private async reader(tx: Tx, user: Principal, callId: string): Promise<{ budgetRegions: string[] | null }> {
    const { commitments } = await this.access.visible(tx, user, callId);
    if (this.access.seesEverything(user)) return { budgetRegions: null };
    const mine = agencyIdsOf(user);
    const regions = commitments
      .filter((c) => c.status === 'CONFIRMED' && mine.includes(c.agencyId))
      .map((c) => c.regionCode);
    if (regions.length > 0) return { budgetRegions: regions };
    throw new NotFoundException(`Call ${callId} not found.`);
  }

  private at(query: DashboardQueryDto): string {
    if (query.at === undefined) return this.clock.now().toISOString();
    if (parseIsoInstant(query.at) === undefined)
      throw new BadRequestException(`at: '${query.at}' is not an ISO-8601 date-time with an offset.`);
    return query.at;
  }

  @Get('calls/:id/dashboard')
  @ApiOperation({
    summary: 'The call dashboard (SPEC M5): every table as JSON, or one XLSX workbook with a sheet per table',
    description: `Tables: ${TABLES_TEXT}. Agency officers get the budget rows of their own region only.`,
  })
  @ApiJsonOrFileResponse(DashboardDto, DASHBOARD_MEDIA_TYPES, 'Every table as JSON, or one XLSX workbook by Accept')
  @ApiErrorCodes('NOT_FOUND', 'BAD_REQUEST')
  @ApiProduces(...DASHBOARD_MEDIA_TYPES)
  async call(
    @Param('id', uuidParam('id')) callId: string,
    @CurrentUser() user: Principal,
    @Query() query: DashboardQueryDto,
    @Headers('accept') accept: string | undefined,
  ) {
    const { budgetRegions } = await this.uow.read((tx) => this.reader(tx, user, callId));
    const type = format(
      accept,
      DASHBOARD_MEDIA_TYPES,
      'The dashboard (one table per sheet; CSV per table under /dashboard/{table})',
    );
    const at = this.at(query);
    const tables = await this.uow.read((tx) => this.query.tables(tx, { callId }, { at, budgetRegions }));
    if (type === XLSX_TYPE)
      return new StreamableFile(await dashboardWorkbook(tables), {
        type: XLSX_TYPE,
        disposition: `attachment; filename="dashboard-${callId}.xlsx"`,
      });
    return { callId, at, ...tables };
  }

  @Get('calls/:id/dashboard/:table')
  @ApiOperation({
    summary: 'One table of the call dashboard: JSON, CSV or XLSX by Accept',
    description: `Tables: ${TABLES_TEXT}. An unknown table is 404.`,
  })
  @ApiJsonOrFileResponse(DashboardTableDto, TABLE_MEDIA_TYPES, 'The table as JSON, or as CSV / XLSX by Accept')
  @ApiErrorCodes('NOT_FOUND', 'BAD_REQUEST')
  @ApiParam({ name: 'table', enum: DASHBOARD_TABLES })
  @ApiProduces(...TABLE_MEDIA_TYPES)
  async callTable(
    @Param('id', uuidParam('id')) callId: string,
    @Param('table') table: string,
    @CurrentUser() user: Principal,
    @Query() query: DashboardQueryDto,
    @Headers('accept') accept: string | undefined,
  ) {
    const { budgetRegions } = await this.uow.read((tx) => this.reader(tx, user, callId));
    const name = tableName(table);
    const type = format(accept, TABLE_MEDIA_TYPES, `The dashboard table ${name}`);
    const at = this.at(query);
    const rows = await this.uow.read((tx) => this.query.table(tx, { callId }, name, { at, budgetRegions }));
    if (type !== JSON_TYPE) return dashboardFile(name, rows, type, `dashboard-${callId}-${name}`);
    return { callId, table: name, at, rows };
  }

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Get('dashboard')
  @ApiOperation({
    summary: 'The programme dashboard over every call (programme managers): every table as JSON, or one XLSX workbook',
    description:
      `Tables: ${TABLES_TEXT}. Budget rows per call, region and currency, then the totals per region and currency ` +
      "(callId null); funnel rows per call, then the programme's.",
  })
  @ApiJsonOrFileResponse(DashboardDto, DASHBOARD_MEDIA_TYPES, 'Every table as JSON, or one XLSX workbook by Accept')
  @ApiErrorCodes('BAD_REQUEST')
  @ApiProduces(...DASHBOARD_MEDIA_TYPES)
  async programme(@Query() query: DashboardQueryDto, @Headers('accept') accept: string | undefined) {
    const type = format(
      accept,
      DASHBOARD_MEDIA_TYPES,
      'The dashboard (one table per sheet; CSV per table under /dashboard/{table})',
    );
    const at = this.at(query);
    const tables = await this.uow.read((tx) => this.query.tables(tx, { allCalls: true }, { at, budgetRegions: null }));
    if (type === XLSX_TYPE)
      return new StreamableFile(await dashboardWorkbook(tables), {
        type: XLSX_TYPE,
        disposition: 'attachment; filename="programme-dashboard.xlsx"',
      });
    return { at, ...tables };
  }

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Get('dashboard/:table')
  @ApiOperation({
    summary: 'One table of the programme dashboard: JSON, CSV or XLSX by Accept',
    description: `Tables: ${TABLES_TEXT}. An unknown table is 404.`,
  })
  @ApiJsonOrFileResponse(DashboardTableDto, TABLE_MEDIA_TYPES, 'The table as JSON, or as CSV / XLSX by Accept')
  @ApiErrorCodes('NOT_FOUND', 'BAD_REQUEST')
  @ApiParam({ name: 'table', enum: DASHBOARD_TABLES })
  @ApiProduces(...TABLE_MEDIA_TYPES)
  async programmeTable(
    @Param('table') table: string,
    @Query() query: DashboardQueryDto,
    @Headers('accept') accept: string | undefined,
  ) {
    const name = tableName(table);
    const type = format(accept, TABLE_MEDIA_TYPES, `The dashboard table ${name}`);
    const at = this.at(query);
    const rows = await this.uow.read((tx) =>
      this.query.table(tx, { allCalls: true }, name, { at, budgetRegions: null }),
    );
    if (type !== JSON_TYPE) return dashboardFile(name, rows, type, `programme-dashboard-${name}`);
    return { table: name, at, rows };
  }
}
