import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, refreshSession, unwrap } from '../api/client';
import type { Me } from '../api/schema';
import { getAccessToken, onAccessTokenChange, setAccessToken } from '../api/session';
import { useLocale } from '../i18n/i18n-provider';
import { isLocale } from '../i18n/locales';

export type SessionStatus = 'starting' | 'anonymous' | 'signed-in';

interface SessionValue {
  status: SessionStatus;
  me: Me | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { setLocale } = useLocale();
  const [token, setToken] = useState(getAccessToken());
  const [started, setStarted] = useState(false);

  useEffect(() => onAccessTokenChange(setToken), []);
  // A reload forgets the access token: the refresh cookie (if any) brings the session back silently.
  useEffect(() => {
    void refreshSession().finally(() => setStarted(true));
  }, []);

  const me = useQuery({
    queryKey: ['me'],
    enabled: started && token !== null,
    queryFn: () => unwrap(api.GET('/api/v1/me')) as Promise<Me>,
  });

  useEffect(() => {
    if (isLocale(me.data?.language)) setLocale(me.data.language);
  }, [me.data?.language, setLocale]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
      queryClient.removeQueries();
      setAccessToken(session.accessToken);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    // The cookie is spent server-side; the page forgets its token whatever the answer.
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-ACIE-CSRF': '1' },
    }).catch(() => undefined);
    setAccessToken(null);
    queryClient.removeQueries();
  }, [queryClient]);

  const status: SessionStatus =
    !started || (token !== null && me.isPending) ? 'starting' : token !== null && me.data ? 'signed-in' : 'anonymous';
  const value = useMemo(() => ({ status, me: me.data, signIn, signOut }), [status, me.data, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
