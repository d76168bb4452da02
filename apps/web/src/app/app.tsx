import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { I18nProvider } from '../i18n/i18n-provider';
import { ApiError } from '../api/problem';
import { router } from './router';
import { SessionProvider } from './session-provider';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A refusal (4xx) will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <I18nProvider
          fallback={
            <Center h="100vh">
              <Loader aria-hidden />
            </Center>
          }
        >
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
