import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  JsonInput,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArchive, IconArrowLeft, IconArrowRight, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, type ProtocolContent, type ProtocolSummary, type ProtocolVersion, tr } from '../api';
import { Detail, useDuration } from '../components/care';
import {
  ErrorAlert,
  InlineLoader,
  PageHeader,
  useCurrentUser,
  useErrorText,
  useLang,
} from '../components/common';
import { formatDateTime } from '../format';
import type { Language } from '../i18n';

const EDITORS = ['admin', 'physician'];

function AvailabilityBadge({ p }: { p: Pick<ProtocolSummary, 'availability'> }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={p.availability === 'bookable' ? 'brand' : 'grape'}
      variant="light"
      radius="sm"
      tt="none"
      data-testid="availability"
    >
      {t(`availability.${p.availability}`)}
    </Badge>
  );
}

function StatusBadge({ p }: { p: Pick<ProtocolSummary, 'status'> }) {
  const { t } = useTranslation();
  return (
    <Badge color={p.status === 'active' ? 'green' : 'gray'} variant="light" radius="sm" tt="none">
      {t(`protocolStatus.${p.status}`)}
    </Badge>
  );
}

function BackLink({ to, children }: { to: string; children: ReactNode }) {
  const lang = useLang();
  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;
  return (
    <Anchor
      component={Link}
      to={to}
      size="sm"
      c="dimmed"
      mb="md"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 6 }}
    >
      <Back size={14} aria-hidden />
      {children}
    </Anchor>
  );
}

