import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { RecordEligibilityUseCase, RequestAgencyEligibilityExtensionUseCase } from '@app/application';
import { CurrentUser, Roles, uuidParam, type Principal, IsOptionalNotNull } from '@app/common';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { AgencyEligibilityExtendedDto, EligibilityDecisionRecordedDto } from './proposal.response.dto';

class EligibilityDecisionDto {
  @ApiProperty({ enum: ['ELIGIBLE', 'INELIGIBLE'] }) @IsIn(['ELIGIBLE', 'INELIGIBLE']) decision!:
    'ELIGIBLE' | 'INELIGIBLE';
  @ApiPropertyOptional({ description: 'Required when ineligible, and for a decision on an agency’s behalf' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason?: string;
}

class ExtendAgencyEligibilityDto {
  @ApiProperty() @IsUUID('4') agencyId!: string;
  @ApiProperty({ description: 'ISO-8601 instant in the future' }) @IsString() @MaxLength(40) newDeadline!: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

@ApiTags('eligibility')
@ApiBearerAuth()
@Controller()
export class EligibilityController {
  constructor(
    private readonly record: RecordEligibilityUseCase,
    private readonly requestExtension: RequestAgencyEligibilityExtensionUseCase,
  ) {}

  @Roles('AGENCY_OFFICER', 'PROGRAMME_MANAGER')
  @Post('proposals/:id/eligibility/:organisationId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Regional eligibility decision on a funded partner (its agency’s officers; programme managers on the ' +
      'agency’s behalf, with a reason)',
  })
  @ApiOkResponse({ type: EligibilityDecisionRecordedDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'PROPOSAL_STATE_CONFLICT',
    'DECISION_ALREADY_RECORDED',
    'REASON_REQUIRED',
    'ANNEX_MISSING',
  )
  decide(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: EligibilityDecisionDto,
    @CurrentUser() user: Principal,
  ) {
    return this.record.execute(user, id, organisationId, body);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('calls/:id/eligibility-deadlines')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Extend one agency’s eligibility deadline ' + '(its missing decisions are escalated again at the new deadline)',
  })
  @ApiOkResponse({ type: AgencyEligibilityExtendedDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'AGENCY_NOT_INVITED', 'INVALID_INSTANT', 'DEADLINE_NOT_LATER')
  async extendAgency(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ExtendAgencyEligibilityDto,
    @CurrentUser() user: Principal,
  ) {
    return this.requestExtension.execute(user, id, body);
  }
}
