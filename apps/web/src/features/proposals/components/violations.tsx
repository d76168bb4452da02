import { Alert, List } from '@mantine/core';
import { useIntl, type IntlShape } from 'react-intl';
import { wordProblem } from '../../../i18n/problem-messages';
import type { Violation } from '../api/proposal';

/** A rule's refusal in the reader's language (the problem catalogs), else the server's message. */
export function violationText(intl: IntlShape, v: Violation): string {
  return wordProblem(intl, v);
}

/** The messages of the violations whose field is exactly `field`, joined for an input's `error`. */
export function fieldError(intl: IntlShape, violations: Violation[], field: string): string | undefined {
  const found = violations.filter((v) => v.field === field);
  return found.length ? found.map((v) => violationText(intl, v)).join(' ') : undefined;
}

const FIELD_LABELS: Record<string, string> = {
  acronym: 'editor.acronym',
  title: 'editor.title',
  abstract: 'editor.abstract',
  topic: 'editor.topic',
  durationMonths: 'editor.duration',
  keywords: 'editor.keywords',
  transformativeActivityCodes: 'editor.activities',
};

/** Every failed rule, all at once, with its rule id and the field it concerns when the form shows one. */
export function ViolationSummary({ violations, titleId }: { violations: Violation[]; titleId: string }) {
  const intl = useIntl();
  if (!violations.length) return null;
  return (
    <Alert color="red" role="alert" title={intl.formatMessage({ id: titleId }, { count: violations.length })}>
      <List size="sm">
        {violations.map((v, i) => (
          <List.Item key={i}>
            {v.rule ? `${v.rule}: ` : ''}
            {v.field && FIELD_LABELS[v.field] ? `${intl.formatMessage({ id: FIELD_LABELS[v.field] })}: ` : ''}
            {violationText(intl, v)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
