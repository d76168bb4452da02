import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * One theme for every page. The darker primary shade keeps white-on-primary and link text above the
 * WCAG AA contrast ratio (4.5:1), which Mantine's default shade 6 does not reach.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'md',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
});

/** Dimmed text (descriptions, secondary lines) at gray 7: Mantine's gray 6 is below 4.5:1 on white. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-placeholder': t.colors.gray[7] },
  dark: {},
});
