import { Card, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageTitle } from '../../../components/page-title';

/** The narrow card every sign-in, registration and token page sits in. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack maw={520}>
      <PageTitle>{title}</PageTitle>
      <Card withBorder p="lg">
        {children}
      </Card>
    </Stack>
  );
}
