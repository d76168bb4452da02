import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { decodeCursor, PageQueryDto, Roles, toPage, type Page } from '@app/common';
import { PageOf } from '../openapi/page-of';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Entity type (`call`, `proposal`, `project`, …)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional({ description: 'Entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;
}

class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ example: 'call.created' }) action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: unknown;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) workflowId!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Get()
  @ApiOperation({
    summary: 'The audit trail, oldest first, filtered by entity type and id (programme managers, admins)',
  })
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor);
    const rows: AuditEventDto[] = await this.dataSource.query(
      `SELECT id::text, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole", action,
              entity_type AS "entityType", entity_id AS "entityId", before, after, correlation_id AS "correlationId", workflow_id AS "workflowId"
         FROM audit_event
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR id > $3::bigint)
        ORDER BY id LIMIT $4`,
      [query.entity ?? null, query.id ?? null, after && /^\d+$/.test(after) ? after : null, limit + 1],
    );
    return toPage(rows, limit, (r) => r.id);
  }
}
