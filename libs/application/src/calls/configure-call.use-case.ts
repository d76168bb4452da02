import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import {
  DomainError,
  validateCallConfiguration,
  withCallDefaults,
  type CallConfiguration,
  type CallConfigurationInput,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  ReferenceDataRepository,
  UnitOfWork,
  type CallRecord,
  type Tx,
} from '@app/persistence';

const actorOf = (user: Principal) => ({ userId: user.userId, role: auditRoleOf(user) });

/** The configuration with its defaults, every broken rule listed at once (422 CALL_CONFIGURATION_INVALID). */
async function validated(
  referenceData: ReferenceDataRepository,
  tx: Tx,
  input: CallConfigurationInput,
): Promise<CallConfiguration> {
  const configuration = withCallDefaults(input);
  const known = (await referenceData.transformativeActivities(tx)).map((t) => t.code);
  const violations = validateCallConfiguration(configuration, { knownTransformativeActivities: known });
  if (violations.length)
    throw new DomainError(
      'CALL_CONFIGURATION_INVALID',
      `The call configuration breaks ${violations.length} rule(s).`,
      'rule',
      violations,
      { count: violations.length },
    );
  return configuration;
}

/** A joint call configured by a programme manager, in DRAFT (SPEC §3). */
@Injectable()
export class CreateCallUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly referenceData: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(user: Principal, input: CallConfigurationInput): Promise<CallRecord> {
    const configuration = await this.uow.read((tx) => validated(this.referenceData, tx, input));
    return this.uow.run(async (tx) => {
      const call = await this.calls.create(tx, configuration, user.userId);
      await this.audit.record(tx, {
        actor: actorOf(user),
        action: 'call.created',
        entityType: 'call',
        entityId: call.id,
        after: { state: 'DRAFT', title: configuration.title },
      });
      return call;
    });
  }
}

/** A DRAFT call's configuration edited (409 CALL_STATE_CONFLICT in any other state). */
@Injectable()
export class EditCallUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly referenceData: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, id: string, changes: Partial<CallConfigurationInput>): Promise<CallRecord> {
    return this.uow.run(async (tx) => {
      const call = await this.calls.find(tx, id, true);
      if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
      if (call.state !== 'DRAFT')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; it can be edited while DRAFT only.`,
          'conflict',
          [],
          { state: call.state, allowed: ['DRAFT'] },
        );
      // Settings merge one level deep: a PATCH that sets one setting keeps the others.
      const merged = await validated(this.referenceData, tx, {
        ...call.configuration,
        ...changes,
        ...(changes.settings
          ? {
              settings: {
                ...call.configuration.settings,
                // A DTO instance may carry the settings it left out as undefined: those keep their value.
                ...Object.fromEntries(Object.entries(changes.settings).filter(([, v]) => v !== undefined)),
              },
            }
          : {}),
      } as CallConfigurationInput);
      await this.calls.saveConfiguration(tx, id, merged);
      await this.audit.record(tx, {
        actor: actorOf(user),
        action: 'call.edited',
        entityType: 'call',
        entityId: id,
        before: { version: call.version },
        after: { changed: Object.keys(changes) },
      });
      return (await this.calls.find(tx, id))!;
    });
  }
}

/**
 * A DRAFT call cancelled by the programme manager: it has no workflow yet, so the API writes it (a call
 * with a workflow is cancelled through it). DRAFT → CANCELLED under the row's lock; 409 if it moved.
 */
@Injectable()
export class CancelDraftCallUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(user: Principal, id: string, reason: string): Promise<{ state: 'CANCELLED' }> {
    return this.uow.run(async (tx) => {
      const locked = (await this.calls.find(tx, id, true))!;
      if (locked.state !== 'DRAFT')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${locked.state}; retry the cancellation.`,
          'conflict',
          [],
          { state: locked.state },
        );
      await this.calls.transitionCall(tx, id, 'CANCELLED', reason);
      await this.audit.record(tx, {
        actor: actorOf(user),
        action: 'call.cancelled',
        entityType: 'call',
        entityId: id,
        before: { state: 'DRAFT' },
        after: { state: 'CANCELLED', reason },
      });
      return { state: 'CANCELLED' as const };
    });
  }
}
