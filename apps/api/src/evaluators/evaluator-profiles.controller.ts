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
import { CurrentUser, Roles, toPage, uuidParam, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { EvaluatorAccess, SaveEvaluatorProfileUseCase } from '@app/application';
import { EvaluatorPoolRepository, UnitOfWork } from '@app/persistence';
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

/** Evaluator profiles (SPEC §3): each evaluator keeps its own; programme managers read them all. */
@ApiTags('evaluators')
@ApiBearerAuth()
@Controller()
export class EvaluatorProfilesController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly saveProfile: SaveEvaluatorProfileUseCase,
  ) {}

  @Roles('EVALUATOR')
  @Get('me/evaluator-profile')
  @ApiOperation({ summary: 'The caller’s evaluator profile (evaluators; 404 until it is created)' })
  @ApiOkResponse({ type: EvaluatorProfileDto })
  @ApiNotFoundResponse({ description: 'No profile yet' })
  @ApiErrorCodes('EVALUATOR_PROFILE_NOT_FOUND')
  async mine(@CurrentUser() user: Principal): Promise<EvaluatorProfileDto> {
    const profile = await this.uow.read((tx) => this.pool.profile(tx, user.userId));
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
      'Expertise keywords, employer organisation, region (which must belong to the country), country, load limit. ' +
      'Omitted optional fields are cleared.',
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
    const { created, profile } = await this.saveProfile.execute({
      expertise: body.expertise,
      organisationId: body.organisationId,
      regionCode: body.regionCode,
      country: body.country,
      maxLoad: body.maxLoad,
      user,
    });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return profileView(profile);
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
    const rows = await this.uow.read((tx) =>
      this.pool.listProfiles(tx, {
        keyword: query.keyword,
        country: query.country,
        afterId: uuidCursor(query.cursor),
        limit: limit + 1,
      }),
    );
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
    const profile = await this.uow.read((tx) => this.pool.profile(tx, userId));
    if (!profile) throw new DomainError('NOT_FOUND', `Evaluator ${userId} not found.`, 'not-found', [], { userId });
    return profileView(profile);
  }
}
