import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  FileButton,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../../../api/problem';
import { useSession } from '../../../app/session-provider';
import { FormAlert } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { formatInZone, formatMoney } from '../../../i18n/format';
import {
  downloadBlob,
  useAcceptPartner,
  useCallForProposal,
  useCheck,
  useProposal,
  usePutPartner,
  useSaveDraft,
  useUploadAttachment,
  type DraftChanges,
  type Proposal,
  type ProposalPartner,
  type Violation,
} from '../api/proposal';
import { MoneyInput } from '../../../components/money-input';
import { RegionalAnnex } from '../components/regional-annex';
import { Receipt, SubmitSection, WithdrawSection } from '../components/submission';
import { PartnerPicker } from '../components/partner-picker';
import { fieldError, ViolationSummary } from '../components/violations';

type Milestone = NonNullable<DraftChanges['workPlan']>[number];
interface Draft {
  acronym: string;
  title: string;
  abstract: string;
  topic: string;
  keywords: string;
  durationMonths: number | '';
  transformativeActivityCodes: string[];
  workPlan: Milestone[];
  kpiTargets: Array<{ code: string; value: number | '' }>;
}

function draftOf(p: Proposal): Draft {
  return {
    acronym: p.acronym ?? '',
    title: p.title ?? '',
    abstract: p.abstract ?? '',
    topic: p.topic ?? '',
    keywords: (p.keywords ?? []).join(', '),
    durationMonths: p.durationMonths ?? '',
    transformativeActivityCodes: p.transformativeActivityCodes ?? [],
    workPlan: p.workPlan ?? [],
    kpiTargets: Object.entries((p.kpiTargets ?? {}) as Record<string, number>).map(([code, value]) => ({
      code,
      value,
    })),
  };
}

function changesOf(d: Draft): DraftChanges {
  return {
    acronym: d.acronym || undefined,
    title: d.title || undefined,
    abstract: d.abstract,
    topic: d.topic,
    keywords: d.keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    durationMonths: d.durationMonths === '' ? undefined : d.durationMonths,
    transformativeActivityCodes: d.transformativeActivityCodes,
    workPlan: d.workPlan,
    kpiTargets: Object.fromEntries(
      d.kpiTargets.filter((k) => k.code.trim() && k.value !== '').map((k) => [k.code.trim(), Number(k.value)]),
    ) as DraftChanges['kpiTargets'],
  };
}

const EDITABLE = ['DRAFT', 'SUBMITTED', 'WITHDRAWN'];

