import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganisationType } from '@app/domain';

/** One organisation as a coordinator sees it when choosing a partner: who it is and where, nothing more. */
export interface OrganisationDirectoryRecord {
  id: string;
  legalName: string;
  type: OrganisationType;
  regionCode: string;
  regionName: string;
  country: string;
}

export interface OrganisationDirectoryFilter {
  /** Part of the legal name, matched case-insensitively anywhere in it. */
  nameContains: string;
  regionCode?: string;
  /** Keyset of the previous page's last row. */
  after?: { legalName: string; id: string };
  limit: number;
}

/** `LIKE` treats `%`, `_` and the escape character as patterns; a name search means them literally. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The organisation directory (partner search): organisations with at least one active member, since only
 * a member can accept an invitation, found by part of their legal name, in name order. The registration
 * id and the members are left out: choosing a partner needs its name, region and type, and the directory
 * is open to every applicant, so it must not become a way to harvest register numbers or people.
 */
@Injectable()
export class OrganisationDirectoryReadModel {
  async search(manager: EntityManager, filter: OrganisationDirectoryFilter): Promise<OrganisationDirectoryRecord[]> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [
      `o.legal_name ILIKE ${param(`%${escapeLike(filter.nameContains)}%`)}`,
      `EXISTS (SELECT 1 FROM role_grant g JOIN app_user u ON u.id = g.user_id
                WHERE g.organisation_id = o.id AND g.role = 'APPLICANT' AND g.status = 'ACTIVE'
                  AND u.status = 'ACTIVE')`,
    ];
    if (filter.regionCode) where.push(`o.region_code = ${param(filter.regionCode)}`);
    if (filter.after)
      where.push(`(o.legal_name, o.id) > (${param(filter.after.legalName)}, ${param(filter.after.id)}::uuid)`);
    return manager.query(
      `SELECT o.id, o.legal_name AS "legalName", o.type, o.region_code AS "regionCode", r.name AS "regionName",
              r.country
         FROM organisation o
         JOIN region r ON r.code = o.region_code
        WHERE ${where.join(' AND ')}
        ORDER BY o.legal_name, o.id
        LIMIT ${param(filter.limit)}`,
      params,
    );
  }
}
