import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';

export interface AuditEventRecord {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
  workflowId: string | null;
}

/** The audit trail, oldest first (the `AuditWriter` appends to it). */
@Injectable()
export class AuditTrailReadModel {
  /** Events after `afterId` (a numeric id, else from the start), narrowed by entity type and id when given. */
  async page(
    tx: Tx,
    filter: { entityType?: string; entityId?: string; afterId?: string; limit: number },
  ): Promise<AuditEventRecord[]> {
    return tx.query(
      `SELECT id::text, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole", action,
              entity_type AS "entityType", entity_id AS "entityId", before, after,
              correlation_id AS "correlationId", workflow_id AS "workflowId"
         FROM audit_event
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
          AND ($3::bigint IS NULL OR id > $3::bigint)
        ORDER BY id LIMIT $4`,
      [
        filter.entityType ?? null,
        filter.entityId ?? null,
        filter.afterId && /^\d+$/.test(filter.afterId) ? filter.afterId : null,
        filter.limit,
      ],
    );
  }
}
