import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, type OrganisationType } from '@app/domain';

export interface OrganisationRecord {
  id: string;
  legalName: string;
  type: OrganisationType;
  regionCode: string;
  registrationId: string;
  createdAt: Date;
}

/** A row of `organisation`. */
export interface OrganisationRow {
  id: string;
  legal_name: string;
  type: OrganisationType;
  region_code: string;
  registration_id: string;
  created_at: Date;
}

const toRecord = (r: OrganisationRow): OrganisationRecord => ({
  id: r.id,
  legalName: r.legal_name,
  type: r.type,
  regionCode: r.region_code,
  registrationId: r.registration_id,
  createdAt: r.created_at,
});

const COLUMNS = 'id, legal_name, type, region_code, registration_id, created_at';

/** Organisations; the registration id (VAT or register number) is unique after normalisation. */
@Injectable()
export class OrganisationRepository {
  async create(
    manager: EntityManager,
    input: { legalName: string; type: OrganisationType; regionCode: string; registrationId: string },
  ): Promise<OrganisationRecord> {
    const regions: unknown[] = await manager.query('SELECT 1 FROM region WHERE code = $1', [input.regionCode]);
    if (regions.length === 0) {
      throw new DomainError('UNKNOWN_REGION', `There is no region ${input.regionCode}.`, 'rule', [
        { field: 'regionCode', code: 'UNKNOWN_REGION', message: `unknown region ${input.regionCode}` },
      ]);
    }
    const id = randomUUID();
    const inserted: OrganisationRow[] = await manager.query(
      `INSERT INTO organisation (id, legal_name, type, region_code, registration_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT organisation_registration_id_unique DO NOTHING RETURNING ${COLUMNS}`,
      [id, input.legalName.trim(), input.type, input.regionCode, input.registrationId.trim()],
    );
    if (inserted.length === 1) return toRecord(inserted[0]);
    const existing: OrganisationRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM organisation
        WHERE registration_id_normalised = upper(regexp_replace($1, '[^A-Za-z0-9]', '', 'g'))`,
      [input.registrationId],
    );
    const found = existing[0];
    throw new DomainError(
      'ORGANISATION_EXISTS',
      `An organisation with registration id ${found.registration_id} already exists: ` +
        `${found.legal_name} (${found.id}).`,
      'conflict',
      [
        {
          field: 'registrationId',
          code: 'ORGANISATION_EXISTS',
          message: `already registered as ${found.legal_name} (id ${found.id})`,
        },
      ],
    );
  }

  async findById(manager: EntityManager, id: string): Promise<OrganisationRecord | null> {
    const rows: OrganisationRow[] = await manager.query(`SELECT ${COLUMNS} FROM organisation WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** A page in id order; `regionCodes`/`ids` narrow it to a caller's boundary when given. */
  async list(
    manager: EntityManager,
    filter: {
      afterId?: string;
      limit: number;
      ids?: string[];
      regionCodes?: string[];
      regionCode?: string;
      type?: string;
    },
  ): Promise<OrganisationRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.afterId) add('id > ?', filter.afterId);
    if (filter.ids) add('id = ANY(?)', filter.ids);
    if (filter.regionCodes) add('region_code = ANY(?)', filter.regionCodes);
    if (filter.regionCode) add('region_code = ?', filter.regionCode);
    if (filter.type) add('type = ?', filter.type);
    params.push(filter.limit);
    const rows: OrganisationRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM organisation ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }
}
