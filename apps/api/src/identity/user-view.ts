import type { UserProfile } from '@app/persistence';
import type { GrantDto, UserDto } from './identity.dto';

/** A user with the display names of the scopes of its grants (for `/me` and `POST /users`). */
export function toUserDto(profile: UserProfile): UserDto {
  return {
    id: profile.id,
    email: profile.email,
    displayName: profile.displayName,
    status: profile.status,
    language: profile.language,
    grants: profile.grants.map((g): GrantDto => ({
      role: g.role,
      status: g.status,
      ...(g.agencyId
        ? { agencyId: g.agencyId, agencyName: g.agencyName ?? undefined, regionCode: g.regionCode ?? undefined }
        : {}),
      ...(g.organisationId
        ? {
            organisationId: g.organisationId,
            organisationName: g.organisationName ?? undefined,
            regionCode: g.regionCode ?? undefined,
          }
        : {}),
    })),
  };
}
