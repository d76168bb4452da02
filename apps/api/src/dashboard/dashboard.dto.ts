import { IsOptionalNotNull } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `?at=`: judge milestone punctuality at this instant instead of now (reproducible reads). */
export class DashboardQueryDto {
  @ApiPropertyOptional({
    description:
      'ISO-8601 instant with an offset (e.g. 2027-03-01T00:00:00Z) at which milestone punctuality is judged; ' +
      'default now. Money and counts are always current.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  at?: string;
}
