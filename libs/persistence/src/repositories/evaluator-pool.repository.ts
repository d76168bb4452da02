import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentEvaluator } from '@app/domain';
import type { Tx } from '../unit-of-work';

/** A row of `evaluator_profile`. */
export interface EvaluatorProfileRow {
  user_id: string;
  expertise: string[];
  organisation_id: string | null;
  region_code: string | null;
  country: string;
  max_load: number | null;
  updated_at: Date;
}

/** A row of `call_evaluator`: one evaluator in one call's pool, with its signature of the declaration. */
export interface CallEvaluatorRow {
  call_id: string;
  user_id: string;
  added_by: string;
  added_at: Date;
  declaration_signed_at: Date | null;
  declaration_hash: string | null;
}

/** A row of `evaluator_conflict`. */
export interface EvaluatorConflictRow {
  call_id: string;
  user_id: string;
  proposal_id: string;
  reason: string;
  declared_at: Date;
}

/** A profile with the names a reader needs (the user's, its organisation's). */
type NamedProfileRow = EvaluatorProfileRow & { display_name: string; email: string; organisation_name: string | null };

type MemberRow = NamedProfileRow &
  CallEvaluatorRow & {
    conflict_count: number;
    effective_max_load: number;
  };

/** An evaluator's profile (SPEC §3), with the names a reader needs. */
export interface EvaluatorProfileRecord {
  userId: string;
  displayName: string;
  email: string;
  expertise: string[];
  organisationId: string | null;
  organisationName: string | null;
  regionCode: string | null;
  country: string;
  /** `null`: the call's `maxLoadPerEvaluator` applies. */
  maxLoad: number | null;
  updatedAt: Date;
}

export interface EvaluatorProfileInput {
  expertise: string[];
  organisationId: string | null;
  regionCode: string | null;
  country: string;
  maxLoad: number | null;
}

/** One evaluator of one call, with its profile, its declaration and how many conflicts it declared. */
export interface PoolMemberRecord extends EvaluatorProfileRecord {
  callId: string;
  addedBy: string;
  addedAt: Date;
  declarationSignedAt: Date | null;
  declarationHash: string | null;
  conflictCount: number;
  /** V3: min(profile max load, the call's maxLoadPerEvaluator); the call's value when the profile sets none. */
  effectiveMaxLoad: number;
}

export interface DeclaredConflictRecord {
  proposalId: string;
  reason: string;
  declaredAt: Date;
}

/** What an evaluator sees of a proposal to spot conflicts: no budgets, no content beyond these. */
export interface ConflictCheckProposalRecord {
  proposalId: string;
  acronym: string;
  title: string;
  topic: string;
  consortium: Array<{ organisationName: string; country: string }>;
}

/** Proposal states an evaluator declares conflicts with: submitted and not withdrawn. */
export const CONFLICT_CHECK_EXCLUDED_STATES = ['DRAFT', 'WITHDRAWN'] as const;

/**
 * The region code given to the solver for an evaluator without a region. Region codes are NUTS codes
 * (`^[A-Z]{2}[A-Z0-9]{0,3}$`, enforced by the `region` table), so the empty string never equals a
 * partner's region and V2's partner-region rule never fires for such an evaluator.
 */
export const NO_REGION = '';

function toEvaluatorProfile(row: NamedProfileRow): EvaluatorProfileRecord {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    email: row.email,
    expertise: row.expertise,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    regionCode: row.region_code,
    country: row.country,
    maxLoad: row.max_load,
    updatedAt: row.updated_at,
  };
}

function toPoolMember(row: MemberRow): PoolMemberRecord {
  return {
    ...toEvaluatorProfile(row),
    callId: row.call_id,
    addedBy: row.added_by,
    addedAt: row.added_at,
    declarationSignedAt: row.declaration_signed_at,
    declarationHash: row.declaration_hash,
    conflictCount: row.conflict_count,
    effectiveMaxLoad: row.effective_max_load,
  };
}

function toDeclaredConflict(row: EvaluatorConflictRow): DeclaredConflictRecord {
  return { proposalId: row.proposal_id, reason: row.reason, declaredAt: row.declared_at };
}

const PROFILE_COLUMNS = `p.user_id, u.display_name, u.email, p.expertise, p.organisation_id,
  o.legal_name AS organisation_name, p.region_code, p.country, p.max_load, p.updated_at`;

