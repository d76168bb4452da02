import { ApiProperty } from '@nestjs/swagger';

export class DependencyHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ description: 'Round trip of the check in milliseconds' })
  latencyMs!: number;

  @ApiProperty({ required: false, description: 'Why the dependency is down' })
  error?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: DependencyHealthDto })
  database!: DependencyHealthDto;

  @ApiProperty({ type: DependencyHealthDto })
  temporal!: DependencyHealthDto;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], description: '`ok` when every dependency is up' })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;

  @ApiProperty({ description: 'Server time (ISO-8601, UTC)' })
  time!: string;
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}
