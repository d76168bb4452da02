import { REDRESS_WINDOW_MS, toZonedIso } from '@app/domain';
import type { RedressRecord } from '@app/persistence';
import type { RedressRequestDto } from './redress.dto';

/** A redress request as the API shows it: instants in the call's legal time zone (SPEC S1). */
export function redressView(r: RedressRecord, timeZone: string): RedressRequestDto {
  const zoned = (at: Date | string): string => toZonedIso(new Date(at).toISOString(), timeZone);
  return {
    id: r.id,
    proposalId: r.proposalId,
    callId: r.callId,
    stageNo: r.stageNo,
    filedBy: r.filedBy,
    grounds: r.grounds,
    resultAt: zoned(r.resultAt),
    windowClosesAt: zoned(new Date(new Date(r.resultAt).getTime() + REDRESS_WINDOW_MS)),
    filedAt: zoned(r.filedAt),
    status: r.status,
    outcome: r.outcome,
    outcomeReason: r.outcomeReason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt === null ? null : zoned(r.decidedAt),
  };
}
