import type { KpiIndicator } from '../calls/call-configuration';
import type { Violation } from '../domain-error';
import { validateKpiValues } from './kpi';

/**
 * SPEC M6: one joint report serves every funder — a project-level part, KPI values to date, and one part
 * per funded partner carrying the fields its programme adds (its region's `extraReportFields`).
 *
 * Decisions: every partner with a live grant writes its part (a missing part is refused, so no agency
 * receives a report without its partners' part); a part for an organisation that is not a funded partner,
 * a second part for the same one, a missing or empty extra field, or a field its programme did not ask for
 * are refused; KPI values follow the call's framework (`validateKpiValues`). Every problem is listed.
 */
export interface JointReportPartner {
  organisationId: string;
  regionCode: string;
  /** The fields the partner's region adds to its part. */
  extraReportFields: readonly string[];
}

export interface JointReportInput {
  kpiValues?: Record<string, unknown>;
  partnerParts: ReadonlyArray<{ organisationId: string; extraFields?: Record<string, unknown> }>;
}

export function validateJointReport(
  framework: readonly KpiIndicator[],
  partners: readonly JointReportPartner[],
  report: JointReportInput,
): Violation[] {
  const v: Violation[] = [...validateKpiValues(framework, report.kpiValues ?? {})];
  const byId = new Map(partners.map((p) => [p.organisationId, p]));
  const seen = new Set<string>();
  report.partnerParts.forEach((part, i) => {
    const field = `partnerParts[${i}]`;
    const partner = byId.get(part.organisationId);
    if (!partner) {
      v.push({
        field: `${field}.organisationId`,
        code: 'NOT_A_FUNDED_PARTNER',
        message: `${part.organisationId} is not a funded partner of the project.`,
        params: { organisationId: part.organisationId },
      });
      return;
    }
    if (seen.has(part.organisationId))
      v.push({ field: `${field}.organisationId`, code: 'DUPLICATE_PARTNER_PART', message: 'One part per partner.' });
    seen.add(part.organisationId);
    const extra = part.extraFields ?? {};
    for (const name of partner.extraReportFields) {
      const value = extra[name];
      if (typeof value !== 'string' || value.trim() === '')
        v.push({
          field: `${field}.extraFields.${name}`,
          code: 'EXTRA_FIELD_REQUIRED',
          message: `${partner.regionCode} asks for '${name}'.`,
          params: { regionCode: partner.regionCode, name },
        });
    }
    for (const name of Object.keys(extra).sort()) {
      if (!partner.extraReportFields.includes(name))
        v.push({
          field: `${field}.extraFields.${name}`,
          code: 'UNKNOWN_EXTRA_FIELD',
          message: `${partner.regionCode} does not ask for '${name}'.`,
          params: { regionCode: partner.regionCode, name },
        });
    }
  });
  partners.forEach((p) => {
    if (!seen.has(p.organisationId))
      v.push({
        field: 'partnerParts',
        code: 'PARTNER_PART_MISSING',
        message: `The part of ${p.organisationId} (${p.regionCode}) is missing.`,
        params: { organisationId: p.organisationId, regionCode: p.regionCode },
      });
  });
  return v;
}
