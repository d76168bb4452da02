import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import {
  consortiumAgreementMachine,
  milestoneStateMachine,
  projectStateMachine,
  type ConsortiumAgreementState,
  type MilestoneState,
  type NotificationData,
  type NotificationKind,
  type ProjectState,
  type ProposalContent,
  type ReleaseFacts,
} from '@app/domain';
import type { Tx } from '../unit-of-work';
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
  state: ProjectState;
  consortiumAgreement: ConsortiumAgreementState;
  reportEveryMonths: number;
  /** Days after a milestone's or report's due date before it is overdue (the call's setting at the decision). */
  graceDays: number;
  callTitle: string;
  timeZone: string;
}

/** `project` as read here, with its call's title and time zone. */
export interface ProjectRow {
  id: string;
  call_id: string;
  proposal_id: string;
  acronym: string;
  coordinator_organisation_id: string;
  start_date: string;
  duration_months: number;
  ends_at: Date;
  state: ProjectState;
  consortium_agreement: ConsortiumAgreementState;
  report_every_months: number;
  grace_days: number;
  call_title: string;
  time_zone: string;
}

export const toProject = (r: ProjectRow): ProjectRecord => ({
  id: r.id,
  callId: r.call_id,
  proposalId: r.proposal_id,
  acronym: r.acronym,
  coordinatorOrganisationId: r.coordinator_organisation_id,
  startDate: r.start_date,
  durationMonths: r.duration_months,
  endsAt: r.ends_at,
  state: r.state,
  consortiumAgreement: r.consortium_agreement,
  reportEveryMonths: r.report_every_months,
  graceDays: r.grace_days,
  callTitle: r.call_title,
  timeZone: r.time_zone,
});

const PROJECT_COLUMNS = `p.id, p.call_id, p.proposal_id, p.acronym, p.coordinator_organisation_id,
  to_char(p.start_date, 'YYYY-MM-DD') AS start_date, p.duration_months, p.ends_at, p.state, p.consortium_agreement,
  p.report_every_months, p.grace_days, j.configuration->>'title' AS call_title, j.configuration->>'timeZone' AS time_zone`;

export interface ProjectMilestone {
  idx: number;
  title: string;
  dueMonth: number;
  dueAt: Date;
  overdueAt: Date;
  reminders: Array<{ daysBefore: number; at: string }>;
  state: MilestoneState;
  midTerm: boolean;
  responsibleOrganisationId: string;
}

/** `project_milestone`. */
export interface MilestoneRow {
  idx: number;
  title: string;
  due_month: number;
  due_at: Date;
  overdue_at: Date;
  reminders: Array<{ daysBefore: number; at: string }>;
  state: MilestoneState;
  mid_term: boolean;
  responsible_organisation_id: string;
}

export const toMilestone = (r: MilestoneRow): ProjectMilestone => ({
  idx: r.idx,
  title: r.title,
  dueMonth: r.due_month,
  dueAt: r.due_at,
  overdueAt: r.overdue_at,
  reminders: r.reminders,
  state: r.state,
  midTerm: r.mid_term,
  responsibleOrganisationId: r.responsible_organisation_id,
});

const MILESTONE_COLUMNS =
  'idx, title, due_month, due_at, overdue_at, reminders, state, mid_term, responsible_organisation_id';

/** A new project's row and its dated milestones. */
export interface NewProject {
  id: string;
  callId: string;
  proposalId: string;
  decisionId: string;
  coordinatorOrganisationId: string;
  acronym: string;
  startDate: string;
  durationMonths: number;
  endsAt: string;
  kpiTargets: Record<string, unknown>;
  transformativeActivities: string[];
  /** The call's settings when the project was decided (SPEC M6, M3). */
  reportEveryMonths: number;
  graceDays: number;
  milestones: Array<{
    idx: number;
    title: string;
    dueMonth: number;
    dueAt: string;
    overdueAt: string;
    reminders: unknown;
    responsibleOrganisationId: string;
    midTerm: boolean;
  }>;
}

/** The milestone's fields a transition stamps besides its state. */
export interface MilestoneStamps {
  /** ACCEPTED's instant, or null to clear it (a request for changes). */
  acceptedAt?: string | null;
  /** The first report's instant is kept; a first report takes the database's clock. */
  reported?: boolean;
}

/**
 * Who hears of a project event: the coordinator's members (`CONSORTIUM`), the programme managers, some
 * organisations' members, or some agencies' officers.
 */
