import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

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

const LIGHT_VARIANT_COLORS = ['blue', 'red', 'green', 'yellow', 'orange', 'gray', 'teal', 'violet'] as const;

/**
 * WCAG AA contrast in the light scheme: dimmed text (descriptions, secondary lines) at gray 7 rather than
 * gray 6, and the text of light variants (alerts, badges) a quarter darker than shade 9: shade 9 alone
 * reaches only about 4:1 on the pale fill of green.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[7],
    // Field errors: red 6 is about 3.4:1 on white.
    '--mantine-color-error': t.colors.red[9],
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.map((c) => [`--mantine-color-${c}-light-color`, darken(t.colors[c][9], 0.25)]),
    ),
  },
  dark: {},
});
