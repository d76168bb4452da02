import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProposalState } from '@app/domain';

/** One proposal as one of the caller's organisations takes part in it (a row per proposal and organisation). */
export interface MyProposalRecord {
  id: string;
  acronym: string;
  title: string;
  state: ProposalState;
  callId: string;
  callTitle: string;
  timeZone: string;
  submissionDeadline: Date | null;
  organisationId: string;
  organisationName: string;
  role: 'COORDINATOR' | 'PARTNER';
  partnerStatus: 'INVITED' | 'ACCEPTED';
  lastVersion: number;
  updatedAt: Date;
  /** Keyset of the row: `updated_at` as PostgreSQL text, exact to the microsecond. */
  cursorUpdatedAt: string;
}

export interface MyProposalFilter {
  organisationIds: string[];
  state?: string;
  callId?: string;
  after?: { updatedAt: string; id: string; organisationId: string };
  limit: number;
}

/**
 * "My proposals" (SPEC §10 Applicant): the proposals the caller's organisations coordinate or are invited
 * to as partners, most recently changed first. The organisation boundary is the list of organisations
 * the caller is an approved member of, which the caller passes in.
 */
@Injectable()
export class MyProposalReadModel {
  async list(manager: EntityManager, filter: MyProposalFilter): Promise<MyProposalRecord[]> {
    if (!filter.organisationIds.length) return [];
    const params: unknown[] = [filter.organisationIds];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['pp.organisation_id = ANY($1::uuid[])'];
    if (filter.state) where.push(`p.state = ${param(filter.state)}`);
    if (filter.callId) where.push(`p.call_id = ${param(filter.callId)}::uuid`);
    if (filter.after) {
      where.push(
        `(p.updated_at, p.id, pp.organisation_id)
           < (${param(filter.after.updatedAt)}::timestamptz, ${param(filter.after.id)}::uuid,
              ${param(filter.after.organisationId)}::uuid)`,
      );
    }
    return manager.query(
      `SELECT p.id, p.acronym, p.title, p.state, p.call_id AS "callId", j.title AS "callTitle",
              j.time_zone AS "timeZone", s.submission_deadline AS "submissionDeadline",
              pp.organisation_id AS "organisationId", o.legal_name AS "organisationName",
              pp.role, pp.status AS "partnerStatus", p.last_version AS "lastVersion", p.updated_at AS "updatedAt",
              p.updated_at::text AS "cursorUpdatedAt"
         FROM proposal_partner pp
         JOIN proposal p ON p.id = pp.proposal_id
         JOIN organisation o ON o.id = pp.organisation_id
         JOIN joint_call j ON j.id = p.call_id
         LEFT JOIN call_stage s ON s.call_id = p.call_id AND s.stage_no = p.stage_no
        WHERE ${where.join(' AND ')}
        ORDER BY p.updated_at DESC, p.id DESC, pp.organisation_id DESC
        LIMIT ${param(filter.limit)}`,
      params,
    );
  }
}
