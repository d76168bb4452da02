import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallConfiguration, RegionalRules } from '@app/domain';

/** An OPEN call with what is public of it (SPEC §2): its configuration and the current stage's deadline. */
export interface PublicCallRecord {
  id: string;
  configuration: CallConfiguration;
  currentStage: number;
  /** The current stage's submission deadline (what "closes" means for the filters). */
  submissionDeadline: Date;
}

/** A participating (CONFIRMED) region of a call: its agency and the rules applicants must meet — never amounts. */
export interface PublicRegionRecord {
  callId: string;
  code: string;
  name: string;
  country: string;
  currency: string;
  agencyName: string;
  programmeName: string;
  rules: Pick<
    RegionalRules,
    'eligibleOrganisationTypes' | 'maxFundingRateBps' | 'maxGrantPerPartner' | 'maxPerProject' | 'regionalAnnex'
  > | null;
}

export interface PublicCallFilter {
  region?: string;
  topic?: string;
  transformativeActivity?: string;
  closesAfter?: string;
  closesBefore?: string;
  /** Keyset: the last row of the previous page (its deadline as PostgreSQL text, and its id). */
  after?: { deadline: string; id: string };
  limit: number;
}

/**
 * The public list and page of open calls (SPEC §2 "What is public", §10 Everyone): only OPEN calls, and of
 * their commitments only the participating regions' agency, programme and applicant rules. Amounts and
 * flexibility are never selected, so they cannot leak through a mapping mistake.
 */
@Injectable()
export class PublicCallReadModel {
  async list(
    manager: EntityManager,
    filter: PublicCallFilter,
  ): Promise<Array<PublicCallRecord & { cursorDeadline: string }>> {
    const where: string[] = ["j.state = 'OPEN'"];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.region) {
      where.push(
        `EXISTS (SELECT 1 FROM fund_commitment fc
                  WHERE fc.call_id = j.id AND fc.status = 'CONFIRMED' AND fc.region_code = ${param(filter.region)})`,
      );
    }
    if (filter.topic) {
      where.push(
        `EXISTS (SELECT 1 FROM jsonb_array_elements_text(j.configuration->'topics') t
                  WHERE lower(t) = lower(${param(filter.topic)}))`,
      );
    }
    if (filter.transformativeActivity)
      where.push(`${param(filter.transformativeActivity)} = ANY(j.transformative_activity_codes)`);
    if (filter.closesAfter) where.push(`s.submission_deadline >= ${param(filter.closesAfter)}::timestamptz`);
    if (filter.closesBefore) where.push(`s.submission_deadline <= ${param(filter.closesBefore)}::timestamptz`);
    if (filter.after)
      where.push(
        `(s.submission_deadline, j.id)
           > (${param(filter.after.deadline)}::timestamptz, ${param(filter.after.id)}::uuid)`,
      );
    const rows: Array<PublicCallRecord & { cursorDeadline: string }> = await manager.query(
      `SELECT j.id, j.configuration, j.current_stage AS "currentStage", s.submission_deadline AS "submissionDeadline",
              s.submission_deadline::text AS "cursorDeadline"
         FROM joint_call j JOIN call_stage s ON s.call_id = j.id AND s.stage_no = j.current_stage
        WHERE ${where.join(' AND ')}
        ORDER BY s.submission_deadline, j.id
        LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows;
  }

  async find(manager: EntityManager, callId: string): Promise<PublicCallRecord | null> {
    const rows: PublicCallRecord[] = await manager.query(
      `SELECT j.id, j.configuration, j.current_stage AS "currentStage", s.submission_deadline AS "submissionDeadline"
         FROM joint_call j JOIN call_stage s ON s.call_id = j.id AND s.stage_no = j.current_stage
        WHERE j.id = $1 AND j.state = 'OPEN'`,
      [callId],
    );
    return rows[0] ?? null;
  }

  /** The participating regions of several calls in one query, by region code. */
  async regionsOf(manager: EntityManager, callIds: string[]): Promise<Map<string, PublicRegionRecord[]>> {
    const byCall = new Map<string, PublicRegionRecord[]>(callIds.map((id) => [id, []]));
    if (!callIds.length) return byCall;
    const rows: PublicRegionRecord[] = await manager.query(
      `SELECT fc.call_id AS "callId", r.code, r.name, r.country, fc.currency, a.name AS "agencyName",
              a.programme_name AS "programmeName",
              CASE WHEN fc.rules IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
                'eligibleOrganisationTypes', fc.rules->'eligibleOrganisationTypes',
                'maxFundingRateBps', fc.rules->'maxFundingRateBps',
                'maxGrantPerPartner', fc.rules->'maxGrantPerPartner',
                'maxPerProject', fc.rules->'maxPerProject',
                'regionalAnnex', fc.rules->'regionalAnnex')) END AS rules
         FROM fund_commitment fc JOIN region r ON r.code = fc.region_code JOIN funding_agency a ON a.id = fc.agency_id
        WHERE fc.call_id = ANY($1::uuid[]) AND fc.status = 'CONFIRMED'
        ORDER BY fc.call_id, r.code`,
      [callIds],
    );
    for (const row of rows) byCall.get(row.callId)?.push(row);
    return byCall;
  }

  /** Titles of transformative activities by code. */
  async transformativeActivityTitles(manager: EntityManager, codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows: Array<{ code: string; title: string }> = await manager.query(
      'SELECT code, title FROM transformative_activity WHERE code = ANY($1::text[])',
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.title]));
  }
}
