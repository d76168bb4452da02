import { Body, Controller, Get, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, Roles, toPage, uuidParam, type Principal } from '@app/common';
import { DomainError, normaliseTerms, type Violation } from '@app/domain';
import {
  AuditWriter,
  EvaluatorPoolRepository,
  OrganisationRepository,
  ReferenceDataRepository,
} from '@app/persistence';
import { EvaluatorAccess } from './evaluator-access';
import { profileView, uuidCursor } from './evaluator-view';
import {
  EvaluatorListQueryDto,
  EvaluatorProfileDto,
  EvaluatorProfilePageDto,
  EvaluatorProfileRequestDto,
} from './evaluator.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

interface StatusResponse {
  status(code: number): unknown;
}

/** Keywords in their given spelling, without repeats that differ only in case or surrounding spaces. */
function distinctKeywords(keywords: string[]): string[] {
  const seen = new Set<string>();
  return keywords.filter((k) => {
    const [term] = normaliseTerms([k]);
    if (seen.has(term)) return false;
    seen.add(term);
    return true;
  });
}

/** Evaluator profiles (SPEC §3): each evaluator keeps its own; programme managers read them all. */
@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class EvaluatorProfilesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pool: EvaluatorPoolRepository,
    private readonly organisations: OrganisationRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly access: EvaluatorAccess,
    private readonly audit: AuditWriter,
  ) {}

  @Roles('EVALUATOR')
  @Get('me/evaluator-profile')
  @ApiOperation({ summary: 'The caller’s evaluator profile (evaluators; 404 until it is created)' })
  @ApiOkResponse({ type: EvaluatorProfileDto })
  @ApiNotFoundResponse({ description: 'No profile yet' })
  @ApiErrorCodes('EVALUATOR_PROFILE_NOT_FOUND')
  async mine(@CurrentUser() user: Principal): Promise<EvaluatorProfileDto> {
    const profile = await this.pool.profile(this.dataSource.manager, user.userId);
    if (!profile)
      throw new DomainError(
        'EVALUATOR_PROFILE_NOT_FOUND',
        'You have no evaluator profile yet: create it with PUT /me/evaluator-profile.',
        'not-found',
      );
    return profileView(profile);
  }

  @Roles('EVALUATOR')
  @Put('me/evaluator-profile')
  @ApiOperation({
    summary: 'Create or replace the caller’s evaluator profile (evaluators): 201 when created, 200 when replaced',
    description:
      'Expertise keywords, employer organisation, region (which must belong to the country), country, load limit. Omitted optional fields are cleared.',
  })
  @ApiCreatedResponse({ type: EvaluatorProfileDto })
  @ApiOkResponse({ type: EvaluatorProfileDto })
  @ApiUnprocessableEntityResponse({
    description: 'UNKNOWN_ORGANISATION, UNKNOWN_REGION, REGION_NOT_IN_COUNTRY (every one listed)',
  })
  @ApiErrorCodes('EVALUATOR_PROFILE_INVALID')
  async saveMine(
    @Body() body: EvaluatorProfileRequestDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<EvaluatorProfileDto> {
    return this.dataSource.transaction(async (manager) => {
      const violations: Violation[] = [];
      const organisationId = body.organisationId ?? null;
      const regionCode = body.regionCode ?? null;
      if (organisationId !== null && !(await this.organisations.findById(manager, organisationId))) {
        violations.push({
          field: 'organisationId',
          code: 'UNKNOWN_ORGANISATION',
          message: `unknown organisation ${organisationId}`,
          params: { organisationId },
        });
      }
      if (regionCode !== null) {
        const region = (await this.reference.regions(manager)).find((r) => r.code === regionCode);
        if (!region)
          violations.push({
            field: 'regionCode',
            code: 'UNKNOWN_REGION',
            message: `unknown region ${regionCode}`,
            params: { regionCode },
          });
        else if (region.country.trim() !== body.country) {
          violations.push({
            field: 'regionCode',
            code: 'REGION_NOT_IN_COUNTRY',
            message: `region ${regionCode} is in ${region.country.trim()}, not in ${body.country}`,
            params: { regionCode, country: region.country.trim(), expected: body.country },
          });
        }
      }
      if (violations.length)
        throw new DomainError(
          'EVALUATOR_PROFILE_INVALID',
          `The profile breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const before = await this.pool.profile(manager, user.userId);
      const input = {
        expertise: distinctKeywords(body.expertise),
        organisationId,
        regionCode,
        country: body.country,
        maxLoad: body.maxLoad ?? null,
      };
      const { created } = await this.pool.saveProfile(manager, user.userId, input);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: created ? 'evaluator-profile.created' : 'evaluator-profile.changed',
        entityType: 'evaluator_profile',
        entityId: user.userId,
        before: before
          ? {
              expertise: before.expertise,
              organisationId: before.organisationId,
              regionCode: before.regionCode,
              country: before.country.trim(),
              maxLoad: before.maxLoad,
            }
          : null,
        after: input,
      });
      res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return profileView((await this.pool.profile(manager, user.userId))!);
    });
  }

  @Get('evaluators')
  @ApiOperation({
    summary: 'Evaluator profiles (programme managers), filtered by expertise keyword and country; 404 for anyone else',
  })
  @ApiOkResponse({ type: EvaluatorProfilePageDto })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Query() query: EvaluatorListQueryDto, @CurrentUser() user: Principal): Promise<EvaluatorProfilePageDto> {
    this.access.requireProgrammeManager(user, 'Evaluators');
    const limit = query.limit ?? 50;
    const rows = await this.pool.listProfiles(this.dataSource.manager, {
      keyword: query.keyword,
      country: query.country,
      afterId: uuidCursor(query.cursor),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (p) => p.userId);
    return { items: page.items.map(profileView), nextCursor: page.nextCursor };
  }

  @Get('evaluators/:userId')
  @ApiOperation({ summary: 'One evaluator’s profile (programme managers; 404 for anyone else, evaluators included)' })
  @ApiOkResponse({ type: EvaluatorProfileDto })
  @ApiNotFoundResponse({ description: 'No such profile, or not a programme manager' })
  @ApiErrorCodes('NOT_FOUND', 'EVALUATOR_PROFILE_NOT_FOUND')
  async get(
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: Principal,
  ): Promise<EvaluatorProfileDto> {
    this.access.requireProgrammeManager(user, `Evaluator ${userId}`);
    const profile = await this.pool.profile(this.dataSource.manager, userId);
    if (!profile) throw new DomainError('NOT_FOUND', `Evaluator ${userId} not found.`, 'not-found', [], { userId });
    return profileView(profile);
  }
}
