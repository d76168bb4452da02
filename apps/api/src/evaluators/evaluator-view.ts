import { decodeIdCursor } from '@app/common';
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

/** The id a page cursor of these lists carries; a cursor these lists never gave is a 400 on `cursor`. */
export const uuidCursor = decodeIdCursor;
