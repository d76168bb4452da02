import { Alert, List } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useIntl } from 'react-intl';
import { ApiError, type FieldError } from '../api/problem';
import { useProblemMessage } from '../i18n/problem-messages';

/** A field's server errors, worded in the reader's language when shown (so a language switch rewords them). */
function ServerFieldErrors({ errors }: { errors: FieldError[] }) {
  const word = useProblemMessage();
  return <>{errors.map(word).join('; ')}</>;
}

/**
 * Puts the server's problem+json errors beside the fields they name (the form's field paths are the
 * API's dotted paths), and returns those that name no field of the form, for an alert above it.
 */
export function applyServerErrors<T>(
  form: UseFormReturnType<T>,
  error: unknown,
  fields: readonly string[],
): FieldError[] {
  if (!(error instanceof ApiError)) return [{ message: error instanceof Error ? error.message : String(error) }];
  const byField: Record<string, FieldError[]> = {};
  for (const e of error.errors) if (e.field && fields.includes(e.field)) (byField[e.field] ??= []).push(e);
  form.setErrors(
    Object.fromEntries(
      Object.entries(byField).map(([field, errors]) => [field, <ServerFieldErrors key={field} errors={errors} />]),
    ),
  );
  const others = error.otherErrors(fields);
  return others.length || Object.keys(byField).length ? others : [error.asFieldError()];
}

export function FormAlert({ errors }: { errors: FieldError[] }) {
  const intl = useIntl();
  const word = useProblemMessage();
  if (!errors.length) return null;
  return (
    <Alert color="red" role="alert" title={intl.formatMessage({ id: 'form.refused' })}>
      <List size="sm">
        {errors.map((e, i) => (
          <List.Item key={i}>{word(e)}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
