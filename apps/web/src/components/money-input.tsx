import { NumberInput } from '@mantine/core';
import { useIntl } from 'react-intl';
import { minorDigits } from '../i18n/format';

/** The locale's group and decimal separators ("1.234,5" in German, "1,234.5" in English). */
function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234.5);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/**
 * Money typed in major units (euros) with the locale's separators, held in minor units (cents) as the
 * API wants it.
 */
export function MoneyInput(props: {
  label: string;
  /** In a table row whose header names the column: the label is heard, not shown. */
  hiddenLabel?: boolean;
  currency: string;
  value: number;
  onChange: (minor: number) => void;
  error?: string;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const digits = minorDigits(props.currency);
  const { group, decimal } = separators(intl.locale);
  return (
    <NumberInput
      label={props.hiddenLabel ? undefined : props.label}
      aria-label={props.hiddenLabel ? props.label : undefined}
      value={props.value / 10 ** digits}
      onChange={(v) => props.onChange(Math.round((typeof v === 'number' ? v : Number(v) || 0) * 10 ** digits))}
      decimalScale={digits}
      thousandSeparator={group}
      decimalSeparator={decimal}
      min={0}
      hideControls
      rightSection={props.currency}
      rightSectionWidth={48}
      error={props.error}
      disabled={props.disabled}
    />
  );
}
