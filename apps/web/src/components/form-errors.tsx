import { Alert, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useIntl } from 'react-intl';
import { ApiError, type FieldError } from '../api/problem';

/**
 * Puts the server's problem+json errors beside the fields they name (the form's field paths are the
 * API's dotted paths), and returns those that name no field of the form, for an alert above it.
 */
export function applyServerErrors<T>(form: UseFormReturnType<T>, error: unknown, fields: readonly string[]): FieldError[] {
  if (!(error instanceof ApiError)) return [{ message: error instanceof Error ? error.message : String(error) }];
  const byField: Record<string, string> = {};
  for (const e of error.errors) if (e.field && fields.includes(e.field)) byField[e.field] = byField[e.field] ? `${byField[e.field]}; ${e.message}` : e.message;
  form.setErrors(byField);
  const others = error.otherErrors(fields);
  return others.length || Object.keys(byField).length ? others : [{ message: error.message }];
}

export function FormAlert({ errors }: { errors: FieldError[] }) {
  const intl = useIntl();
  if (!errors.length) return null;
  return (
    <Alert color="red" role="alert" title={intl.formatMessage({ id: 'form.refused' })}>
      <List size="sm">
        {errors.map((e, i) => (
          <List.Item key={i}>{e.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
