import { Injectable, NotFoundException } from '@nestjs/common';
import { organisationIdsOf, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  OrganisationRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  UserRepository,
  type DraftContent,
  type Tx,
} from '@app/persistence';
import { CallAccess } from '../calls/call-access';
import { fullProposalStage } from './full-proposal-stage';
import { ProposalAccess, type VisibleProposal } from './proposal-access';

const EMPTY_DRAFT: Omit<DraftContent, 'acronym' | 'title'> = {
  abstract: '',
  topic: '',
  keywords: [],
  transformativeActivityCodes: [],
  durationMonths: 24,
  workPlan: [],
  kpiTargets: {},
  attachments: [],
};

/** Drafts are read-only once the call has closed (SPEC: drafts are kept, read-only). */
async function assertCallOpen(calls: CallRepository, tx: Tx, callId: string): Promise<void> {
  const call = await calls.find(tx, callId);
  if (call?.state !== 'OPEN')
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${call?.state ?? 'gone'}; proposals are edited while it is OPEN.`,
      'conflict',
      [],
      { state: call?.state ?? 'gone', allowed: ['OPEN'] },
    );
}

function assertEditable(state: string): void {
  if (!['DRAFT', 'SUBMITTED', 'WITHDRAWN'].includes(state)) {
    throw new DomainError(
      'PROPOSAL_STATE_CONFLICT',
      `The proposal is ${state}; it can no longer be edited.`,
      'conflict',
      [],
      { state },
    );
  }
}

/** The draft content an applicant starts with: the acronym and title, and what else it gives. */
export type NewDraftInput = Partial<DraftContent> & {
  acronym: string;
  title: string;
  coordinatorOrganisationId?: string;
  preProposalId?: string;
};

/** A draft started by an applicant for one of its organisations while the call is OPEN (SPEC §4, V7). */
@Injectable()
export class StartProposalUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly callAccess: CallAccess,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, callId: string, body: NewDraftInput): Promise<VisibleProposal> {
    return this.uow.run(async (tx) => {
      const { call } = await this.callAccess.visible(tx, user, callId);
      if (call.state !== 'OPEN')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; proposals are started while it is OPEN.`,
          'conflict',
          [],
          { state: call.state, allowed: ['OPEN'] },
        );
      const mine = organisationIdsOf(user);
      const coordinator = body.coordinatorOrganisationId ?? (mine.length === 1 ? mine[0] : undefined);
      if (!coordinator || !mine.includes(coordinator)) {
        throw new DomainError(
          'COORDINATOR_ORGANISATION_REQUIRED',
          'Name one of your organisations as the coordinator.',
          'rule',
          [
            {
              field: 'coordinatorOrganisationId',
              code: 'COORDINATOR_ORGANISATION_REQUIRED',
              message: 'one of your organisations',
            },
          ],
        );
      }
      const { coordinatorOrganisationId: _ignored, preProposalId, ...draft } = body;
      const stage = await fullProposalStage(this.proposals, tx, call, coordinator, preProposalId);
      const id = await this.proposals.create(tx, {
        callId,
        coordinatorOrganisationId: coordinator,
        content: { ...EMPTY_DRAFT, ...draft } as DraftContent,
        createdBy: user.userId,
        ...stage,
      });
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.created',
        entityType: 'proposal',
        entityId: id,
        after: { callId, coordinator },
      });
      return this.access.visible(tx, user, id);
    });
  }
}

/** The coordinator edits the draft while the call is OPEN and the proposal can still change. */
@Injectable()
export class EditDraftUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
  ) {}

  execute(user: Principal, id: string, changes: Partial<DraftContent>): Promise<VisibleProposal> {
    return this.uow.run(async (tx) => {
      const { proposal } = await this.access.asCoordinator(tx, user, id, 'update');
      assertEditable(proposal.state);
      await assertCallOpen(this.calls, tx, proposal.callId);
      await this.proposals.saveContent(tx, id, { ...proposal.content, ...changes } as DraftContent);
      return this.access.visible(tx, user, id);
    });
  }
}

