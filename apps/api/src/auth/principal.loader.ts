import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/common';
import { UnitOfWork, UserRepository } from '@app/persistence';

/** Loads an active user and its active grants; `null` when the user is unknown, unverified or disabled. */
@Injectable()
export class PrincipalLoader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  async load(userId: string): Promise<Principal | null> {
    const found = await this.uow.read((tx) => this.users.findActiveWithGrants(tx, userId));
    if (!found) return null;
    return {
      userId: found.user.id,
      email: found.user.email,
      displayName: found.user.displayName,
      grants: found.grants,
    };
  }
}