export type ProjectAudience =
  'CONSORTIUM' | 'PROGRAMME_MANAGERS' | { organisationIds: readonly string[] } | { agencyIds: readonly string[] };

/**
 * Funded projects (SPEC §4 Project) with their milestones and consortium agreement: the rows under their
 * locks, every state moved through its domain machine, and notifications to the people around it.
 */
@Injectable()
export class ProjectRepository {
  constructor(private readonly outbox: OutboxWriter) {}

  async find(tx: Tx, projectId: string, lock = false): Promise<ProjectRecord | undefined> {
    const rows: ProjectRow[] = await tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM project p JOIN joint_call j ON j.id = p.call_id
        WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`,
      [projectId],
    );
    return rows[0] && toProject(rows[0]);
  }

  /** The call's projects in acronym order. */
  async ofCall(tx: Tx, callId: string): Promise<ProjectRecord[]> {
    const rows: ProjectRow[] = await tx.query(
      `SELECT ${PROJECT_COLUMNS} FROM project p JOIN joint_call j ON j.id = p.call_id
        WHERE p.call_id = $1 ORDER BY p.acronym, p.id`,
      [callId],
    );
    return rows.map(toProject);
  }

  /** The project of a proposal, if it has one. */
  async idOfProposal(tx: Tx, proposalId: string): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await tx.query('SELECT id FROM project WHERE proposal_id = $1', [proposalId]);
    return rows[0]?.id;
  }

  /** What a funded proposal brings to its project: acronym, coordinator and the last submitted content. */
  async fundedProposal(
    tx: Tx,
    proposalId: string,
  ): Promise<{ acronym: string; coordinator: string; content: ProposalContent }> {
    const [row]: Array<{ acronym: string; coordinator: string; content: ProposalContent }> = await tx.query(
      `SELECT p.acronym, p.coordinator_organisation_id AS coordinator, v.content
         FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.id = $1`,
      [proposalId],
    );
    return row;
  }

  /** Inserts the project (its initial states: ACTIVE, agreement NONE) and its PLANNED milestones. */
  async create(tx: Tx, project: NewProject): Promise<void> {
    await tx.query(
      `INSERT INTO project (id, call_id, proposal_id, decision_id, coordinator_organisation_id, acronym, start_date,
                            duration_months, ends_at, kpi_targets, transformative_activities, report_every_months,
                            grace_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        project.id,
        project.callId,
        project.proposalId,
        project.decisionId,
        project.coordinatorOrganisationId,
        project.acronym,
        project.startDate,
        project.durationMonths,
        project.endsAt,
        JSON.stringify(project.kpiTargets),
        project.transformativeActivities,
        project.reportEveryMonths,
        project.graceDays,
      ],
    );
    for (const m of project.milestones) {
      await tx.query(
        `INSERT INTO project_milestone (project_id, idx, title, due_month, due_at, overdue_at, reminders,
                                        responsible_organisation_id, mid_term)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          project.id,
          m.idx,
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
  }

  /** The project's milestones in work-plan order (`lock`: every one `FOR UPDATE`). */
  async milestones(tx: Tx, projectId: string, lock = false): Promise<ProjectMilestone[]> {
    const rows: MilestoneRow[] = await tx.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestone WHERE project_id = $1
        ORDER BY idx${lock ? ' FOR UPDATE' : ''}`,
      [projectId],
    );
    return rows.map(toMilestone);
  }

