import { IsOptionalNotNull } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { DecisionTableName } from './decision-export';

/** `GET /calls/{id}/funding-decision?table=`: which table a CSV download holds (XLSX holds both; JSON ignores it). */
export class DecisionExportQueryDto {
  @ApiPropertyOptional({
    enum: ['proposals', 'regions'],
    default: 'proposals',
    description: 'CSV only: the per-proposal table (default) or the per-region budget table',
  })
  @IsOptionalNotNull()
  @IsIn(['proposals', 'regions'])
  table?: DecisionTableName;
}