export function ProtocolsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const query = useQuery({ queryKey: ['protocols'], queryFn: api.protocols });
  return (
    <>
      <PageHeader title={t('protocols.title')} subtitle={t('protocols.subtitle')} />
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data ? (
        <Card p={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table
              className="cp-table"
              verticalSpacing="md"
              horizontalSpacing="lg"
              data-testid="protocol-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('protocols.name')}</Table.Th>
                  <Table.Th>{t('protocols.cellSource')}</Table.Th>
                  <Table.Th>{t('protocols.availability')}</Table.Th>
                  <Table.Th>{t('protocols.version')}</Table.Th>
                  <Table.Th>{t('protocols.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.map((p) => (
                  <Table.Tr key={p.code} data-code={p.code}>
                    <Table.Td>
                      <Anchor component={Link} to={`/protocols/versions/${p.versionId}`} fw={600} size="sm">
                        {tr(p.title, lang)}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={2} maw={420}>
                        {tr(p.summary, lang)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`cellSource.${p.cellSource}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <AvailabilityBadge p={p} />
                    </Table.Td>
                    <Table.Td className="cp-num">
                      <Text size="sm">{t('protocol.versionN', { version: p.version })}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge p={p} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ) : null}
    </>
  );
}

export function ProtocolVersionPage() {
  const { versionId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const query = useQuery({
    queryKey: ['protocolVersion', versionId],
    queryFn: () => api.protocolVersion(versionId),
  });
  const p = query.data;
  const versions = useQuery({
    queryKey: ['protocolVersions', p?.code],
    queryFn: () => api.protocolVersions(p?.code ?? ''),
    enabled: Boolean(p),
  });
  const canEdit = EDITORS.includes(me.role);

  return (
    <>
      <BackLink to="/protocols">{t('protocols.back')}</BackLink>
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {p ? (
        <Stack gap="lg">
          <PageHeader
            title={tr(p.title, lang)}
            subtitle={tr(p.summary, lang)}
            actions={
              canEdit ? (
                <Button
                  component={Link}
                  to={`/protocols/${encodeURIComponent(p.code)}/edit?from=${encodeURIComponent(p.versionId)}`}
                  leftSection={<IconCopy size={16} aria-hidden />}
                  variant="light"
                >
                  {t('protocols.copyEdit')}
                </Button>
              ) : undefined
            }
          />
          <Group gap="xs" mt={-12}>
            <AvailabilityBadge p={p} />
            <StatusBadge p={p} />
            <Badge color="gray" variant="light" radius="sm" tt="none">
              {t('protocol.versionN', { version: p.version })}
            </Badge>
          </Group>
          {p.status === 'retired' ? (
            <Alert color="gray" variant="light" data-testid="retired-note">
              {t('protocols.retiredNote')}
            </Alert>
          ) : null}
          <ProtocolBody p={p} lang={lang} />
          {versions.data && versions.data.length > 0 ? (
            <Card>
              <Title order={2} fz="lg" fw={600} mb="md">
                {t('protocols.versions')}
              </Title>
              <Stack gap={6} component="ul" className="cp-plain-list">
                {versions.data.map((v) => (
                  <li key={v.versionId}>
                    <Group gap="sm">
                      {v.versionId === p.versionId ? (
                        <Text size="sm" fw={600} aria-current="page">
                          {t('protocol.versionN', { version: v.version })}
                        </Text>
                      ) : (
                        <Anchor component={Link} to={`/protocols/versions/${v.versionId}`} size="sm">
                          {t('protocol.versionN', { version: v.version })}
                        </Anchor>
                      )}
                      <StatusBadge p={v} />
                      <Text size="xs" c="dimmed">
                        {formatDateTime(v.createdAt, lang, me.clinic.timeZone)}
                      </Text>
                    </Group>
                  </li>
                ))}
              </Stack>
            </Card>
          ) : null}
          {canEdit && p.status === 'active' ? <RetireCard p={p} /> : null}
        </Stack>
      ) : null}
    </>
  );
}

function ProtocolBody({ p, lang }: { p: ProtocolVersion; lang: Language }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const c = p.content;
  const timing = (task: ProtocolContent['preparationTasks'][number]) => {
    const before =
      task.timing.unit === 'days'
        ? t('protocol.daysBefore', { count: task.timing.before })
        : t('protocol.hoursBefore', { count: task.timing.before });
    return task.timing.untilDaysAfter !== undefined
      ? `${before} · ${t('protocol.untilDaysAfter', { count: task.timing.untilDaysAfter })}`
      : before;
  };
  return (
    <>
      <Card>
        <dl className="cp-details">
          <Detail label={t('protocols.cellSource')}>{t(`cellSource.${c.cellSource}`)}</Detail>
          <Detail label={t('protocol.conditions')}>
            {c.conditions.map((x) => tr(x.name, lang)).join(' · ')}
          </Detail>
          <Detail label={t('protocol.targetSites')}>
            {c.targetSites.map((x) => tr(x.name, lang)).join(' · ')}
          </Detail>
          {c.harvestSites.length > 0 ? (
            <Detail label={t('protocol.harvestSites')}>
              {c.harvestSites.map((x) => tr(x.name, lang)).join(' · ')}
            </Detail>
          ) : null}
          <Detail label={t('plan.anesthesia')}>
            {c.anesthesiaOptions.map((a) => t(`anesthesia.${a}`)).join(' · ')}
          </Detail>
          <Detail label={t('plan.imagingGuidance')}>
            {c.imagingGuidance.map((a) => t(`imaging.${a}`)).join(' · ')}
          </Detail>
        </dl>
      </Card>
      <Card>
        <Title order={2} fz="lg" fw={600} mb="md">
          {t('protocol.steps')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table className="cp-table" verticalSpacing="sm" data-testid="protocol-steps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('protocol.step')}</Table.Th>
                <Table.Th>{t('protocol.duration')}</Table.Th>
                <Table.Th>{t('plan.anesthesia')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.steps.map((s) => (
                <Table.Tr key={`${s.kind}-${tr(s.name, 'en')}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {tr(s.name, lang)}
                    </Text>
                    <Text size="xs" c="dimmed" maw={520}>
                      {tr(s.description, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {duration(s.minMinutes, s.maxMinutes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {s.anesthesia.length ? s.anesthesia.map((a) => t(`anesthesia.${a}`)).join(' · ') : '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card>
        <Title order={2} fz="lg" fw={600} mb="md">
          {t('protocol.preparationTasks')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table className="cp-table" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('protocol.task')}</Table.Th>
                <Table.Th>{t('protocol.owner')}</Table.Th>
                <Table.Th>{t('protocol.timing')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.preparationTasks.map((task) => (
                <Table.Tr key={task.code}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {tr(task.title, lang)}
                    </Text>
                    <Text size="xs" c="dimmed" maw={520}>
                      {tr(task.purpose, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`owner.${task.owner}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{timing(task)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card>
        <Title order={2} fz="lg" fw={600} mb="md">
          {t('consent.textTitle', { version: c.consent.version })}
        </Title>
        <ConsentText consent={c.consent} lang={lang} headingOrder={3} />
      </Card>
    </>
  );
}

/** The consent document's sections, in the reader's language. Shared by staff and patient views. */
export function ConsentText({
  consent,
  lang,
  headingOrder,
}: {
  consent: ProtocolContent['consent'];
  lang: Language;
  headingOrder: 2 | 3;
}) {
  const { t } = useTranslation();
  const section = (key: string, body: ReactNode) => (
    <section key={key} className="cp-consent-section">
      <Title order={headingOrder} fz="md" fw={600} mb={6}>
        {t(`consent.sections.${key}`)}
      </Title>
      {body}
    </section>
  );
  const para = (text: { en: string; ar: string }) => (
    <Text size="sm" lh={1.7}>
      {tr(text, lang)}
    </Text>
  );
  const list = (items: { en: string; ar: string }[]) => (
    <List size="sm" spacing={4}>
      {items.map((x) => (
        <List.Item key={x.en}>{tr(x, lang)}</List.Item>
      ))}
    </List>
  );
  return (
    <Stack gap="lg" data-testid="consent-text">
      {section('purpose', para(consent.purpose))}
      {section('regulatoryStatus', para(consent.regulatoryStatus))}
      {section('procedure', para(consent.procedure))}
      {section('risks', list(consent.risks))}
      {section('alternatives', list(consent.alternatives))}
      {section('realisticOutcomes', para(consent.realisticOutcomes))}
      {section('noGuarantee', para(consent.noGuarantee))}
      {section('rights', para(consent.rights))}
    </Stack>
  );
}

function RetireCard({ p }: { p: ProtocolSummary }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const retire = useMutation({
    mutationFn: (reason: string) => api.retireProtocolVersion(p.versionId, reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['protocolVersion', p.versionId] });
      void queryClient.invalidateQueries({ queryKey: ['protocolVersions', p.code] });
      void queryClient.invalidateQueries({ queryKey: ['protocols'] });
      setOpen(false);
    },
  });
  return (
    <Card>
      <Title order={2} fz="lg" fw={600}>
        {t('protocols.retireTitle')}
      </Title>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        {t('protocols.retireHint')}
      </Text>
      {!open ? (
        <Group>
          <Button
            variant="default"
            color="red"
            leftSection={<IconArchive size={16} aria-hidden />}
            onClick={() => setOpen(true)}
          >
            {t('protocols.retire')}
          </Button>
        </Group>
      ) : (
        <form onSubmit={form.onSubmit((v) => retire.mutate(v.reason.trim()))} noValidate>
          <Stack gap="sm">
            {retire.error ? <ErrorAlert error={retire.error} /> : null}
            <Textarea
              label={t('protocols.retireReason')}
              required
              autosize
              minRows={2}
              maw={560}
              {...form.getInputProps('reason')}
            />
            <Group gap="sm">
              <Button type="submit" color="red" loading={retire.isPending}>
                {t('protocols.retireSubmit')}
              </Button>
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

export function ProtocolEditPage() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const { t } = useTranslation();
  const lang = useLang();
  const source = useQuery({
    queryKey: ['protocolVersion', from],
    queryFn: () => api.protocolVersion(from),
    enabled: from !== '',
  });
  return (
    <>
      <BackLink to={from ? `/protocols/versions/${from}` : '/protocols'}>
        {t('protocols.backToProtocol')}
      </BackLink>
      <PageHeader
        title={t('protocols.editTitle')}
        subtitle={
          source.data
            ? t('protocols.editFrom', { title: tr(source.data.title, lang), version: source.data.version })
            : undefined
        }
      />
      {source.isPending && from ? <InlineLoader /> : null}
      {source.isError ? <ErrorAlert error={source.error} /> : null}
      {source.data ? <ProtocolEditor code={code} initial={source.data.content} /> : null}
    </>
  );
}

function ProtocolEditor({ code, initial }: { code: string; initial: ProtocolContent }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (content: unknown) => api.createProtocolVersion(code, content),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['protocols'] });
      void queryClient.invalidateQueries({ queryKey: ['protocolVersions', code] });
      navigate(`/protocols/versions/${created.versionId}`);
    },
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch {
      setParseError(t('protocols.invalidJson'));
      return;
    }
    setParseError(null);
    save.mutate(content);
  };
  const serverError = save.error instanceof ApiError ? save.error : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('protocols.editHint')}
        </Text>
        {save.error ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            title={t('protocols.saveRefused')}
            data-testid="protocol-error"
          >
            {serverError?.field ? (
              <Text size="sm" mb={4}>
                {t('protocols.fieldAtFault')}{' '}
                <code className="cp-ltr" data-testid="protocol-error-field">
                  {serverError.field}
                </code>
              </Text>
            ) : null}
            <Text size="sm" className={serverError?.field ? 'cp-ltr' : undefined}>
              {serverError?.message || errorText(save.error)}
            </Text>
          </Alert>
        ) : null}
        <JsonInput
          label={t('protocols.content')}
          value={text}
          onChange={setText}
          error={parseError}
          validationError={t('protocols.invalidJson')}
          formatOnBlur
          autosize
          minRows={20}
          maxRows={40}
          dir="ltr"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
          data-testid="protocol-json"
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('protocols.saveVersion')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
