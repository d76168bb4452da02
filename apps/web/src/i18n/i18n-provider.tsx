import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { DEFAULT_LOCALE, preferredLocale, type Locale } from './locales';

type Messages = Record<string, string>;

// One chunk per language: a visitor downloads only the catalogs it reads. The pages' messages and the
// refusals' wordings by problem code (`problem.<CODE>`, kept apart) load side by side and merge.
const CATALOGS = import.meta.glob<Messages>('./messages/*.json', { import: 'default' });
const PROBLEM_CATALOGS = import.meta.glob<Messages>('./problems/*.json', { import: 'default' });

async function loadCatalog(locale: Locale): Promise<Messages> {
  const pages = CATALOGS[`./messages/${locale}.json`] ?? CATALOGS[`./messages/${DEFAULT_LOCALE}.json`];
  const problems =
    PROBLEM_CATALOGS[`./problems/${locale}.json`] ?? PROBLEM_CATALOGS[`./problems/${DEFAULT_LOCALE}.json`];
  const [pageMessages, problemMessages] = await Promise.all([pages(), problems()]);
  return { ...problemMessages, ...pageMessages };
}

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside I18nProvider');
  return value;
}

export function I18nProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => preferredLocale(navigator.languages ?? [navigator.language]));
  const [catalog, setCatalog] = useState<{ locale: Locale; messages: Messages } | null>(null);

  useEffect(() => {
    let current = true;
    void loadCatalog(locale).then((messages) => {
      if (current) setCatalog({ locale, messages });
    });
    return () => {
      current = false;
    };
  }, [locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => setLocaleState(next), []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);

  if (!catalog) return <>{fallback}</>;
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={catalog.locale} messages={catalog.messages} defaultLocale={DEFAULT_LOCALE}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
