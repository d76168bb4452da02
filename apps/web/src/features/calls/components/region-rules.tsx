import { List } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PublicCallDetail } from '../../../api/schema';
import { formatBps, formatMoney } from '../../../i18n/format';

type RegionWithRules = PublicCallDetail['regions'][number];

/** A region's rules as the server published them, in plain words of the reader's language. */
export function RegionRules({ region }: { region: RegionWithRules }) {
  const intl = useIntl();
  const { rules, currency } = region;
  const typeName = (type: string) => intl.formatMessage({ id: `orgTypes.${type}` });
  const cap = rules.maxGrantPerPartner != null ? formatMoney(intl, rules.maxGrantPerPartner, currency) : null;
  return (
    <List spacing={4} size="sm">
      <List.Item>
        <FormattedMessage
          id="rules.eligible"
          values={{ types: intl.formatList(rules.eligibleOrganisationTypes.map(typeName), { type: 'conjunction' }) }}
        />
      </List.Item>
      {Object.entries(rules.maxFundingRateBps).map(([type, bps]) => (
        <List.Item key={type}>
          <FormattedMessage
            id={cap ? 'rules.rateWithCap' : 'rules.rate'}
            values={{ type: typeName(type), rate: formatBps(intl, bps), amount: cap }}
          />
        </List.Item>
      ))}
      {rules.maxTotalPerProject != null && (
        <List.Item>
          <FormattedMessage
            id="rules.maxPerProject"
            values={{ amount: formatMoney(intl, rules.maxTotalPerProject, currency) }}
          />
        </List.Item>
      )}
      {rules.annex && (
        <List.Item>
          <FormattedMessage
            id="rules.annex"
            values={{
              days: rules.annex.daysAfterDeadline,
              fields: intl.formatList(rules.annex.fields, { type: 'conjunction' }),
            }}
          />
        </List.Item>
      )}
    </List>
  );
}
