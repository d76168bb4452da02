import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { webLinks } from '@app/contracts';
import type { NotificationData, NotificationKind } from '@app/domain';
import { OutboxWriter } from '../writers/outbox.writer';
import { activeProgrammeManagers, type NotificationRecipient } from './notification-recipients';

/** A funded project's row as the monitoring paths use it. */
export interface ProjectRecord {
  id: string;
  callId: string;
  proposalId: string;
  acronym: string;
  coordinatorOrganisationId: string;
  startDate: string;
  durationMonths: number;
  endsAt: Date;
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
  consortiumAgreement: 'NONE' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  reportEveryMonths: number;
  callTitle: string;
  timeZone: string;
}

const COLUMNS = `p.id, p.call_id AS "callId", p.proposal_id AS "proposalId", p.acronym, p.coordinator_organisation_id AS "coordinatorOrganisationId",
  to_char(p.start_date, 'YYYY-MM-DD') AS "startDate", p.duration_months AS "durationMonths", p.ends_at AS "endsAt", p.state, p.consortium_agreement AS "consortiumAgreement",
  p.report_every_months AS "reportEveryMonths", j.configuration->>'title' AS "callTitle", j.configuration->>'timeZone' AS "timeZone"`;

/**
 * Who hears of a project event: the coordinator's members (`CONSORTIUM`), the programme managers, some
 * organisations' members, or some agencies' officers.
 */
export type ProjectAudience =
  'CONSORTIUM' | 'PROGRAMME_MANAGERS' | { organisationIds: readonly string[] } | { agencyIds: readonly string[] };

/** Funded projects (SPEC §4 Project): the row under its lock, and notifications to the people around it. */
@Injectable()
export class ProjectRepository {
  constructor(private readonly outbox: OutboxWriter) {}

  async find(manager: EntityManager, projectId: string, lock = false): Promise<ProjectRecord | undefined> {
    const rows: ProjectRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM project p JOIN joint_call j ON j.id = p.call_id WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`,
      [projectId],
    );
    return rows[0];
  }

  /** The call's projects in acronym order. */
  async ofCall(manager: EntityManager, callId: string): Promise<ProjectRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM project p JOIN joint_call j ON j.id = p.call_id WHERE p.call_id = $1 ORDER BY p.acronym, p.id`,
      [callId],
    );
  }

  /** The organisations of the consortium with a live grant, and the coordinator: who reports. */
  async consortiumOrganisations(manager: EntityManager, project: ProjectRecord): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT organisation_id AS id FROM proposal_partner WHERE proposal_id = $1
       UNION SELECT organisation_id FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED' ORDER BY id`,
      [project.proposalId],
    );
    return [...new Set([project.coordinatorOrganisationId, ...rows.map((r) => r.id)])];
  }

  /** The agencies funding the project (its live grants'), in id order. */
  async agencyIds(manager: EntityManager, project: Pick<ProjectRecord, 'proposalId'>): Promise<string[]> {
    const rows: Array<{ agencyId: string }> = await manager.query(
      'SELECT DISTINCT agency_id AS "agencyId" FROM funding_grant WHERE proposal_id = $1 AND status = \'AWARDED\' ORDER BY 1',
      [project.proposalId],
    );
    return rows.map((r) => r.agencyId);
  }

  /** Enqueues one message per recipient in the caller's transaction, idempotent under `key` per recipient. */
  async notify(
    manager: EntityManager,
    project: ProjectRecord,
    audience: ProjectAudience,
    kind: NotificationKind,
    data: NotificationData,
    key: string,
  ): Promise<void> {
    for (const recipient of await this.recipients(manager, project, audience)) {
      await this.outbox.enqueue(manager, {
        kind,
        recipient,
        data: {
          callTitle: project.callTitle,
          proposalAcronym: project.acronym,
          page: webLinks.project(project.id),
          ...data,
        },
        idempotencyKey: `${key}:${recipient.userId}`,
      });
    }
  }

  private async recipients(
    manager: EntityManager,
    project: ProjectRecord,
    audience: ProjectAudience,
  ): Promise<NotificationRecipient[]> {
    if (audience === 'PROGRAMME_MANAGERS') return activeProgrammeManagers(manager);
    if (audience === 'CONSORTIUM' || 'organisationIds' in audience) {
      return manager.query(
        `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName" FROM role_grant g JOIN app_user u ON u.id = g.user_id
          WHERE g.organisation_id = ANY($1) AND g.role = 'APPLICANT' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
        [audience === 'CONSORTIUM' ? [project.coordinatorOrganisationId] : [...audience.organisationIds]],
      );
    }
    return manager.query(
      `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName" FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.agency_id = ANY($1) AND g.role = 'AGENCY_OFFICER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
      [[...audience.agencyIds]],
    );
  }

  /**
   * The project of a funded proposal with its milestones, or the id of the one it already has (idempotent by
   * proposal). `created` says whether this call made it.
   */
  async createForProposal(
    manager: EntityManager,
    project: {
      callId: string;
      proposalId: string;
      decisionId: string;
      coordinatorOrganisationId: string;
      acronym: string;
      startDate: string;
      durationMonths: number;
      endsAt: Date | string;
      kpiTargets: unknown;
      transformativeActivityCodes: string[];
    },
    milestones: ReadonlyArray<{
      index: number;
      title: string;
      dueMonth: number;
      dueAt: Date | string;
      overdueAt: Date | string;
      reminders: unknown;
      responsibleOrganisationId: string | null;
      midTerm: boolean;
    }>,
  ): Promise<{ id: string; created: boolean }> {
    const existing: Array<{ id: string }> = await manager.query('SELECT id FROM project WHERE proposal_id = $1', [
      project.proposalId,
    ]);
    if (existing.length > 0) return { id: existing[0].id, created: false };
    const id = randomUUID();
    await manager.query(
      `INSERT INTO project (id, call_id, proposal_id, decision_id, coordinator_organisation_id, acronym, start_date,
                            duration_months, ends_at, kpi_targets, transformative_activities)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        project.callId,
        project.proposalId,
        project.decisionId,
        project.coordinatorOrganisationId,
        project.acronym,
        project.startDate,
        project.durationMonths,
        project.endsAt,
        JSON.stringify(project.kpiTargets ?? {}),
        project.transformativeActivityCodes,
      ],
    );
    for (const m of milestones) {
      await manager.query(
        `INSERT INTO project_milestone (project_id, idx, title, due_month, due_at, overdue_at, reminders,
                                        responsible_organisation_id, mid_term)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          m.index,
          m.title,
          m.dueMonth,
          m.dueAt,
          m.overdueAt,
          JSON.stringify(m.reminders),
          m.responsibleOrganisationId,
          m.midTerm,
        ],
      );
    }
    return { id, created: true };
  }
}
