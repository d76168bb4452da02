import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationProblemException } from '../problem/validation-problem';

/** `?limit=&cursor=` of every list (SPEC §9); the cursor is opaque to clients. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');

/** The 400 of a cursor no list gave: the client's mistake, never a database error (a 500). */
export const malformedCursor = (): ValidationProblemException =>
  new ValidationProblemException([
    { field: 'cursor', code: 'isCursor', message: 'cursor must be a nextCursor this list returned' },
  ]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The key of a list paged by a `uuid` id; anything else is a 400 on `cursor`. A cursor always decodes to
 * some text, so the key's shape is checked before it reaches SQL as a typed parameter.
 */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  const id = decodeCursor(cursor);
  if (id !== undefined && !UUID.test(id)) throw malformedCursor();
  return id;
}

/** The key of a list paged by a `bigint` id (e.g. the audit trail); anything else is a 400 on `cursor`. */
export function decodeSerialCursor(cursor: string | undefined): string | undefined {
  const id = decodeCursor(cursor);
  if (id !== undefined && !/^\d{1,18}$/.test(id)) throw malformedCursor();
  return id;
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit && items.length ? encodeCursor(keyOf(items[items.length - 1])) : null,
  };
}
