import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { DIRECTORY_MIN_QUERY, useOrganisationDirectory, type DirectoryEntry } from '../api/organisation-directory';

/**
 * Chooses a partner organisation by typing part of its legal name: the directory is searched on the
 * server as one types (debounced), and organisations already in the consortium are left out.
 */
export function PartnerPicker({
  value,
  onChange,
  exclude,
  error,
}: {
  value: string | null;
  onChange: (organisationId: string | null) => void;
  exclude: string[];
  error?: string;
}) {
  const intl = useIntl();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<DirectoryEntry | null>(null);
  const labelOf = (o: DirectoryEntry) =>
    intl.formatMessage(
      { id: 'directory.option' },
      {
        name: o.legalName,
        region: o.regionName,
        type: intl.formatMessage({ id: `orgType.${o.type}`, defaultMessage: o.type }),
      },
    );
  // Once an option is chosen the input shows its label; that label is not a new search.
  const typed = chosen && value === chosen.id && search === labelOf(chosen) ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, 300);
  const directory = useOrganisationDirectory(debounced);
  const found = debounced.length >= DIRECTORY_MIN_QUERY ? (directory.data?.items ?? []) : [];
  // The chosen option stays in the list while new results arrive, so the input keeps showing its label.
  const byId = new Map<string, DirectoryEntry>();
  if (chosen && value === chosen.id) byId.set(chosen.id, chosen);
  for (const o of found) if (!exclude.includes(o.id)) byId.set(o.id, o);
  const options = [...byId.values()];
  const nothingFound =
    typed.length < DIRECTORY_MIN_QUERY
      ? intl.formatMessage({ id: 'directory.typeMore' }, { n: DIRECTORY_MIN_QUERY })
      : directory.isFetching || typed !== debounced
        ? intl.formatMessage({ id: 'directory.searching' })
        : intl.formatMessage({ id: 'directory.nothingFound' });
  return (
    <Select
      label={intl.formatMessage({ id: 'directory.label' })}
      description={intl.formatMessage({ id: 'directory.hint' })}
      placeholder={intl.formatMessage({ id: 'directory.placeholder' })}
      searchable
      clearable
      flex={1}
      miw={260}
      maw={640}
      data={options.map((o) => ({ value: o.id, label: labelOf(o) }))}
      // The server has filtered by name already; the label adds region and type, which must not filter again.
      filter={({ options: all }) => all}
      value={value}
      onChange={(id) => {
        setChosen(options.find((o) => o.id === id) ?? null);
        onChange(id);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={nothingFound}
      rightSection={directory.isFetching ? <Loader size="xs" aria-hidden /> : undefined}
      error={error}
    />
  );
}
