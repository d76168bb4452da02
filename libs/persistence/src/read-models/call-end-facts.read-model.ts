import { Injectable } from '@nestjs/common';
import { redressWindowClosesAt, type CallEndFacts, type CallState } from '@app/domain';
import { RedressRepository } from '../repositories/redress.repository';
import type { Tx } from '../unit-of-work';

/** What the call's workflow decides its end on after DECIDED (`nextCallEndStep` of `@app/domain`). */
@Injectable()
export class CallEndFactsReadModel {
  constructor(private readonly redress: RedressRepository) {}

  /** `null`: no such call. */
  async load(tx: Tx, callId: string): Promise<CallEndFacts | null> {
    const [row]: Array<{
      state: CallState;
      reserve_list_closed: boolean;
      promotion_pending: boolean;
      funded_without_project: number;
      redress_open: number;
      projects: number;
      projects_running: number;
      projects_not_started: number;
    }> = await tx.query(
      `SELECT c.state,
              c.reserve_list_closed_at IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM proposal p WHERE p.call_id = c.id AND p.state = 'RESERVE')
                AS reserve_list_closed,
              EXISTS (SELECT 1 FROM funding_decision d WHERE d.call_id = c.id AND d.status = 'PROPOSED')
                AS promotion_pending,
              (SELECT count(*)::int FROM proposal p
                WHERE p.call_id = c.id AND p.state IN ('SELECTED', 'FUNDED')
                  AND NOT EXISTS (SELECT 1 FROM project j WHERE j.proposal_id = p.id)) AS funded_without_project,
              (SELECT count(*)::int FROM redress_request r WHERE r.call_id = c.id AND r.status = 'FILED')
                + (SELECT count(*)::int FROM proposal p
                    WHERE p.call_id = c.id AND p.stage_no = c.current_stage
                      AND p.state IN ('ELIGIBILITY_CHECK', 'ELIGIBLE', 'IN_REVIEW', 'REVIEWED')) AS redress_open,
              (SELECT count(*)::int FROM project j WHERE j.call_id = c.id) AS projects,
              (SELECT count(*)::int FROM project j
                WHERE j.call_id = c.id AND j.state IN ('ACTIVE', 'SUSPENDED')) AS projects_running,
              (SELECT count(*)::int FROM project j
                WHERE j.call_id = c.id AND j.state IN ('ACTIVE', 'SUSPENDED')
                  AND j.consortium_agreement <> 'ACCEPTED') AS projects_not_started
         FROM joint_call c WHERE c.id = $1`,
      [callId],
    );
    if (!row) return null;
    const lastResultAt = await this.redress.latestUnchallengedResultAt(tx, callId);
    return {
      state: row.state,
      promotionPending: row.promotion_pending,
      reserveListClosed: row.reserve_list_closed,
      fundedWithoutProject: row.funded_without_project,
      redressOpen: row.redress_open,
      projects: row.projects,
      projectsRunning: row.projects_running,
      projectsNotStarted: row.projects_not_started,
      redressWindowClosesAt: lastResultAt
        ? new Date(redressWindowClosesAt(lastResultAt.getTime())).toISOString()
        : null,
    };
  }
}
