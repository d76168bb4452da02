import { AppShell, Box, Burger, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api } from '../api/client';
import type { Workspace } from '../api/schema';
import { AnchorLink, ButtonLink, NavLinkLink as RouterNavLink } from '../components/links';
import { useLocale } from '../i18n/i18n-provider';
import { isLocale, LOCALE_NAMES, LOCALES } from '../i18n/locales';
import { useSession } from './session-provider';

const WORKSPACE_ORDER: Workspace[] = ['APPLICANT', 'EVALUATOR', 'AGENCY_OFFICER', 'PROGRAMME_MANAGER', 'ADMIN'];

/** Links of each workspace; the pages of the later workspaces slot in here. */
const WORKSPACE_LINKS: Record<Workspace, Array<{ to: '/tasks' | '/my/proposals'; labelId: string }>> = {
  APPLICANT: [
    { to: '/tasks', labelId: 'nav.tasks' },
    { to: '/my/proposals', labelId: 'nav.myProposals' },
  ],
  EVALUATOR: [{ to: '/tasks', labelId: 'nav.tasks' }],
  AGENCY_OFFICER: [{ to: '/tasks', labelId: 'nav.tasks' }],
  PROGRAMME_MANAGER: [{ to: '/tasks', labelId: 'nav.tasks' }],
  ADMIN: [{ to: '/tasks', labelId: 'nav.tasks' }],
};

function LanguageSwitch() {
  const intl = useIntl();
  const { locale, setLocale } = useLocale();
  const { status } = useSession();
  return (
    <Select
      aria-label={intl.formatMessage({ id: 'shell.language' })}
      data={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
      value={locale}
      allowDeselect={false}
      w={150}
      size="sm"
      onChange={(value) => {
        if (!isLocale(value)) return;
        setLocale(value);
        // Kept on the account when signed in, so e-mails and the next visit use it too.
        if (status === 'signed-in') void api.PUT('/api/v1/me/language', { body: { language: value } });
      }}
    />
  );
}

export function AppShellLayout() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { status, me, signOut } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const workspaces = WORKSPACE_ORDER.filter((w) => me?.grants.some((g) => g.role === w && g.status === 'ACTIVE'));
  const [chosen, setChosen] = useState<Workspace | null>(null);
  const workspace = chosen && workspaces.includes(chosen) ? chosen : workspaces[0];

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a className="skip-link" href="#main">
        <FormattedMessage id="shell.skipToContent" />
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={intl.formatMessage({ id: 'shell.menu' })}
            />
            <AnchorLink to="/" fw={700} size="lg" c="dark" underline="never">
              <FormattedMessage id="app.name" />
            </AnchorLink>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {status === 'signed-in' && me ? (
              <>
                <Box visibleFrom="md" ta="right">
                  <Text size="sm" fw={600} data-testid="signed-in-person">
                    {me.displayName}
                  </Text>
                  {workspace && (
                    <Text size="xs" c="dimmed">
                      <FormattedMessage id={`role.${workspace}`} />
                    </Text>
                  )}
                </Box>
                <Button
                  variant="default"
                  onClick={async () => {
                    await signOut();
                    await navigate({ to: '/sign-in', search: {} });
                  }}
                >
                  <FormattedMessage id="shell.signOut" />
                </Button>
              </>
            ) : status === 'anonymous' ? (
              <>
                <ButtonLink to="/sign-in" search={{}} variant="default">
                  <FormattedMessage id="auth.signIn.submit" />
                </ButtonLink>
                <ButtonLink to="/register" visibleFrom="sm">
                  <FormattedMessage id="nav.register" />
                </ButtonLink>
              </>
            ) : null}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={intl.formatMessage({ id: 'shell.navigation' })} component="nav">
        <Stack gap={4}>
          <RouterNavLink
            to="/calls"
            label={intl.formatMessage({ id: 'nav.calls' })}
            active={pathname === '/' || pathname.startsWith('/calls')}
          />
          {status === 'signed-in' && workspace && (
            <>
              {workspaces.length > 1 && (
                <Select
                  mt="md"
                  label={intl.formatMessage({ id: 'shell.workspace' })}
                  data={workspaces.map((w) => ({ value: w, label: intl.formatMessage({ id: `role.${w}` }) }))}
                  value={workspace}
                  allowDeselect={false}
                  onChange={(value) => setChosen(value as Workspace)}
                />
              )}
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="md" px="sm">
                <FormattedMessage id={`role.${workspace}`} />
              </Text>
              {WORKSPACE_LINKS[workspace].map((link) => (
                <RouterNavLink
                  key={link.to}
                  to={link.to}
                  search={link.to === '/tasks' ? { workspace } : {}}
                  label={intl.formatMessage({ id: link.labelId })}
                  active={pathname === link.to}
                />
              ))}
              <RouterNavLink
                mt="md"
                to="/settings/notifications"
                label={intl.formatMessage({ id: 'nav.notificationSettings' })}
                active={pathname === '/settings/notifications'}
              />
            </>
          )}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Box maw={1100}>
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
