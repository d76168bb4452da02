import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, organisationIdsOf, type Principal } from '@app/common';
import { OrganisationRepository, ReferenceDataRepository, type OrganisationRecord, type Tx } from '@app/persistence';

/**
 * The organisation boundary (SPEC §2): admins and programme managers see every organisation, an
 * applicant the ones it is an active member of, an agency officer those of its agency's region.
 * Anything else is 404 — the caller cannot tell "not yours" from "does not exist".
 */
@Injectable()
export class OrganisationAccess {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly reference: ReferenceDataRepository,
  ) {}

  regionsOfAgencies(tx: Tx, principal: Principal): Promise<string[]> {
    return this.reference.regionsOfAgencies(tx, agencyIdsOf(principal));
  }

  async visible(tx: Tx, principal: Principal, organisationId: string): Promise<OrganisationRecord> {
    const organisation = await this.organisations.findById(tx, organisationId);
    if (organisation && (await this.canSee(tx, principal, organisation))) return organisation;
    throw new NotFoundException(`Organisation ${organisationId} not found.`);
  }

  /** For acting on behalf of an organisation (inviting, approving members): members and admins only. */
  async actingFor(tx: Tx, principal: Principal, organisationId: string): Promise<OrganisationRecord> {
    const organisation = await this.organisations.findById(tx, organisationId);
    if (organisation && (hasRole(principal, 'ADMIN') || organisationIdsOf(principal).includes(organisationId)))
      return organisation;
    throw new NotFoundException(`Organisation ${organisationId} not found.`);
  }

  private async canSee(tx: Tx, principal: Principal, organisation: OrganisationRecord): Promise<boolean> {
    if (hasRole(principal, 'ADMIN', 'PROGRAMME_MANAGER')) return true;
    if (organisationIdsOf(principal).includes(organisation.id)) return true;
    return (await this.regionsOfAgencies(tx, principal)).includes(organisation.regionCode);
  }
}
