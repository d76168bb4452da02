import type { Violation } from '../domain-error';

export interface AnnexRequirement {
  required: boolean;
  dueDaysAfterDeadline: number;
  fields: string[];
  documents: string[];
}

export interface AnnexContent {
  fields: Record<string, string>;
  /** Document name → SHA-256 of an attachment of the proposal. */
  documents: Record<string, string>;
}

/** SPEC S6: every field the region asks for filled in, every document given; nothing the region did not ask for. */
export function checkAnnex(annex: AnnexContent, requirement: AnnexRequirement): Violation[] {
  const violations: Violation[] = [];
  for (const field of requirement.fields) {
    if (!annex.fields[field]?.trim())
      violations.push({
        rule: 'S6',
        field: `fields.${field}`,
        code: 'ANNEX_FIELD_MISSING',
        message: `the region asks for "${field}"`,
        params: { name: field },
      });
  }
  for (const document of requirement.documents) {
    if (!annex.documents[document])
      violations.push({
        rule: 'S6',
        field: `documents.${document}`,
        code: 'ANNEX_DOCUMENT_MISSING',
        message: `the region asks for the document "${document}"`,
        params: { name: document },
      });
  }
  for (const field of Object.keys(annex.fields)) {
    if (!requirement.fields.includes(field))
      violations.push({
        rule: 'S6',
        field: `fields.${field}`,
        code: 'ANNEX_FIELD_UNKNOWN',
        message: `the region does not ask for "${field}"`,
        params: { name: field },
      });
  }
  for (const document of Object.keys(annex.documents)) {
    if (!requirement.documents.includes(document))
      violations.push({
        rule: 'S6',
        field: `documents.${document}`,
        code: 'ANNEX_DOCUMENT_UNKNOWN',
        message: `the region does not ask for "${document}"`,
        params: { name: document },
      });
  }
  return violations;
}

/** The instant until which a region's annex is accepted: the joint deadline plus the region's days. */
export function annexDueAt(submissionDeadlineMs: number, requirement: AnnexRequirement): number {
  return submissionDeadlineMs + requirement.dueDaysAfterDeadline * 86_400_000;
}
