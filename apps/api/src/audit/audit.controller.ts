import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { decodeSerialCursor, PageQueryDto, Roles, toPage, type Page, IsOptionalNotNull } from '@app/common';
import { AuditTrailReadModel, UnitOfWork } from '@app/persistence';
import { PageOf } from '../openapi/page-of';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Entity type (`call`, `proposal`, `project`, …)' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  entity?: string;

  @ApiPropertyOptional({ description: 'Entity id' })
  @IsOptionalNotNull()
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
  constructor(
    private readonly uow: UnitOfWork,
    private readonly trail: AuditTrailReadModel,
  ) {}

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Get()
  @ApiOperation({
    summary: 'The audit trail, oldest first, filtered by entity type and id (programme managers, admins)',
  })
  @ApiOkResponse({ type: PageOf(AuditEventDto) })
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 50;
    const after = decodeSerialCursor(query.cursor);
    const events = await this.uow.read((tx) =>
      this.trail.page(tx, { entityType: query.entity, entityId: query.id, afterId: after, limit: limit + 1 }),
    );
    const rows: AuditEventDto[] = events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
    return toPage(rows, limit, (r) => r.id);
  }
}
