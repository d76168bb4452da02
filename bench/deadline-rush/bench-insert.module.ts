import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpStatus, Module, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { CurrentUser, type Principal } from '@app/common';

/** The table of the baseline; created by the benchmark itself, never by a migration. */
export const BENCH_INSERT_TABLE_SQL =
  'CREATE TABLE bench_insert (id uuid primary key, body jsonb, at timestamptz default clock_timestamp())';

export class BenchInsertDto {
  @IsInt()
  @Min(0)
  seq!: number;

  @IsString()
  @MaxLength(200)
  note!: string;
}

/**
 * The baseline of the deadline rush: a bare "insert one row" endpoint on the same stack as the
 * submission (global guard with bearer token and principal load, validation pipe, problem+json
 * filter, the API's pooled DataSource). Benchmark-only: it lives in bench/, never in apps/.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller('bench')
export class BenchInsertController {
  constructor(private readonly dataSource: DataSource) {}

  @Post('insert')
  @HttpCode(HttpStatus.CREATED)
  async insert(@Body() body: BenchInsertDto, @CurrentUser() user: Principal): Promise<{ id: string; at: Date }> {
    const id = randomUUID();
    const rows: Array<{ at: Date }> = await this.dataSource.query(
      'INSERT INTO bench_insert (id, body) VALUES ($1, $2) RETURNING at',
      [id, JSON.stringify({ seq: body.seq, note: body.note, userId: user.userId })],
    );
    return { id, at: rows[0].at };
  }
}

@Module({ controllers: [BenchInsertController] })
export class BenchInsertModule {}
