import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { DomainError, normaliseTerms, type Violation } from '@app/domain';
import {
  AuditWriter,
  EvaluatorPoolRepository,
  OrganisationRepository,
  ReferenceDataRepository,
  UnitOfWork,
  type EvaluatorProfileRecord,
} from '@app/persistence';

export interface SaveEvaluatorProfileInput {
  expertise: string[];
  organisationId?: string | null;
  regionCode?: string | null;
  country: string;
  maxLoad?: number | null;
  user: Principal;
}

/** Keywords in their given spelling, without repeats that differ only in case or surrounding spaces. */
function distinctKeywords(keywords: string[]): string[] {
  const seen = new Set<string>();
  return keywords.filter((k) => {
    const [term] = normaliseTerms([k]);
    if (seen.has(term)) return false;
    seen.add(term);
    return true;
  });
}

/**
 * An evaluator creates or replaces its own profile (SPEC §3): expertise keywords, employer organisation,
 * region (which must belong to the country), country, load limit; omitted optional fields are cleared.
 */
@Injectable()
export class SaveEvaluatorProfileUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly organisations: OrganisationRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: SaveEvaluatorProfileInput): Promise<{ created: boolean; profile: EvaluatorProfileRecord }> {
    const { user } = input;
    return this.uow.run(async (tx) => {
      const violations: Violation[] = [];
      const organisationId = input.organisationId ?? null;
      const regionCode = input.regionCode ?? null;
      if (organisationId !== null && !(await this.organisations.findById(tx, organisationId))) {
        violations.push({
          field: 'organisationId',
          code: 'UNKNOWN_ORGANISATION',
          message: `unknown organisation ${organisationId}`,
          params: { organisationId },
        });
      }
      if (regionCode !== null) {
        const region = (await this.reference.regions(tx)).find((r) => r.code === regionCode);
        if (!region)
          violations.push({
            field: 'regionCode',
            code: 'UNKNOWN_REGION',
            message: `unknown region ${regionCode}`,
            params: { regionCode },
          });
        else if (region.country.trim() !== input.country) {
          violations.push({
            field: 'regionCode',
            code: 'REGION_NOT_IN_COUNTRY',
            message: `region ${regionCode} is in ${region.country.trim()}, not in ${input.country}`,
            params: { regionCode, country: region.country.trim(), expected: input.country },
          });
        }
      }
      if (violations.length)
        throw new DomainError(
          'EVALUATOR_PROFILE_INVALID',
          `The profile breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const before = await this.pool.profile(tx, user.userId);
      const profile = {
        expertise: distinctKeywords(input.expertise),
        organisationId,
        regionCode,
        country: input.country,
        maxLoad: input.maxLoad ?? null,
      };
      const { created } = await this.pool.saveProfile(tx, user.userId, profile);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: created ? 'evaluator-profile.created' : 'evaluator-profile.changed',
        entityType: 'evaluator_profile',
        entityId: user.userId,
        before: before
          ? {
              expertise: before.expertise,
              organisationId: before.organisationId,
              regionCode: before.regionCode,
              country: before.country.trim(),
              maxLoad: before.maxLoad,
            }
          : null,
        after: profile,
      });
      return { created, profile: (await this.pool.profile(tx, user.userId))! };
    });
  }
}
