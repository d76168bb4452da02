import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';

export interface AuditActor {
  userId: string;
  role: string;
}

export interface AuditEventInput {
  /** Who acted; `null` for the system (a workflow, a boot task). */
  actor: AuditActor | null;
  /** What happened, `entity.verb` (`user.registered`, `organisation.created`). */
  action: string;
  entityType: string;
  entityId: string;
  /** State before and after, referring to people by id, never copying personal data (SPEC §5 U1). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  correlationId?: string;
  workflowId?: string;
  /** Business id of the event: recording twice (a retried activity or request) stores one event. */
  businessKey?: string;
}

/**
 * The one helper every write path uses to append to the audit log, inside the caller's transaction. An event is dated
 * on the engine's `Clock`, not PostgreSQL's: rules measure time from some events (the redress window from an
 * ineligible result) against that clock, so both must be the same clock.
 */
@Injectable()
export class AuditWriter {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, action, entity_type, entity_id, before, after,
                               correlation_id, workflow_id, business_key, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (business_key) DO NOTHING`,
      [
        event.actor?.userId ?? null,
        event.actor?.role ?? null,
        event.action,
        event.entityType,
        event.entityId,
        event.before === undefined ? null : JSON.stringify(event.before),
        event.after === undefined ? null : JSON.stringify(event.after),
        event.correlationId ?? null,
        event.workflowId ?? null,
        event.businessKey ?? null,
        this.clock.now(),
      ],
    );
  }

  /** What the event recorded under `businessKey` kept as `after` (a retried action's first answer), if any. */
  async afterOf<T>(manager: EntityManager, businessKey: string): Promise<T | undefined> {
    const rows: Array<{ after: T }> = await manager.query('SELECT after FROM audit_event WHERE business_key = $1', [
      businessKey,
    ]);
    return rows[0]?.after;
  }

  /** Whether an event with this business key is in the log: the step it records was already applied. */
  async isRecorded(manager: EntityManager, businessKey: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM audit_event WHERE business_key = $1', [businessKey]);
    return rows.length > 0;
  }
}
