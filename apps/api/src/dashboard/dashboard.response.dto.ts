import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DASHBOARD_TABLES } from '@app/application';

const ROWS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** Every table of a dashboard (money in minor units as decimal strings, the currency beside it). */
export class DashboardDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A call’s dashboard only' }) callId?: string;
  @ApiProperty({ description: 'The instant the figures are for' }) at!: string;
  @ApiProperty({ ...ROWS, description: 'Committed, allocated, released, paid per region' }) budget!: unknown[];
  @ApiProperty({ ...ROWS, description: 'Proposals per state' }) funnel!: unknown[];
  @ApiProperty({ ...ROWS, description: 'Reports and payments on time' }) punctuality!: unknown[];
  @ApiProperty({ ...ROWS, description: 'KPI targets and values' }) kpis!: unknown[];
  @ApiProperty({ ...ROWS, description: 'Transformative activities' }) activities!: unknown[];
}

export class DashboardTableDto {
  @ApiPropertyOptional({ format: 'uuid' }) callId?: string;
  @ApiProperty({ enum: DASHBOARD_TABLES }) table!: string;
  @ApiProperty() at!: string;
  @ApiProperty(ROWS) rows!: unknown[];
}
