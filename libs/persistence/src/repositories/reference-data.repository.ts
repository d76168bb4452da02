import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/domain';

export interface RegionRecord {
  code: string;
  name: string;
  country: string;
  currency: string;
}

export interface AgencyRecord {
  id: string;
  regionCode: string;
  name: string;
  programmeName: string;
}

export interface TransformativeActivityRecord {
  code: string;
  title: string;
  s3Domain: string;
  regionCodes: string[];
}

const unknownRegions = (codes: string[], field: string): DomainError =>
  new DomainError(
    'UNKNOWN_REGION',
    `Unknown region(s): ${codes.join(', ')}.`,
    'rule',
    codes.map((code) => ({ field, code: 'UNKNOWN_REGION', message: `unknown region ${code}` })),
  );

/** Regions, funding agencies and transformative activities (SPEC §3). */
@Injectable()
export class ReferenceDataRepository {
  async regions(manager: EntityManager): Promise<RegionRecord[]> {
    return manager.query('SELECT code, name, country, currency FROM region ORDER BY code');
  }

  async createRegion(manager: EntityManager, region: RegionRecord): Promise<RegionRecord> {
    const rows: RegionRecord[] = await manager.query(
      `INSERT INTO region (code, name, country, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING
         RETURNING code, name, country, currency`,
      [region.code, region.name.trim(), region.country, region.currency],
    );
    if (rows.length === 0) {
      throw new DomainError('REGION_EXISTS', `Region ${region.code} already exists.`, 'conflict', [
        { field: 'code', code: 'REGION_EXISTS', message: `region ${region.code} already exists` },
      ]);
    }
    return rows[0];
  }

  async missingRegions(manager: EntityManager, codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: Array<{ code: string }> = await manager.query('SELECT code FROM region WHERE code = ANY($1)', [codes]);
    const known = new Set(rows.map((r) => r.code));
    return [...new Set(codes)].filter((c) => !known.has(c));
  }

  async agencies(manager: EntityManager, filter: { regionCode?: string } = {}): Promise<AgencyRecord[]> {
    return manager.query(
      `SELECT id, region_code AS "regionCode", name, programme_name AS "programmeName" FROM funding_agency
        WHERE ($1::text IS NULL OR region_code = $1) ORDER BY region_code, name`,
      [filter.regionCode ?? null],
    );
  }

  /** The regions of the given agencies (an officer's boundary for organisations and proposals). */
  async regionsOfAgencies(manager: EntityManager, agencyIds: string[]): Promise<string[]> {
    if (agencyIds.length === 0) return [];
    const rows: Array<{ region_code: string }> = await manager.query(
      'SELECT DISTINCT region_code FROM funding_agency WHERE id = ANY($1) ORDER BY region_code',
      [agencyIds],
    );
    return rows.map((r) => r.region_code);
  }

  async agency(manager: EntityManager, id: string): Promise<AgencyRecord | null> {
    const rows: AgencyRecord[] = await manager.query(
      `SELECT id, region_code AS "regionCode", name, programme_name AS "programmeName" FROM funding_agency
         WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async createAgency(manager: EntityManager, input: Omit<AgencyRecord, 'id'>): Promise<AgencyRecord> {
    if ((await this.missingRegions(manager, [input.regionCode])).length)
      throw unknownRegions([input.regionCode], 'regionCode');
    const rows: AgencyRecord[] = await manager.query(
      `INSERT INTO funding_agency (id, region_code, name, programme_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region_code, name) DO NOTHING
       RETURNING id, region_code AS "regionCode", name, programme_name AS "programmeName"`,
      [randomUUID(), input.regionCode, input.name.trim(), input.programmeName.trim()],
    );
    if (rows.length === 0) {
      throw new DomainError(
        'AGENCY_EXISTS',
        `${input.name} already exists in region ${input.regionCode}.`,
        'conflict',
        [{ field: 'name', code: 'AGENCY_EXISTS', message: 'an agency of this name already exists in the region' }],
      );
    }
    return rows[0];
  }

  async transformativeActivities(manager: EntityManager): Promise<TransformativeActivityRecord[]> {
    return manager.query(
      `SELECT code, title, s3_domain AS "s3Domain", region_codes AS "regionCodes" FROM transformative_activity
         ORDER BY code`,
    );
  }

  async createTransformativeActivity(
    manager: EntityManager,
    input: TransformativeActivityRecord,
  ): Promise<TransformativeActivityRecord> {
    const missing = await this.missingRegions(manager, input.regionCodes);
    if (missing.length) throw unknownRegions(missing, 'regionCodes');
    const rows: TransformativeActivityRecord[] = await manager.query(
      `INSERT INTO transformative_activity (code, title, s3_domain, region_codes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING code, title, s3_domain AS "s3Domain", region_codes AS "regionCodes"`,
      [input.code, input.title.trim(), input.s3Domain.trim(), [...new Set(input.regionCodes)].sort()],
    );
    if (rows.length === 0) {
      throw new DomainError(
        'TRANSFORMATIVE_ACTIVITY_EXISTS',
        `Transformative activity ${input.code} already exists.`,
        'conflict',
        [{ field: 'code', code: 'TRANSFORMATIVE_ACTIVITY_EXISTS', message: `${input.code} already exists` }],
      );
    }
    return rows[0];
  }

  /** An agency with its region's currency (what a commitment is invited in), or null. */
  async agencyWithCurrency(
    manager: EntityManager,
    id: string,
  ): Promise<{ id: string; regionCode: string; currency: string } | null> {
    const rows: Array<{ id: string; regionCode: string; currency: string }> = await manager.query(
      `SELECT a.id, a.region_code AS "regionCode", r.currency
         FROM funding_agency a JOIN region r ON r.code = a.region_code WHERE a.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