function CoordinatorPart({
  proposal,
  topics,
  activities,
  violations,
  editable,
  flushRef,
}: {
  proposal: Proposal;
  topics: string[];
  activities: Array<{ code: string; title: string }>;
  violations: Violation[];
  editable: boolean;
  /** Saves what is typed but not yet saved; answers the revision to submit. */
  flushRef: MutableRefObject<(() => Promise<number | undefined>) | null>;
}) {
  const intl = useIntl();
  const save = useSaveDraft(proposal.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(proposal));
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const latest = useRef(draft);
  latest.current = draft;
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const err = (field: string) => fieldError(intl, violations, field);
  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  const persist = () => {
    setDirty(false);
    save.mutate(changesOf(latest.current), { onSuccess: () => setSavedAt(new Date()), onError: () => setDirty(true) });
  };
  flushRef.current = async () => {
    if (!dirty) return undefined;
    setDirty(false);
    const saved = await save.mutateAsync(changesOf(latest.current));
    setSavedAt(new Date());
    return saved.revision;
  };
  // Saved as one types: a pause of a second and a half writes the draft (no work lost on reload).
  useEffect(() => {
    if (!dirty || !editable) return;
    const timer = setTimeout(persist, 1500);
    return () => clearTimeout(timer);
  }, [draft, dirty, editable]);

  const partners = proposal.partners;
  const milestone = (i: number, patch: Partial<Milestone>) =>
    change({ workPlan: draft.workPlan.map((m, j) => (j === i ? { ...m, ...patch } : m)) });

  return (
    <section aria-labelledby="coordinator-heading">
      <Title order={2} size="h3" id="coordinator-heading" mb="xs">
        <FormattedMessage id="editor.coordinatorPart" />
      </Title>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('editor.acronym')}
            value={draft.acronym}
            maxLength={20}
            onChange={(e) => change({ acronym: e.currentTarget.value })}
            error={err('acronym')}
            disabled={!editable}
          />
          <NumberInput
            label={t('editor.duration')}
            value={draft.durationMonths}
            min={1}
            max={240}
            allowDecimal={false}
            onChange={(v) => change({ durationMonths: typeof v === 'number' ? v : '' })}
            error={err('durationMonths')}
            disabled={!editable}
          />
        </SimpleGrid>
        <TextInput
          label={t('editor.title')}
          value={draft.title}
          onChange={(e) => change({ title: e.currentTarget.value })}
          error={err('title')}
          disabled={!editable}
        />
        <Textarea
          label={t('editor.abstract')}
          value={draft.abstract}
          autosize
          minRows={3}
          onChange={(e) => change({ abstract: e.currentTarget.value })}
          error={err('abstract')}
          disabled={!editable}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('editor.topic')}
            value={draft.topic}
            onChange={(e) => change({ topic: e.currentTarget.value })}
            data={[{ value: '', label: t('editor.topic.none') }, ...topics.map((x) => ({ value: x, label: x }))]}
            error={err('topic')}
            disabled={!editable}
          />
          <TextInput
            label={t('editor.keywords')}
            description={t('editor.keywords.hint')}
            value={draft.keywords}
            onChange={(e) => change({ keywords: e.currentTarget.value })}
            error={err('keywords')}
            disabled={!editable}
          />
        </SimpleGrid>
        {activities.length > 0 && (
          <Checkbox.Group
            label={t('editor.activities')}
            value={draft.transformativeActivityCodes}
            onChange={(v) => change({ transformativeActivityCodes: v })}
            error={err('transformativeActivityCodes')}
          >
            <Stack gap={4} mt={4}>
              {activities.map((a) => (
                <Checkbox key={a.code} value={a.code} label={`${a.code} — ${a.title}`} disabled={!editable} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}

        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text fw={600}>
              <FormattedMessage id="editor.workPlan" />
            </Text>
          </legend>
          <Stack gap="xs">
            {draft.workPlan.map((m, i) => (
              <Card withBorder key={i} p="xs">
                <SimpleGrid cols={{ base: 1, sm: 4 }} verticalSpacing="xs">
                  <TextInput
                    label={t('editor.milestone.title', { n: i + 1 })}
                    value={m.title}
                    onChange={(e) => milestone(i, { title: e.currentTarget.value })}
                    error={err(`workPlan[${i}].title`)}
                    disabled={!editable}
                  />
                  <NumberInput
                    label={t('editor.milestone.dueMonth', { n: i + 1 })}
                    value={m.dueMonth}
                    min={1}
                    max={240}
                    allowDecimal={false}
                    onChange={(v) => milestone(i, { dueMonth: typeof v === 'number' ? v : 1 })}
                    error={err(`workPlan[${i}].dueMonth`)}
                    disabled={!editable}
                  />
                  <NativeSelect
                    label={t('editor.milestone.responsible', { n: i + 1 })}
                    value={m.responsibleOrganisationId}
                    onChange={(e) => milestone(i, { responsibleOrganisationId: e.currentTarget.value })}
                    data={partners.map((p) => ({ value: p.organisationId, label: p.legalName }))}
                    error={err(`workPlan[${i}].responsibleOrganisationId`)}
                    disabled={!editable}
                  />
                  <Group align="end" justify="space-between">
                    <Checkbox
                      label={t('editor.milestone.midTerm', { n: i + 1 })}
                      checked={m.midTerm}
                      onChange={(e) => milestone(i, { midTerm: e.currentTarget.checked })}
                      disabled={!editable}
                    />
                    {editable && (
                      <Button
                        variant="subtle"
                        color="red.8"
                        size="xs"
                        onClick={() => change({ workPlan: draft.workPlan.filter((_, j) => j !== i) })}
                      >
                        <FormattedMessage id="editor.milestone.remove" values={{ n: i + 1 }} />
                      </Button>
                    )}
                  </Group>
                </SimpleGrid>
              </Card>
            ))}
            {editable && (
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() =>
                    change({
                      workPlan: [
                        ...draft.workPlan,
                        {
                          title: '',
                          dueMonth: 1,
                          deliverables: [],
                          responsibleOrganisationId: proposal.coordinatorOrganisationId,
                          midTerm: false,
                        },
                      ],
                    })
                  }
                >
                  <FormattedMessage id="editor.milestone.add" />
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>

        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text fw={600}>
              <FormattedMessage id="editor.kpis" />
            </Text>
          </legend>
          <Stack gap="xs">
            {draft.kpiTargets.map((k, i) => (
              <Group key={i} align="end">
                <TextInput
                  label={t('editor.kpi.code', { n: i + 1 })}
                  value={k.code}
                  onChange={(e) =>
                    change({
                      kpiTargets: draft.kpiTargets.map((x, j) => (j === i ? { ...x, code: e.currentTarget.value } : x)),
                    })
                  }
                  disabled={!editable}
                />
                <NumberInput
                  label={t('editor.kpi.target', { n: i + 1 })}
                  value={k.value}
                  min={0}
                  onChange={(v) =>
                    change({
                      kpiTargets: draft.kpiTargets.map((x, j) =>
                        j === i ? { ...x, value: typeof v === 'number' ? v : '' } : x,
                      ),
                    })
                  }
                  error={err(`kpiTargets.${k.code}`)}
                  disabled={!editable}
                />
                {editable && (
                  <ActionIcon
                    variant="subtle"
                    color="red.8"
                    size="lg"
                    aria-label={t('editor.kpi.remove', { n: i + 1 })}
                    onClick={() => change({ kpiTargets: draft.kpiTargets.filter((_, j) => j !== i) })}
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
            {editable && (
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => change({ kpiTargets: [...draft.kpiTargets, { code: '', value: '' }] })}
                >
                  <FormattedMessage id="editor.kpi.add" />
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>

        {editable && (
          <Group>
            <Button onClick={persist} loading={save.isPending} variant="default">
              <FormattedMessage id="editor.save" />
            </Button>
            <Text size="sm" role="status" aria-live="polite">
              {dirty ? (
                <FormattedMessage id="editor.unsaved" />
              ) : savedAt ? (
                <FormattedMessage
                  id="editor.savedAt"
                  values={{ time: intl.formatTime(savedAt, { timeStyle: 'short' }) }}
                />
              ) : null}
            </Text>
          </Group>
        )}
        {save.isError && (
          <FormAlert
            errors={
              save.error instanceof ApiError && save.error.errors.length
                ? save.error.errors
                : [{ message: save.error.message }]
            }
          />
        )}
      </Stack>
    </section>
  );
}

function PartnerRow({
  proposal,
  partner,
  index,
  currency,
  canEdit,
  violations,
}: {
  proposal: Proposal;
  partner: ProposalPartner;
  index: number;
  currency: string;
  canEdit: boolean;
  violations: Violation[];
}) {
  const intl = useIntl();
  const put = usePutPartner(proposal.id);
  const [funded, setFunded] = useState(partner.funded);
  const [costs, setCosts] = useState(partner.eligibleCosts ?? 0);
  const [grant, setGrant] = useState(partner.requestedGrant ?? 0);
  const [saved, setSaved] = useState(false);
  const t = (id: string) => intl.formatMessage({ id }, { organisation: partner.legalName, currency });
  const err = (key: string) => fieldError(intl, violations, `partners[${index}].${key}`);
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{partner.legalName}</Text>
        <Text size="xs" c="dimmed">
          <FormattedMessage id={`orgType.${partner.organisationType}`} defaultMessage={partner.organisationType} />
        </Text>
        {err('organisationType') && (
          <Text size="xs" c="red.9">
            {err('organisationType')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {partner.regionCode}
        {err('regionCode') && (
          <Text size="xs" c="red.9">
            {err('regionCode')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <FormattedMessage id={`proposal.partnerRole.${partner.role}`} />
        <div>
          <Text size="xs" fw={700} fs={partner.status === 'ACCEPTED' ? undefined : 'italic'}>
            <FormattedMessage id={`proposal.partnerStatus.${partner.status}`} defaultMessage={partner.status} />
          </Text>
        </div>
      </Table.Td>
      {canEdit ? (
        <>
          <Table.Td>
            <Switch
              label={t('proposal.partner.fundedYes')}
              aria-label={t('proposal.partner.funded')}
              checked={funded}
              onChange={(e) => setFunded(e.currentTarget.checked)}
              error={err('funded')}
            />
          </Table.Td>
          <Table.Td>
            <MoneyInput
              hiddenLabel
              label={t('proposal.partner.eligibleCosts')}
              currency={currency}
              value={costs}
              onChange={setCosts}
              error={err('eligibleCosts')}
            />
          </Table.Td>
          <Table.Td>
            <MoneyInput
              hiddenLabel
              label={t('proposal.partner.requestedGrant')}
              currency={currency}
              value={grant}
              onChange={setGrant}
              error={err('requestedGrant')}
            />
          </Table.Td>
          <Table.Td>
            <Button
              size="xs"
              aria-label={t('proposal.partner.saveFor')}
              loading={put.isPending}
              onClick={() =>
                put.mutate(
                  { organisationId: partner.organisationId, funded, eligibleCosts: costs, requestedGrant: grant },
                  { onSuccess: () => setSaved(true) },
                )
              }
            >
              <FormattedMessage id="proposal.partner.save" />
            </Button>
            <Text size="xs" role="status">
              {saved && !put.isPending && <FormattedMessage id="proposal.partner.saved" />}
            </Text>
            {put.isError && (
              <Text size="xs" c="red.9" role="alert">
                {put.error.message}
              </Text>
            )}
          </Table.Td>
        </>
      ) : (
        <>
          <Table.Td>
            <FormattedMessage id={partner.funded ? 'proposal.partner.fundedYes' : 'proposal.partner.selfFunded'} />
            {err('funded') && (
              <Text size="xs" c="red.9">
                {err('funded')}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {partner.eligibleCosts != null ? formatMoney(intl, partner.eligibleCosts, currency) : '—'}
            {err('eligibleCosts') && (
              <Text size="xs" c="red.9">
                {err('eligibleCosts')}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            {partner.requestedGrant != null ? formatMoney(intl, partner.requestedGrant, currency) : '—'}
            {err('requestedGrant') && (
              <Text size="xs" c="red.9">
                {err('requestedGrant')}
              </Text>
            )}
          </Table.Td>
          <Table.Td />
        </>
      )}
    </Table.Tr>
  );
}

function Partners({
  proposal,
  currencyOf,
  mine,
  isCoordinator,
  editable,
  violations,
}: {
  proposal: Proposal;
  currencyOf: (region: string) => string;
  mine: string[];
  isCoordinator: boolean;
  editable: boolean;
  violations: Violation[];
}) {
  const put = usePutPartner(proposal.id);
  const [organisationId, setOrganisationId] = useState<string | null>(null);
  const tableErrors = violations.filter((v) => v.field === 'partners');
  return (
    <section aria-labelledby="partners-heading">
      <Title order={2} size="h3" id="partners-heading" mb="xs">
        <FormattedMessage id="proposal.partners" />
      </Title>
      {tableErrors.length > 0 && <ViolationSummary violations={tableErrors} titleId="proposal.partners.problems" />}
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              {[
                'proposal.partner.organisation',
                'proposal.partner.region',
                'proposal.partner.role',
                'proposal.partner.funding',
                'proposal.partner.costs',
                'proposal.partner.grant',
                'proposal.partner.actions',
              ].map((id) => (
                <Table.Th scope="col" key={id}>
                  <FormattedMessage id={id} />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposal.partners.map((p, i) => {
              const own = mine.includes(p.organisationId);
              const canEdit =
                editable &&
                (own ? p.status === 'ACCEPTED' || p.role === 'COORDINATOR' : isCoordinator && p.status !== 'ACCEPTED');
              return (
                <PartnerRow
                  key={`${p.organisationId}-${p.status}`}
                  proposal={proposal}
                  partner={p}
                  index={i}
                  currency={currencyOf(p.regionCode)}
                  canEdit={canEdit}
                  violations={violations}
                />
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {isCoordinator && editable && (
        <Card withBorder mt="sm">
          <Stack gap="xs">
            <Title order={3} size="h5">
              <FormattedMessage id="proposal.invite.title" />
            </Title>
            <Group align="end">
              <PartnerPicker
                value={organisationId}
                onChange={setOrganisationId}
                exclude={proposal.partners.map((p) => p.organisationId)}
                error={put.isError ? put.error.message : undefined}
              />
              <Button
                loading={put.isPending}
                disabled={!organisationId}
                onClick={() =>
                  organisationId &&
                  put.mutate(
                    { organisationId, funded: true, eligibleCosts: 0, requestedGrant: 0 },
                    { onSuccess: () => setOrganisationId(null) },
                  )
                }
              >
                <FormattedMessage id="proposal.invite.submit" />
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </section>
  );
}

function Attachments({ proposal, canUpload }: { proposal: Proposal; canUpload: boolean }) {
  const intl = useIntl();
  const upload = useUploadAttachment(proposal.id);
  const attachments = proposal.attachments ?? [];
  return (
    <section aria-labelledby="attachments-heading">
      <Title order={2} size="h3" id="attachments-heading" mb="xs">
        <FormattedMessage id="proposal.attachments" />
      </Title>
      {attachments.length === 0 ? (
        <Text c="dimmed" size="sm">
          <FormattedMessage id="proposal.attachments.empty" />
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <FormattedMessage id="proposal.attachments.name" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="proposal.attachments.size" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="proposal.attachments.sha256" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attachments.map((a) => (
                <Table.Tr key={a.sha256}>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() =>
                        void downloadBlob(
                          `/api/v1/proposals/${proposal.id}/attachments/${a.sha256}`,
                          a.mediaType,
                          a.name,
                        )
                      }
                    >
                      {a.name}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    {intl.formatNumber(a.size / 1024, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 })}
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{a.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canUpload && (
        <Group mt="xs">
          <FileButton
            onChange={(file) => file && upload.mutate(file)}
            accept={
              'application/pdf,image/png,image/jpeg,text/csv,' +
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            }
          >
            {(props) => (
              <Button variant="default" loading={upload.isPending} {...props}>
                <FormattedMessage id="proposal.attachments.add" />
              </Button>
            )}
          </FileButton>
          {upload.isError && (
            <Text size="sm" c="red.9" role="alert">
              {upload.error.message}
            </Text>
          )}
        </Group>
      )}
    </section>
  );
}

function Editor({ proposal }: { proposal: Proposal }) {
  const intl = useIntl();
  const { me } = useSession();
  const call = useCallForProposal(proposal.callId);
  const check = useCheck(proposal.id);
  const accept = useAcceptPartner(proposal.id);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [checked, setChecked] = useState(false);
  const [receipt, setReceipt] = useState<import('../api/proposal').Receipt | null>(null);
  const flushRef = useRef<(() => Promise<number | undefined>) | null>(null);
  const mine = (me?.grants ?? []).map((g) => g.organisationId).filter((x): x is string => Boolean(x));
  const isCoordinator = mine.includes(proposal.coordinatorOrganisationId);
  const editable = EDITABLE.includes(proposal.state);
  const zone = call.data?.timeZone ?? 'UTC';
  const currencyOf = (region: string) => call.data?.regions.find((r) => r.code === region)?.currency ?? 'EUR';
  const invitations = proposal.partners.filter((p) => mine.includes(p.organisationId) && p.status === 'INVITED');

  const runCheck = () =>
    check.mutate(undefined, {
      onSuccess: (result) => {
        setViolations(result.violations);
        setChecked(true);
      },
    });

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{intl.formatMessage({ id: 'editor.pageTitle' }, { acronym: proposal.acronym })}</PageTitle>
        <Group gap="xs">
          <Badge variant="filled">
            <FormattedMessage id={`proposals.states.${proposal.state}`} defaultMessage={proposal.state} />
          </Badge>
          {call.data && <Text size="sm">{call.data.title}</Text>}
          {call.data && (
            <Text size="sm" c="dimmed">
              <FormattedMessage
                id="editor.deadline"
                values={{ time: formatInZone(intl, call.data.submissionDeadline, zone), zone }}
              />
            </Text>
          )}
        </Group>
        <Group gap="md" mt="xs">
          <AnchorLink to="/proposals/$proposalId/versions" params={{ proposalId: proposal.id }}>
            <FormattedMessage id="versions.link" />
          </AnchorLink>
          <AnchorLink to="/proposals/$proposalId/outcome" params={{ proposalId: proposal.id }}>
            <FormattedMessage id="outcome.link" />
          </AnchorLink>
        </Group>
      </div>

      {proposal.state === 'WITHDRAWN' && proposal.withdrawnReason && (
        <Alert color="orange" title={intl.formatMessage({ id: 'proposal.withdrawn.title' })}>
          {proposal.withdrawnReason}
        </Alert>
      )}

      {invitations.map((p) => (
        <Alert
          key={p.organisationId}
          title={intl.formatMessage({ id: 'proposal.invitation.title' }, { organisation: p.legalName })}
        >
          <Stack gap="xs" align="start">
            <Text size="sm">
              <FormattedMessage id="proposal.invitation.body" />
            </Text>
            <Button onClick={() => accept.mutate(p.organisationId)} loading={accept.isPending}>
              <FormattedMessage id="proposal.invitation.accept" values={{ organisation: p.legalName }} />
            </Button>
            {accept.isError && (
              <Text c="red.9" role="alert">
                {accept.error.message}
              </Text>
            )}
          </Stack>
        </Alert>
      ))}

      {isCoordinator ? (
        <CoordinatorPart
          key={proposal.id}
          proposal={proposal}
          topics={call.data?.topics ?? []}
          activities={call.data?.transformativeActivities ?? []}
          violations={violations}
          editable={editable}
          flushRef={flushRef}
        />
      ) : (
        <section aria-labelledby="summary-heading">
          <Title order={2} size="h3" id="summary-heading" mb="xs">
            {proposal.title}
          </Title>
          <Text style={{ whiteSpace: 'pre-line' }}>{proposal.abstract}</Text>
        </section>
      )}

      <Partners
        proposal={proposal}
        currencyOf={currencyOf}
        mine={mine}
        isCoordinator={isCoordinator}
        editable={editable}
        violations={violations}
      />
      {editable &&
        proposal.partners
          .filter((p) => p.funded && mine.includes(p.organisationId))
          .map((p) => ({ partner: p, annex: call.data?.regions.find((r) => r.code === p.regionCode)?.rules.annex }))
          .filter(({ annex }) => annex && annex.fields.length > 0)
          .map(({ partner, annex }) => (
            <RegionalAnnex
              key={partner.organisationId}
              proposalId={proposal.id}
              partner={partner}
              fields={annex!.fields}
              zone={zone}
            />
          ))}
      <Attachments proposal={proposal} canUpload={isCoordinator && editable} />

      <section aria-labelledby="check-heading">
        <Title order={2} size="h3" id="check-heading" mb="xs">
          <FormattedMessage id="editor.check.title" />
        </Title>
        <Stack gap="sm" align="start">
          <Text size="sm">
            <FormattedMessage id="editor.check.explain" />
          </Text>
          <Button variant="default" onClick={runCheck} loading={check.isPending}>
            <FormattedMessage id="editor.check.run" />
          </Button>
          {check.isError && <ErrorState error={check.error} />}
          {checked && !check.isPending && violations.length === 0 && (
            <Alert color="green" role="status" title={intl.formatMessage({ id: 'editor.check.passed' })}>
              <FormattedMessage id="editor.check.passedBody" />
            </Alert>
          )}
          <ViolationSummary violations={violations} titleId="editor.check.failed" />
        </Stack>
      </section>

      {isCoordinator && (
        <SubmitSection
          proposal={proposal}
          beforeSubmit={() => flushRef.current?.() ?? Promise.resolve(undefined)}
          onReceipt={(r) => {
            setReceipt(r);
            setViolations([]);
          }}
          onRefused={(v) => {
            setViolations(v);
            setChecked(true);
          }}
        />
      )}
      {receipt && <Receipt receipt={receipt} acronym={proposal.acronym ?? ''} zone={zone} />}
      {isCoordinator && proposal.state === 'SUBMITTED' && <WithdrawSection proposalId={proposal.id} />}
    </Stack>
  );
}

/** The proposal editor: the coordinator's part, the partners, attachments, the E1–E5 check, submission. */
export function ProposalEditorPage() {
  return (
    <RequireSignIn>
      <LoadedEditor />
    </RequireSignIn>
  );
}

// Inside the sign-in guard: the query waits for the session's token.
function LoadedEditor() {
  const { proposalId } = useParams({ strict: false }) as { proposalId: string };
  const proposal = useProposal(proposalId);
  if (proposal.isPending) return <LoadingState />;
  if (proposal.isError) return <ErrorState error={proposal.error} />;
  return <Editor proposal={proposal.data} />;
}