const PROFILE_FROM =
  'evaluator_profile p JOIN app_user u ON u.id = p.user_id LEFT JOIN organisation o ON o.id = p.organisation_id';

/** The call's load limit as SQL over `joint_call c`; LEAST ignores a NULL profile limit. */
const EFFECTIVE_LOAD = `LEAST(p.max_load, (c.configuration->>'maxLoadPerEvaluator')::int)`;

const MEMBER_COLUMNS = `${PROFILE_COLUMNS}, ce.call_id, ce.added_by, ce.added_at, ce.declaration_signed_at,
  ce.declaration_hash,
  (SELECT count(*)::int FROM evaluator_conflict ec WHERE ec.call_id = ce.call_id AND ec.user_id = ce.user_id)
    AS conflict_count,
  ${EFFECTIVE_LOAD} AS effective_max_load`;

const MEMBER_FROM = `call_evaluator ce JOIN joint_call c ON c.id = ce.call_id
  JOIN evaluator_profile p ON p.user_id = ce.user_id
  JOIN app_user u ON u.id = p.user_id LEFT JOIN organisation o ON o.id = p.organisation_id`;

/** `LIKE` pattern matching `text` literally anywhere. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Evaluator profiles, the evaluators of each call (pool), their declarations and declared conflicts
 * (SPEC §3, §5 V2–V3). `loadAssignmentPool`, `isInPool` and `hasSigned` are what assignment and the
 * review endpoints build on.
 */
