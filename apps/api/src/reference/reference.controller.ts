import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, Public, Roles, type Principal } from '@app/common';
import { AuditWriter, ReferenceDataRepository } from '@app/persistence';
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
  @IsOptional()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'regionCode must be a NUTS code' })
  regionCode?: string;
}

/** Reference data (SPEC §3, §9): everyone reads it (regions even before logging in, for registration); admins write it. */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  @Public()
  @Get('regions')
  @ApiOperation({ summary: 'Regions (NUTS code, name, country, currency)' })
  @ApiOkResponse({ type: [RegionDto] })
  regions(): Promise<RegionDto[]> {
    return this.reference.regions(this.dataSource.manager);
  }

  @Roles('ADMIN')
  @Post('regions')
  @ApiOperation({ summary: 'Add a region (admin)' })
  @ApiCreatedResponse({ type: RegionDto })
  @ApiErrorCodes('REGION_EXISTS')
  createRegion(@Body() body: CreateRegionDto, @CurrentUser() user: Principal): Promise<RegionDto> {
    return this.dataSource.transaction(async (manager) => {
      const region = await this.reference.createRegion(manager, body);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'region.created',
        entityType: 'region',
        entityId: region.code,
        after: { ...region },
      });
      return region;
    });
  }

  @Get('agencies')
  @ApiOperation({ summary: 'Funding agencies' })
  @ApiOkResponse({ type: [AgencyDto] })
  agencies(@Query() query: AgencyQueryDto): Promise<AgencyDto[]> {
    return this.reference.agencies(this.dataSource.manager, { regionCode: query.regionCode });
  }

  @Roles('ADMIN')
  @Post('agencies')
  @ApiOperation({ summary: 'Add a funding agency (admin)' })
  @ApiCreatedResponse({ type: AgencyDto })
  @ApiErrorCodes('AGENCY_EXISTS', 'UNKNOWN_REGION')
  createAgency(@Body() body: CreateAgencyDto, @CurrentUser() user: Principal): Promise<AgencyDto> {
    return this.dataSource.transaction(async (manager) => {
      const agency = await this.reference.createAgency(manager, body);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'agency.created',
        entityType: 'agency',
        entityId: agency.id,
        after: { ...agency },
      });
      return agency;
    });
  }

  @Get('transformative-activities')
  @ApiOperation({ summary: 'Transformative activities (S3-Innovation model)' })
  @ApiOkResponse({ type: [TransformativeActivityDto] })
  transformativeActivities(): Promise<TransformativeActivityDto[]> {
    return this.reference.transformativeActivities(this.dataSource.manager);
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
    return this.dataSource.transaction(async (manager) => {
      const ta = await this.reference.createTransformativeActivity(manager, body);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'transformative-activity.created',
        entityType: 'transformative-activity',
        entityId: ta.code,
        after: { ...ta },
      });
      return ta;
    });
  }
}
