import { Injectable } from '@nestjs/common';
import { DomainError, type RoleGrant, type StaffRole } from '@app/domain';
import {
  AuditWriter,
  ReferenceDataRepository,
  UnitOfWork,
  UserProfileReadModel,
  UserRepository,
  type UserProfile,
} from '@app/persistence';
import { Invitations } from './invitations';

/**
 * An admin creates a staff account: the person gets a link to set a password; an existing account gains
 * the role.
 */
@Injectable()
export class CreateStaffUserUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly profiles: UserProfileReadModel,
    private readonly invitations: Invitations,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    email: string;
    displayName: string;
    role: StaffRole;
    agencyId?: string;
    admin: { userId: string; displayName: string };
  }): Promise<UserProfile> {
    return this.uow.run(async (tx) => {
      let agencyName: string | undefined;
      if (input.role === 'AGENCY_OFFICER') {
        const agency = await this.reference.agency(tx, input.agencyId as string);
        if (!agency)
          throw new DomainError('UNKNOWN_AGENCY', 'There is no such agency.', 'rule', [
            { field: 'agencyId', code: 'UNKNOWN_AGENCY', message: 'unknown agency' },
          ]);
        agencyName = agency.name;
      } else if (input.agencyId !== undefined) {
        throw new DomainError('AGENCY_NOT_ALLOWED', 'Only agency officers belong to an agency.', 'rule', [
          {
            field: 'agencyId',
            code: 'AGENCY_NOT_ALLOWED',
            message: `not allowed for ${input.role}`,
            params: { role: input.role },
          },
        ]);
      }
      const grant: RoleGrant =
        input.role === 'AGENCY_OFFICER'
          ? { role: 'AGENCY_OFFICER', agencyId: input.agencyId as string }
          : { role: input.role };
      const existing = await this.users.findByEmail(tx, input.email, true);
      const user =
        existing ??
        (await this.users.create(tx, {
          email: input.email,
          displayName: input.displayName,
          passwordHash: null,
          status: 'PENDING_VERIFICATION',
          verified: false,
        }));
      await this.users.grant(tx, user!.id, grant, 'ACTIVE');
      if (!existing) {
        await this.invitations.send(tx, {
          email: input.email,
          displayName: input.displayName,
          grant,
          kind: 'STAFF_INVITATION',
          inviter: { userId: input.admin.userId, role: 'ADMIN', displayName: input.admin.displayName },
          scopeName: agencyName,
        });
      }
      await this.audit.record(tx, {
        actor: { userId: input.admin.userId, role: 'ADMIN' },
        action: 'user.staff-role-granted',
        entityType: 'user',
        entityId: user!.id,
        after: { grant },
      });
      return (await this.profiles.load(tx, user!.id)) as UserProfile;
    });
  }
}
