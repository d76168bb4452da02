import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { GiveRegionalAnnexUseCase } from '@app/application';
import { CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { RegionalAnnexSavedDto } from './proposal.response.dto';

class RegionalAnnexDto {
  @ApiProperty({ example: { 'Regional VAT status': 'registered' } }) @IsObject() fields!: Record<string, string>;
  @ApiProperty({ example: { 'Chamber of commerce extract': '<sha256 of an attachment of the proposal>' } })
  @IsObject()
  documents!: Record<string, string>;
}

/**
 * A region's own annex (SPEC S6): the fields and documents its programme asks of its partners, due a
 * set number of days after the joint deadline; without it the partner fails the regional check.
 */
@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals/:id/annex/:organisationId')
export class RegionalAnnexController {
  constructor(private readonly giveAnnex: GiveRegionalAnnexUseCase) {}

  @Roles('APPLICANT')
  @Put()
  @ApiOperation({
    summary: 'Give the regional annex the partner’s region asks for (members of that partner), until its due date',
  })
  @ApiOkResponse({ type: RegionalAnnexSavedDto })
  @ApiErrorCodes('NOT_FOUND', 'ANNEX_NOT_REQUIRED', 'ANNEX_DEADLINE_PASSED', 'ANNEX_INCOMPLETE')
  async put(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: RegionalAnnexDto,
    @CurrentUser() user: Principal,
  ) {
    return this.giveAnnex.execute(user, id, organisationId, body);
  }
}
