import { Title } from '@mantine/core';
import { useEffect } from 'react';
import { useIntl } from 'react-intl';

/** The page's heading, also the document title (screen readers announce it on navigation). */
export function PageTitle({ children }: { children: string }) {
  const intl = useIntl();
  useEffect(() => {
    document.title = `${children} · ${intl.formatMessage({ id: 'app.name' })}`;
  }, [children, intl]);
  return (
    <Title order={1} size="h2" mb="md">
      {children}
    </Title>
  );
}