export interface PartnerDataInput {
  funded: boolean;
  eligibleCosts: number;
  requestedGrant: number;
}

/**
 * Partner data and budget: the coordinator invites a new partner organisation (its members are told and
 * accept); each partner's members edit their own data.
 */
@Injectable()
export class PutPartnerUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly organisations: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly access: ProposalAccess,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, id: string, organisationId: string, body: PartnerDataInput): Promise<VisibleProposal> {
    return this.uow.run(async (tx) => {
      const { proposal, partners } = await this.access.visible(tx, user, id, 'update');
      assertEditable(proposal.state);
      await assertCallOpen(this.calls, tx, proposal.callId);
      const mine = organisationIdsOf(user);
      const isCoordinator = mine.includes(proposal.coordinatorOrganisationId);
      const existing = partners.find((p) => p.organisationId === organisationId);
      if (!existing && !isCoordinator) throw new NotFoundException(`Proposal ${id} not found.`);
      if (existing && !isCoordinator && !mine.includes(organisationId)) {
        throw new DomainError('NOT_YOUR_PARTNER_DATA', 'Each partner edits only its own data.', 'forbidden');
      }
      if (existing && isCoordinator && !mine.includes(organisationId) && existing.status === 'ACCEPTED') {
        throw new DomainError(
          'NOT_YOUR_PARTNER_DATA',
          `${existing.legalName} edits its own partner data.`,
          'forbidden',
          [],
          { organisationName: existing.legalName },
        );
      }
      const organisation = await this.organisations.findById(tx, organisationId);
      if (!organisation) {
        throw new DomainError('UNKNOWN_ORGANISATION', 'There is no such organisation.', 'rule', [
          { field: 'organisationId', code: 'UNKNOWN_ORGANISATION', message: 'unknown organisation' },
        ]);
      }
      const inserted = await this.proposals.upsertPartner(tx, id, organisationId, body, 'INVITED');
      await this.proposals.touch(tx, id);
      if (inserted) {
        const call = await this.calls.find(tx, proposal.callId);
        for (const member of await this.users.activeMembersOf(tx, organisationId)) {
          await this.outbox.enqueue(tx, {
            kind: 'PROPOSAL_PARTNER_INVITATION',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              organisationName: organisation.legalName,
              proposalAcronym: proposal.content.acronym,
              callTitle: call?.configuration.title,
              inviterName: user.displayName,
              page: webLinks.proposal(id),
            },
            idempotencyKey: `proposal-partner-invitation:${id}:${organisationId}:${member.id}`,
          });
        }
      }
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: inserted ? 'proposal.partner-invited' : 'proposal.partner-data-changed',
        entityType: 'proposal',
        entityId: id,
        before: existing
          ? {
              organisationId,
              funded: existing.funded,
              eligibleCosts: existing.eligibleCosts,
              requestedGrant: existing.requestedGrant,
            }
          : null,
        after: { organisationId, ...body },
      });
      return this.access.visible(tx, user, id);
    });
  }
}

/** A member of an invited organisation accepts the invitation (INVITED → ACCEPTED; 409 without one). */
@Injectable()
export class AcceptPartnerInvitationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, id: string, organisationId: string): Promise<VisibleProposal> {
    return this.uow.run(async (tx) => {
      await this.access.visible(tx, user, id, 'update');
      if (!organisationIdsOf(user).includes(organisationId)) throw new NotFoundException(`Proposal ${id} not found.`);
      const accepted = await this.proposals.transitionPartnerAccepted(tx, id, organisationId);
      if (!accepted)
        throw new DomainError(
          'PARTNER_STATE_CONFLICT',
          'There is no open invitation for this organisation.',
          'conflict',
        );
      await this.proposals.touch(tx, id);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.partner-accepted',
        entityType: 'proposal',
        entityId: id,
        after: { organisationId },
      });
      return this.access.visible(tx, user, id);
    });
  }
}
