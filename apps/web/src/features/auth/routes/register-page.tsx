import { Alert, Button, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../../api/client';
import type { FieldError } from '../../../api/problem';
import { applyServerErrors, FormAlert } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { useRegister } from '../api/auth';
import { AuthCard } from '../components/auth-card';

const ORGANISATION_TYPES = [
  'SME',
  'LARGE_ENTERPRISE',
  'UNIVERSITY',
  'RESEARCH_ORG',
  'CLUSTER_ORG',
  'PUBLIC_BODY',
  'OTHER',
] as const;
const FIELDS = [
  'displayName',
  'email',
  'password',
  'organisationId',
  'organisation',
  'organisation.legalName',
  'organisation.type',
  'organisation.regionCode',
  'organisation.registrationId',
] as const;

/** Self-registration of an applicant with a new organisation, or asking to join an existing one. */
export function RegisterPage() {
  const intl = useIntl();
  const register = useRegister();
  const regions = useQuery({
    queryKey: ['regions'],
    staleTime: 3_600_000,
    queryFn: () => unwrap(api.GET('/api/v1/regions')),
  });
  const [refused, setRefused] = useState<FieldError[]>([]);
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const form = useForm({
    initialValues: {
      displayName: '',
      email: '',
      password: '',
      organisationId: '',
      organisation: { legalName: '', type: '', regionCode: '', registrationId: '' },
    },
  });

  const submit = (values: typeof form.values) => {
    setRefused([]);
    const base = { displayName: values.displayName.trim(), email: values.email.trim(), password: values.password };
    const body =
      mode === 'new'
        ? {
            ...base,
            organisation: { ...values.organisation, legalName: values.organisation.legalName.trim() } as never,
          }
        : { ...base, organisationId: values.organisationId.trim() };
    register.mutate(body, { onError: (error) => setRefused(applyServerErrors(form, error, FIELDS)) });
  };

  if (register.isSuccess)
    return (
      <AuthCard title={intl.formatMessage({ id: 'auth.register.title' })}>
        <Alert color="green" title={intl.formatMessage({ id: 'auth.register.sent.title' })} role="status">
          <FormattedMessage id="auth.register.sent.body" values={{ email: form.values.email }} />
        </Alert>
      </AuthCard>
    );

  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.register.title' })}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <FormAlert errors={refused} />
          <TextInput
            label={intl.formatMessage({ id: 'auth.displayName' })}
            autoComplete="name"
            required
            {...form.getInputProps('displayName')}
          />
          <TextInput
            label={intl.formatMessage({ id: 'auth.email' })}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={intl.formatMessage({ id: 'auth.password' })}
            description={intl.formatMessage({ id: 'auth.passwordRule' })}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Text fw={600} id="organisation-choice">
            <FormattedMessage id="auth.register.organisation" />
          </Text>
          <SegmentedControl
            aria-labelledby="organisation-choice"
            value={mode}
            onChange={(value) => setMode(value as 'new' | 'existing')}
            data={[
              { value: 'new', label: intl.formatMessage({ id: 'auth.register.newOrganisation' }) },
              { value: 'existing', label: intl.formatMessage({ id: 'auth.register.existingOrganisation' }) },
            ]}
          />
          {mode === 'new' ? (
            <>
              <TextInput
                label={intl.formatMessage({ id: 'org.legalName' })}
                required
                {...form.getInputProps('organisation.legalName')}
              />
              <Select
                label={intl.formatMessage({ id: 'org.type' })}
                required
                data={ORGANISATION_TYPES.map((value) => ({
                  value,
                  label: intl.formatMessage({ id: `orgType.${value}` }),
                }))}
                {...form.getInputProps('organisation.type')}
              />
              <Select
                label={intl.formatMessage({ id: 'org.region' })}
                required
                searchable
                data={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name} (${r.country})` }))}
                {...form.getInputProps('organisation.regionCode')}
              />
              <TextInput
                label={intl.formatMessage({ id: 'org.registrationId' })}
                description={intl.formatMessage({ id: 'org.registrationId.help' })}
                required
                {...form.getInputProps('organisation.registrationId')}
              />
            </>
          ) : (
            <TextInput
              label={intl.formatMessage({ id: 'org.existingId' })}
              description={intl.formatMessage({ id: 'org.existingId.help' })}
              required
              {...form.getInputProps('organisationId')}
            />
          )}
          <Button type="submit" loading={register.isPending}>
            <FormattedMessage id="auth.register.submit" />
          </Button>
          <AnchorLink to="/sign-in" search={{}} size="sm">
            <FormattedMessage id="auth.register.haveAccount" />
          </AnchorLink>
        </Stack>
      </form>
    </AuthCard>
  );
}
