import { decodeCursor, ValidationProblemException } from '@app/common';
import type { EvaluatorProfileRecord, PoolMemberRecord } from '@app/persistence';
import type { EvaluatorProfileDto, PoolMemberDto } from './evaluator.dto';

export function profileView(p: EvaluatorProfileRecord): EvaluatorProfileDto {
  return {
    userId: p.userId,
    displayName: p.displayName,
    email: p.email,
    expertise: p.expertise,
    organisationId: p.organisationId,
    organisationName: p.organisationName,
    regionCode: p.regionCode,
    country: p.country.trim(),
    maxLoad: p.maxLoad,
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

export function poolMemberView(m: PoolMemberRecord): PoolMemberDto {
  return {
    ...profileView(m),
    effectiveMaxLoad: m.effectiveMaxLoad,
    addedAt: new Date(m.addedAt).toISOString(),
    addedBy: m.addedBy,
    declaration: {
      signed: m.declarationSignedAt !== null,
      signedAt: m.declarationSignedAt === null ? null : new Date(m.declarationSignedAt).toISOString(),
    },
    conflictCount: m.conflictCount,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id a page cursor of these lists carries; a cursor these lists never gave is a 400 on `cursor`. */
export function uuidCursor(cursor: string | undefined): string | undefined {
  const id = decodeCursor(cursor);
  if (id !== undefined && !UUID.test(id))
    throw new ValidationProblemException([
      { field: 'cursor', code: 'isCursor', message: 'cursor must be the nextCursor of a previous page' },
    ]);
  return id;
}
