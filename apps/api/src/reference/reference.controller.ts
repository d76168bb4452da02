import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CreateAgencyUseCase, CreateRegionUseCase, CreateTransformativeActivityUseCase } from '@app/application';
import { auditRoleOf, CurrentUser, Public, Roles, type Principal, IsOptionalNotNull } from '@app/common';
import { ReferenceDataRepository, UnitOfWork } from '@app/persistence';
import {
  AgencyDto,
  CreateAgencyDto,
  CreateRegionDto,
  CreateTransformativeActivityDto,
  RegionDto,
  TransformativeActivityDto,
} from './reference.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

class AgencyQueryDto {
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'regionCode must be a NUTS code' })
  regionCode?: string;
}

/**
 * Reference data (SPEC §3, §9): everyone reads it (regions even before logging in, for registration);
 * admins write it.
 */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly createRegionUseCase: CreateRegionUseCase,
    private readonly createAgencyUseCase: CreateAgencyUseCase,
    private readonly createTransformativeActivityUseCase: CreateTransformativeActivityUseCase,
  ) {}

  @Public()
  @Get('regions')
  @ApiOperation({ summary: 'Regions (NUTS code, name, country, currency)' })
  @ApiOkResponse({ type: [RegionDto] })
  regions(): Promise<RegionDto[]> {
    return this.uow.read((tx) => this.reference.regions(tx));
  }

  @Roles('ADMIN')
  @Post('regions')
  @ApiOperation({ summary: 'Add a region (admin)' })
  @ApiCreatedResponse({ type: RegionDto })
  @ApiErrorCodes('REGION_EXISTS')
  createRegion(@Body() body: CreateRegionDto, @CurrentUser() user: Principal): Promise<RegionDto> {
    return this.createRegionUseCase.execute({ region: body, actor: { userId: user.userId, role: auditRoleOf(user) } });
  }

  @Get('agencies')
  @ApiOperation({ summary: 'Funding agencies' })
  @ApiOkResponse({ type: [AgencyDto] })
  agencies(@Query() query: AgencyQueryDto): Promise<AgencyDto[]> {
    return this.uow.read((tx) => this.reference.agencies(tx, { regionCode: query.regionCode }));
  }

  @Roles('ADMIN')
  @Post('agencies')
  @ApiOperation({ summary: 'Add a funding agency (admin)' })
  @ApiCreatedResponse({ type: AgencyDto })
  @ApiErrorCodes('AGENCY_EXISTS', 'UNKNOWN_REGION')
  createAgency(@Body() body: CreateAgencyDto, @CurrentUser() user: Principal): Promise<AgencyDto> {
    return this.createAgencyUseCase.execute({ agency: body, actor: { userId: user.userId, role: auditRoleOf(user) } });
  }

  @Get('transformative-activities')
  @ApiOperation({ summary: 'Transformative activities (S3-Innovation model)' })
  @ApiOkResponse({ type: [TransformativeActivityDto] })
  transformativeActivities(): Promise<TransformativeActivityDto[]> {
    return this.uow.read((tx) => this.reference.transformativeActivities(tx));
  }

  @Roles('ADMIN', 'PROGRAMME_MANAGER')
  @Post('transformative-activities')
  @ApiOperation({ summary: 'Add a transformative activity (admin, programme manager)' })
  @ApiCreatedResponse({ type: TransformativeActivityDto })
  @ApiErrorCodes('TRANSFORMATIVE_ACTIVITY_EXISTS')
  createTransformativeActivity(
    @Body() body: CreateTransformativeActivityDto,
    @CurrentUser() user: Principal,
  ): Promise<TransformativeActivityDto> {
    return this.createTransformativeActivityUseCase.execute({
      activity: body,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
  }
}