@Injectable()
export class EvaluatorPoolRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---- profiles ----

  async profile(manager: Tx, userId: string): Promise<EvaluatorProfileRecord | null> {
    const rows: NamedProfileRow[] = await manager.query(
      `SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.user_id = $1`,
      [userId],
    );
    return rows[0] ? toEvaluatorProfile(rows[0]) : null;
  }

  /** Creates or replaces the profile; `created` tells which. */
  async saveProfile(manager: Tx, userId: string, input: EvaluatorProfileInput): Promise<{ created: boolean }> {
    const rows: Array<{ created: boolean }> = await manager.query(
      `INSERT INTO evaluator_profile (user_id, expertise, organisation_id, region_code, country, max_load)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE
         SET expertise = EXCLUDED.expertise, organisation_id = EXCLUDED.organisation_id,
             region_code = EXCLUDED.region_code, country = EXCLUDED.country, max_load = EXCLUDED.max_load,
             updated_at = clock_timestamp()
       RETURNING (xmax = 0) AS created`,
      [userId, input.expertise, input.organisationId, input.regionCode, input.country, input.maxLoad],
    );
    return { created: rows[0].created };
  }

  /**
   * Profiles by user id, after `afterId`: `keyword` matches any expertise keyword containing it
   * (case-insensitive), `country` exactly.
   */
  async listProfiles(
    manager: Tx,
    filter: { keyword?: string; country?: string; afterId?: string; limit: number },
  ): Promise<EvaluatorProfileRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.keyword !== undefined) {
      params.push(containsPattern(filter.keyword));
      where.push(`EXISTS (SELECT 1 FROM unnest(p.expertise) k WHERE k ILIKE $${params.length})`);
    }
    if (filter.country !== undefined) {
      params.push(filter.country);
      where.push(`p.country = $${params.length}`);
    }
    if (filter.afterId !== undefined) {
      params.push(filter.afterId);
      where.push(`p.user_id > $${params.length}::uuid`);
    }
    params.push(filter.limit);
    const rows: NamedProfileRow[] = await manager.query(
      `SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.user_id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEvaluatorProfile);
  }

  /** The user is active and holds an active EVALUATOR grant. */
  async isActiveEvaluator(manager: Tx, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM app_user u
         JOIN role_grant g ON g.user_id = u.id AND g.role = 'EVALUATOR' AND g.status = 'ACTIVE'
        WHERE u.id = $1 AND u.status = 'ACTIVE'`,
      [userId],
    );
    return rows.length > 0;
  }

  // ---- the pool of a call ----

  /** Adds the evaluator to the call's pool; `false` when it already was (nothing changes then). */
  async addToPool(
    manager: Tx,
    callId: string,
    userId: string,
    addedBy: string,
  ): Promise<{ added: boolean; addedAt: Date }> {
    const inserted: Array<Pick<CallEvaluatorRow, 'added_at'>> = await manager.query(
      `INSERT INTO call_evaluator (call_id, user_id, added_by) VALUES ($1, $2, $3)
       ON CONFLICT (call_id, user_id) DO NOTHING RETURNING added_at`,
      [callId, userId, addedBy],
    );
    if (inserted.length === 1) return { added: true, addedAt: inserted[0].added_at };
    const existing: Array<Pick<CallEvaluatorRow, 'added_at'>> = await manager.query(
      'SELECT added_at FROM call_evaluator WHERE call_id = $1 AND user_id = $2',
      [callId, userId],
    );
    return { added: false, addedAt: existing[0].added_at };
  }

  /** Removes the evaluator (its signature and declared conflicts go with it); `false` when it was not there. */
  async removeFromPool(manager: Tx, callId: string, userId: string): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      'DELETE FROM call_evaluator WHERE call_id = $1 AND user_id = $2',
      [callId, userId],
    );
    return result[1] > 0;
  }

  /** One member of the pool; `lock` takes its row FOR UPDATE (serialises signing and conflict changes). */
  async member(manager: Tx, callId: string, userId: string, lock = false): Promise<PoolMemberRecord | null> {
    if (lock)
      await manager.query('SELECT 1 FROM call_evaluator WHERE call_id = $1 AND user_id = $2 FOR UPDATE', [
        callId,
        userId,
      ]);
    const rows: MemberRow[] = await manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM} WHERE ce.call_id = $1 AND ce.user_id = $2`,
      [callId, userId],
    );
    return rows[0] ? toPoolMember(rows[0]) : null;
  }

  /** The pool by user id, after `afterId`. */
  async members(manager: Tx, callId: string, page: { afterId?: string; limit: number }): Promise<PoolMemberRecord[]> {
    const rows: MemberRow[] = await manager.query(
      `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM}
        WHERE ce.call_id = $1 ${page.afterId !== undefined ? 'AND ce.user_id > $3::uuid' : ''}
        ORDER BY ce.user_id LIMIT $2`,
      page.afterId !== undefined ? [callId, page.limit, page.afterId] : [callId, page.limit],
    );
    return rows.map(toPoolMember);
  }

  /** For authorisation: the user is one of the call's evaluators. */
  async isInPool(callId: string, userId: string, manager: Tx = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM call_evaluator WHERE call_id = $1 AND user_id = $2', [
      callId,
      userId,
    ]);
    return rows.length > 0;
  }

  /** For authorisation: the user is one of the call's evaluators and signed the call's declaration (V2). */
  async hasSigned(callId: string, userId: string, manager: Tx = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM call_evaluator WHERE call_id = $1 AND user_id = $2 AND declaration_signed_at IS NOT NULL',
      [callId, userId],
    );
    return rows.length > 0;
  }

  /** Records the signature of the declaration whose SHA-256 is `hash`. */
  async sign(manager: Tx, callId: string, userId: string, hash: string): Promise<Date> {
    const rows: Array<Pick<CallEvaluatorRow, 'declaration_signed_at'>> = await manager.query(
      `UPDATE call_evaluator SET declaration_signed_at = clock_timestamp(), declaration_hash = $3
        WHERE call_id = $1 AND user_id = $2 RETURNING declaration_signed_at`,
      [callId, userId, hash],
    );
    return rows[0].declaration_signed_at!;
  }

  // ---- conflicts ----

  async conflicts(manager: Tx, callId: string, userId: string): Promise<DeclaredConflictRecord[]> {
    const rows: EvaluatorConflictRow[] = await manager.query(
      `SELECT call_id, user_id, proposal_id, reason, declared_at FROM evaluator_conflict
        WHERE call_id = $1 AND user_id = $2 ORDER BY proposal_id`,
      [callId, userId],
    );
    return rows.map(toDeclaredConflict);
  }

  /** Replaces the evaluator's declared conflicts in this call (the caller holds the member's row lock). */
  async replaceConflicts(
    manager: Tx,
    callId: string,
    userId: string,
    conflicts: Array<{ proposalId: string; reason: string }>,
  ): Promise<void> {
    await manager.query('DELETE FROM evaluator_conflict WHERE call_id = $1 AND user_id = $2', [callId, userId]);
    if (conflicts.length === 0) return;
    await manager.query(
      `INSERT INTO evaluator_conflict (call_id, user_id, proposal_id, reason)
       SELECT $1, $2, c.proposal_id, c.reason FROM unnest($3::uuid[], $4::text[]) AS c (proposal_id, reason)`,
      [callId, userId, conflicts.map((c) => c.proposalId), conflicts.map((c) => c.reason)],
    );
  }

  /** Of `proposalIds`, those an evaluator of the call may declare a conflict with. */
  async conflictCheckableIds(manager: Tx, callId: string, proposalIds: string[]): Promise<string[]> {
    if (proposalIds.length === 0) return [];
    const rows: Array<{ id: string }> = await manager.query(
      'SELECT id FROM proposal WHERE call_id = $1 AND id = ANY($2::uuid[]) AND state <> ALL($3::text[])',
      [callId, proposalIds, CONFLICT_CHECK_EXCLUDED_STATES],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The call's submitted proposals as an evaluator sees them before any assignment: acronym, title and
   * topic of the version that counts (the last submitted), and its consortium's organisation names and
   * countries. By proposal id, after `afterId`.
   */
  async conflictCheckProposals(
    manager: Tx,
    callId: string,
    page: { afterId?: string; limit: number },
  ): Promise<ConflictCheckProposalRecord[]> {
    const rows: Array<{
      proposal_id: string;
      acronym: string;
      title: string;
      topic: string;
      consortium: ConflictCheckProposalRecord['consortium'];
    }> = await manager.query(
      `SELECT p.id AS proposal_id, v.content->>'acronym' AS acronym, v.content->>'title' AS title,
              coalesce(v.content->>'topic', '') AS topic,
              (SELECT coalesce(
                        json_agg(json_build_object('organisationName', o.legal_name, 'country', r.country)
                                 ORDER BY (e->>'role') = 'COORDINATOR' DESC, o.legal_name, o.id),
                        '[]'::json)
                 FROM jsonb_array_elements(v.content->'partners') e
                 JOIN organisation o ON o.id = (e->>'organisationId')::uuid
                 JOIN region r ON r.code = o.region_code) AS consortium
         FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.call_id = $1 AND p.state <> ALL($2::text[]) ${page.afterId !== undefined ? 'AND p.id > $4::uuid' : ''}
        ORDER BY p.id LIMIT $3`,
      page.afterId !== undefined
        ? [callId, CONFLICT_CHECK_EXCLUDED_STATES, page.limit, page.afterId]
        : [callId, CONFLICT_CHECK_EXCLUDED_STATES, page.limit],
    );
    return rows.map((row) => ({
      proposalId: row.proposal_id,
      acronym: row.acronym,
      title: row.title,
      topic: row.topic,
      consortium: row.consortium,
    }));
  }

  // ---- assignment ----

  /**
   * The assignment solver's evaluators for a call (SPEC V2–V3): only those who signed the call's
   * declaration and are still active evaluators (active account, active EVALUATOR grant), by user id.
   * `maxLoad` is the effective load limit; `regionCode` is `NO_REGION` when the profile has none;
   * `declaredConflicts` are proposal ids.
   */
  async loadAssignmentPool(callId: string, manager: Tx = this.dataSource.manager): Promise<AssignmentEvaluator[]> {
    const rows: Array<
      Pick<EvaluatorProfileRow, 'user_id' | 'expertise' | 'organisation_id' | 'region_code' | 'country'> & {
        effective_max_load: number;
        declared_conflicts: string[];
      }
    > = await manager.query(
      `SELECT ce.user_id, p.expertise, p.organisation_id, p.region_code, p.country,
              ${EFFECTIVE_LOAD} AS effective_max_load,
              coalesce((SELECT array_agg(ec.proposal_id::text ORDER BY ec.proposal_id) FROM evaluator_conflict ec
                         WHERE ec.call_id = ce.call_id AND ec.user_id = ce.user_id), '{}') AS declared_conflicts
           FROM call_evaluator ce
           JOIN joint_call c ON c.id = ce.call_id
           JOIN evaluator_profile p ON p.user_id = ce.user_id
           JOIN app_user u ON u.id = ce.user_id AND u.status = 'ACTIVE'
          WHERE ce.call_id = $1 AND ce.declaration_signed_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM role_grant g
                         WHERE g.user_id = ce.user_id AND g.role = 'EVALUATOR' AND g.status = 'ACTIVE')
          ORDER BY ce.user_id`,
      [callId],
    );
    return rows.map((r) => ({
      id: r.user_id,
      expertise: r.expertise,
      organisationId: r.organisation_id,
      regionCode: r.region_code ?? NO_REGION,
      country: r.country.trim(),
      maxLoad: r.effective_max_load,
      declaredConflicts: r.declared_conflicts,
    }));
  }
}