  /** One milestone under its row lock. */
  async lockedMilestone(tx: Tx, projectId: string, idx: number): Promise<ProjectMilestone | undefined> {
    const rows: MilestoneRow[] = await tx.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestone WHERE project_id = $1 AND idx = $2 FOR UPDATE`,
      [projectId, idx],
    );
    return rows[0] && toMilestone(rows[0]);
  }

  /** Moves a milestone (its machine decides), stamping what the move records. */
  async transitionMilestone(
    tx: Tx,
    projectId: string,
    idx: number,
    to: MilestoneState,
    stamps: MilestoneStamps = {},
  ): Promise<void> {
    const [row]: Array<{ state: MilestoneState }> = await tx.query(
      'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = $2 FOR UPDATE',
      [projectId, idx],
    );
    milestoneStateMachine.assert(row.state, to);
    await tx.query(
      `UPDATE project_milestone
          SET state = $3,
              accepted_at = CASE WHEN $4 THEN $5::timestamptz ELSE accepted_at END,
              first_reported_at = CASE WHEN $6 THEN COALESCE(first_reported_at, clock_timestamp())
                                       ELSE first_reported_at END
        WHERE project_id = $1 AND idx = $2`,
      [projectId, idx, to, 'acceptedAt' in stamps, stamps.acceptedAt ?? null, stamps.reported === true],
    );
  }

  /** New dates for a milestone (an amendment); its state moves, if at all, through `transitionMilestone`. */
  async redateMilestone(
    tx: Tx,
    projectId: string,
    idx: number,
    dated: { dueMonth: number; dueAt: string; overdueAt: string; reminders: unknown },
  ): Promise<void> {
    await tx.query(
      `UPDATE project_milestone SET due_month = $3, due_at = $4, overdue_at = $5, reminders = $6
        WHERE project_id = $1 AND idx = $2`,
      [projectId, idx, dated.dueMonth, dated.dueAt, dated.overdueAt, JSON.stringify(dated.reminders)],
    );
  }

  /** A new duration (an amendment) and the end it gives. */
  async setDuration(tx: Tx, projectId: string, durationMonths: number, endsAt: string): Promise<void> {
    await tx.query('UPDATE project SET duration_months = $2, ends_at = $3 WHERE id = $1', [
      projectId,
      durationMonths,
      endsAt,
    ]);
  }

  /** Moves the project (its machine decides) with the reason of a suspension or termination and its end. */
  async transitionProject(
    tx: Tx,
    projectId: string,
    to: ProjectState,
    change: { reason: string | null; endedAt: string | null },
  ): Promise<void> {
    const [row]: Array<{ state: ProjectState }> = await tx.query('SELECT state FROM project WHERE id = $1 FOR UPDATE', [
      projectId,
    ]);
    projectStateMachine.assert(row.state, to);
    await tx.query('UPDATE project SET state = $2, state_reason = $3, ended_at = $4 WHERE id = $1', [
      projectId,
      to,
      change.reason,
      change.endedAt,
    ]);
  }

  /** The coordinator's upload: SUBMITTED with the file (a returned or submitted one is replaced). */
  async transitionAgreementSubmitted(
    tx: Tx,
    projectId: string,
    file: { sha256: string; name: string },
    uploadedBy: string,
  ): Promise<void> {
    consortiumAgreementMachine.assert(await this.agreementState(tx, projectId), 'SUBMITTED');
    await tx.query(
      `UPDATE project
          SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, consortium_agreement_file_name = $3,
              consortium_agreement_uploaded_by = $4, consortium_agreement_uploaded_at = clock_timestamp(),
              consortium_agreement_comment = NULL, consortium_agreement_decided_at = NULL
        WHERE id = $1`,
      [projectId, file.sha256, file.name, uploadedBy],
    );
  }

  /** The programme manager's decision on a submitted agreement: ACCEPTED or RETURNED, with its comment. */
  async transitionAgreementDecided(
    tx: Tx,
    projectId: string,
    to: 'ACCEPTED' | 'RETURNED',
    comment: string | null,
    at: string,
  ): Promise<void> {
    consortiumAgreementMachine.assert(await this.agreementState(tx, projectId), to);
    await tx.query(
      `UPDATE project
          SET consortium_agreement = $2, consortium_agreement_comment = $3, consortium_agreement_decided_at = $4
        WHERE id = $1`,
      [projectId, to, comment, at],
    );
  }

  /** The agreement's file as stored, or undefined before the first upload. */
  async agreementFile(
    tx: Tx,
    projectId: string,
  ): Promise<{ mediaType: string; bytes: Buffer; name: string } | undefined> {
    const rows: Array<{ media_type: string; bytes: Buffer; name: string }> = await tx.query(
      `SELECT b.media_type, b.bytes, p.consortium_agreement_file_name AS name
         FROM project p JOIN attachment_blob b ON b.sha256 = p.consortium_agreement_sha256 WHERE p.id = $1`,
      [projectId],
    );
    return rows[0] && { mediaType: rows[0].media_type, bytes: rows[0].bytes, name: rows[0].name };
  }

  /** What the domain's release gate looks at (F4): state, agreement, accepted milestones, final report. */
  async releaseFacts(tx: Tx, projectId: string): Promise<ReleaseFacts> {
    const [row]: Array<{ state: ReleaseFacts['projectState']; agreement: string; accepted: number[]; final: boolean }> =
      await tx.query(
        `SELECT p.state, p.consortium_agreement AS agreement,
                COALESCE((SELECT array_agg(idx ORDER BY idx) FROM project_milestone
                           WHERE project_id = p.id AND state = 'ACCEPTED'), '{}') AS accepted,
                EXISTS (SELECT 1 FROM project_report
                         WHERE project_id = p.id AND kind = 'FINAL' AND state = 'ACCEPTED') AS final
           FROM project p WHERE p.id = $1`,
        [projectId],
      );
    return {
      projectState: row.state,
      consortiumAgreementAccepted: row.agreement === 'ACCEPTED',
      acceptedMilestoneIndexes: row.accepted,
      finalReportAccepted: row.final,
    };
  }

  /** Completable: the final report accepted and every instalment of a live grant PAID. */
  async completable(tx: Tx, projectId: string): Promise<boolean> {
    const [{ completable }]: Array<{ completable: boolean }> = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM project_report WHERE project_id = p.id AND kind = 'FINAL' AND state = 'ACCEPTED')
              AND NOT EXISTS (SELECT 1 FROM instalment i JOIN funding_grant g ON g.id = i.grant_id
                               WHERE g.proposal_id = p.proposal_id AND g.status = 'AWARDED' AND i.status <> 'PAID')
              AS completable
         FROM project p WHERE p.id = $1`,
      [projectId],
    );
    return completable;
  }

  /** The organisations of the consortium with a live grant, and the coordinator: who reports. */
  async consortiumOrganisations(tx: Tx, project: ProjectRecord): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT organisation_id AS id FROM proposal_partner WHERE proposal_id = $1
       UNION SELECT organisation_id FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED' ORDER BY id`,
      [project.proposalId],
    );
    return [...new Set([project.coordinatorOrganisationId, ...rows.map((r) => r.id)])];
  }

  /** The agencies funding the project (its live grants'), in id order. */
  async agencyIds(tx: Tx, project: Pick<ProjectRecord, 'proposalId'>): Promise<string[]> {
    const rows: Array<{ agency_id: string }> = await tx.query(
      `SELECT DISTINCT agency_id FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED' ORDER BY 1`,
      [project.proposalId],
    );
    return rows.map((r) => r.agency_id);
  }

  /** The agencies with a grant for the project, live or not: whose officers may see it. */
  async grantingAgencyIds(tx: Tx, project: Pick<ProjectRecord, 'proposalId'>): Promise<string[]> {
    const rows: Array<{ agency_id: string }> = await tx.query(
      'SELECT DISTINCT agency_id FROM funding_grant WHERE proposal_id = $1',
      [project.proposalId],
    );
    return rows.map((r) => r.agency_id);
  }

  /** Enqueues one message per recipient in the caller's transaction, idempotent under `key` per recipient. */
  async notify(
    tx: Tx,
    project: ProjectRecord,
    audience: ProjectAudience,
    kind: NotificationKind,
    data: NotificationData,
    key: string,
  ): Promise<void> {
    for (const recipient of await this.recipients(tx, project, audience)) {
      await this.outbox.enqueue(tx, {
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

  private async agreementState(tx: Tx, projectId: string): Promise<ConsortiumAgreementState> {
    const [row]: Array<{ consortium_agreement: ConsortiumAgreementState }> = await tx.query(
      'SELECT consortium_agreement FROM project WHERE id = $1 FOR UPDATE',
      [projectId],
    );
    return row.consortium_agreement;
  }

  private async recipients(
    tx: Tx,
    project: ProjectRecord,
    audience: ProjectAudience,
  ): Promise<NotificationRecipient[]> {
    if (audience === 'PROGRAMME_MANAGERS') return activeProgrammeManagers(tx);
    if (audience === 'CONSORTIUM' || 'organisationIds' in audience) {
      return tx.query(
        `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName"
           FROM role_grant g JOIN app_user u ON u.id = g.user_id
          WHERE g.organisation_id = ANY($1) AND g.role = 'APPLICANT' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE'
          ORDER BY u.id`,
        [audience === 'CONSORTIUM' ? [project.coordinatorOrganisationId] : [...audience.organisationIds]],
      );
    }
    return tx.query(
      `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName"
         FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.agency_id = ANY($1) AND g.role = 'AGENCY_OFFICER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE'
        ORDER BY u.id`,
      [[...audience.agencyIds]],
    );
  }
}
