import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { Invitations, type InvitationSent } from './invitations';

/** A programme manager invites an independent expert to the evaluator pool. */
@Injectable()
export class InviteEvaluatorUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly invitations: Invitations,
  ) {}

  execute(input: {
    email: string;
    displayName?: string;
    inviter: { userId: string; role: string; displayName: string };
  }): Promise<InvitationSent> {
    return this.uow.run((tx) =>
      this.invitations.send(tx, {
        email: input.email,
        displayName: input.displayName,
        grant: { role: 'EVALUATOR' },
        kind: 'EVALUATOR_INVITATION',
        inviter: input.inviter,
      }),
    );
  }
}
