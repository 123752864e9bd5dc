import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  NativeSelect,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconArrowRight,
  IconBarcode,
  IconCircleCheck,
  IconCircleDashed,
  IconHandStop,
  IconPrinter,
  IconRoute,
  IconShieldCheck,
} from '@tabler/icons-react';
import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { instantOf, localDate, localTime } from '../../../src/domain/clinic-time';
import {
  ApiError,
  api,
  type BedsideVerdict,
  type ButtonEvent,
  type DayProduct,
  DISCHARGE_CRITERIA,
  type DischargeCriterion,
  HAND_OFFS,
  type HandOff,
  type ImagingGuidance,
  type Laterality,
  labelUrl,
  type Plan,
  PROCESSING_METHODS,
  type ProcessingRecord,
  type ProtocolVersion,
  type Refusal,
  type SessionDay,
  type SessionState,
  type TimeoutItem,
  tr,
  tracePath,
  wristbandUrl,
} from '../api';
import {
  ErrorAlert,
  InlineLoader,
  PageHeader,
  useCurrentUser,
  useErrorText,
  useLang,
} from '../components/common';
import { isMistyped, spacedDin } from '../components/products';
import { displayNames, formatDateTime, formatNumber, formatTime } from '../format';
import type { Language } from '../i18n';

/** The steps a button takes, in the order they happen (cancel and abort are offered apart). */
const FORWARD_EVENTS: readonly ButtonEvent[] = [
  'check_in',
  'complete_checks',
  'start_harvest',
  'start_processing',
  'start_monitoring',
];
const SCAN_STATES: readonly SessionState[] = ['harvested', 'processing', 'released'];
const TERMINAL: readonly SessionState[] = ['discharged', 'cancelled', 'aborted'];

/** Which hand-off a scan most likely records in each state (staff can choose another). */
function defaultHandOff(state: SessionState): HandOff {
  if (state === 'processing') return 'processing_end';
  if (state === 'released') return 'transport';
  return 'lab_receipt';
}

export function stateColor(state: SessionState): string {
  if (state === 'cancelled' || state === 'aborted') return 'red';
  if (state === 'discharged') return 'gray';
  if (state === 'booked') return 'blue';
  return 'teal';
}

/** A refusal from the server: what it means in the reader's words, with the server's own detail. */
function RefusalAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const lang = useLang();
  if (!error) return null;
  const detail = error instanceof ApiError ? error.message : '';
  const headline = errorText(error);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} aria-hidden />}
      title={title ?? t('errors.title')}
      role="alert"
      data-testid="refusal"
      data-code={error instanceof ApiError ? error.code : undefined}
    >
      <Text size="sm">{headline}</Text>
      {detail && detail !== headline ? (
        <Text size="sm" mt={6} c="dimmed" {...(lang === 'ar' ? { lang: 'en', dir: 'ltr' } : {})}>
          {detail}
        </Text>
      ) : null}
    </Alert>
  );
}

function Section({
  title,
  children,
  testId,
  accent,
}: {
  title: string;
  children: ReactNode;
  testId: string;
  accent?: boolean;
}) {
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      data-testid={testId}
      component="section"
      aria-label={title}
      className={accent ? 'cp-day-current' : undefined}
    >
      <Title order={2} fz="lg" fw={600} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Staff screen for one session on the day: its state, the next steps, each step's record, its history. */
export function SessionDayPage() {
  const { sessionId = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const dayKey: QueryKey = ['session-day', sessionId];
  const day = useQuery({ queryKey: dayKey, queryFn: () => api.sessionDay(sessionId) });
  const patientId = day.data?.patient?.id ?? params.get('patient');
  const patient = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => api.patient(patientId ?? ''),
    enabled: !!patientId,
  });
  const plans = useQuery({
    queryKey: ['plans', patientId],
    queryFn: () => api.plans(patientId ?? ''),
    enabled: !!patientId,
  });
  const plan = plans.data?.find((p) => p.sessions.some((s) => s.id === sessionId)) ?? null;
  const protocol = useQuery({
    queryKey: ['protocol-version', plan?.protocol.versionId],
    queryFn: () => api.protocolVersion(plan?.protocol.versionId ?? ''),
    enabled: !!plan,
  });
  // The product made by the harvest, known at once from its answer (and from the day once the server lists it).
  const [collected, setCollected] = useState<DayProduct | null>(null);
  const product =
    day.data?.products?.find((p) => p.source !== 'allogeneic') ?? day.data?.products?.[0] ?? collected;

  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;
  const data = day.data;
  const names = patient.data ? displayNames(patient.data, lang) : null;
  const patientName = names?.primary ?? data?.patient?.name ?? null;
  const mrn = patient.data?.mrn ?? data?.patient?.mrn ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: dayKey });
  const session = plan?.sessions.find((s) => s.id === sessionId);

  return (
    <>
      <Anchor
        component={Link}
        to={patientId ? `/patients/${encodeURIComponent(patientId)}?tab=plans` : '/board'}
        size="sm"
        c="dimmed"
        mb="md"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 6 }}
      >
        <Back size={14} aria-hidden />
        {patientId ? t('prep.backToPatient') : t('day.backToBoard')}
      </Anchor>
      <PageHeader
        title={t('day.title')}
        subtitle={
          <span data-testid="day-patient">
            {[
              patientName,
              mrn ? t('day.mrn', { mrn }) : null,
              plan ? tr(plan.protocol.title, lang) : null,
              session ? formatDateTime(session.startsAt, lang, me.clinic.timeZone) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        }
        actions={
          data ? (
            <Badge
              size="xl"
              radius="sm"
              color={`${stateColor(data.state)}.9`}
              variant="filled"
              data-testid="day-state"
              data-state={data.state}
            >
              {t(`sessionState.${data.state}`)}
            </Badge>
          ) : undefined
        }
      />
      {day.isPending ? <InlineLoader /> : null}
      {day.isError ? <ErrorAlert error={day.error} /> : null}
      {data ? (
        <Stack gap="lg" className="cp-day">
          <NextSteps day={data} dayKey={dayKey} />
          {data.state !== 'booked' ? <TimeoutChecklist day={data} dayKey={dayKey} role={me.role} /> : null}
          {data.state === 'harvesting' ? (
            <HarvestForm
              sessionId={sessionId}
              plan={plan}
              protocol={protocol.data ?? null}
              startedAt={data.transitions.find((x) => x.event === 'start_harvest')?.at ?? null}
              timeZone={me.clinic.timeZone}
              onDone={(result) => {
                if (result.din && result.check) setCollected({ din: result.din, check: result.check });
                void refresh();
              }}
            />
          ) : null}
          {data.nextEvents.includes('issue_product') ? (
            <IssuePanel
              sessionId={sessionId}
              onDone={(result) => {
                if (result.din && result.check)
                  setCollected({ din: result.din, check: result.check, source: 'allogeneic' });
                void refresh();
              }}
            />
          ) : null}
          {product ? (
            <ProductCard product={product} patientId={patientId} lang={lang} timeZone={me.clinic.timeZone} />
          ) : null}
          {SCAN_STATES.includes(data.state) ? <ScanPanel state={data.state} onScanned={refresh} /> : null}
          {data.state === 'processing' ? (
            <>
              <ProcessingForm sessionId={sessionId} onDone={refresh} />
              <ReleaseForm sessionId={sessionId} onDone={refresh} />
            </>
          ) : null}
          {data.state === 'released' || data.state === 'product_issued' ? (
            <BedsidePanel sessionId={sessionId} onDone={refresh} />
          ) : null}
          {data.state === 'injecting' ? (
            <InjectionForm
              sessionId={sessionId}
              plan={plan}
              protocol={protocol.data ?? null}
              onDone={refresh}
            />
          ) : null}
          {data.state === 'monitoring' ? <MonitoringPanel day={data} onDone={refresh} /> : null}
          {data.state === 'monitoring' || data.state === 'discharged' ? (
            <Anchor
              component={Link}
              to={`/sessions/${encodeURIComponent(sessionId)}/discharge-instructions`}
              data-testid="discharge-instructions-link"
            >
              <Group gap={6} component="span" display="inline-flex">
                <IconPrinter size={18} aria-hidden />
                {t('day.discharge.instructionsLink')}
              </Group>
            </Anchor>
          ) : null}
          <History day={data} lang={lang} timeZone={me.clinic.timeZone} />
        </Stack>
      ) : null}
    </>
  );
}

function NextSteps({ day, dayKey }: { day: SessionDay; dayKey: QueryKey }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: ({ event, reason }: { event: ButtonEvent; reason?: string }) =>
      api.transition(day.sessionId, event, reason),
    onSuccess: (next) => queryClient.setQueryData(dayKey, next),
  });
  const forward = FORWARD_EVENTS.filter((e) => day.nextEvents.includes(e));
  const stops = (['cancel', 'abort'] as const).filter((e) => day.nextEvents.includes(e));
  const [stopping, setStopping] = useState(false);
  const [stopEvent, setStopEvent] = useState<'cancel' | 'abort'>(day.state === 'booked' ? 'cancel' : 'abort');
  const [reason, setReason] = useState('');
  const terminal = TERMINAL.includes(day.state);

  return (
    <Section title={t('day.nextTitle')} testId="next-steps" accent>
      <Stack gap="md">
        {forward.length > 0 ? (
          <Group gap="md">
            {forward.map((event) => (
              <Button
                key={event}
                size="lg"
                onClick={() => move.mutate({ event })}
                loading={move.isPending && move.variables?.event === event}
                data-testid={`event-${event}`}
              >
                {t(`sessionEvent.${event}`)}
              </Button>
            ))}
          </Group>
        ) : (
          <Text c="dimmed" data-testid="next-hint">
            {terminal
              ? t('day.nothingMore')
              : t(`day.waitingFor.${day.state}`, { defaultValue: t('day.followForms') })}
          </Text>
        )}
        <RefusalAlert error={move.error} title={t('day.refusedTitle')} />
        {stops.length > 0 ? (
          stopping ? (
            <Stack gap="sm" className="cp-day-stop" p="md">
              <SegmentedControl
                value={stopEvent}
                onChange={(v) => setStopEvent(v as 'cancel' | 'abort')}
                data={stops.map((e) => ({ value: e, label: t(`sessionEvent.${e}`) }))}
                size="md"
              />
              <Text size="sm" c="dimmed">
                {t(`day.stop.${stopEvent}Hint`)}
              </Text>
              <Textarea
                label={t('day.stop.reason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                minRows={2}
                autosize
                size="md"
                required
              />
              <Group gap="sm">
                <Button
                  color="red"
                  size="md"
                  onClick={() => move.mutate({ event: stopEvent, reason })}
                  loading={move.isPending && move.variables?.event === stopEvent}
                  disabled={reason.trim().length < 5}
                  data-testid="stop-submit"
                >
                  {t(`sessionEvent.${stopEvent}`)}
                </Button>
                <Button variant="default" size="md" onClick={() => setStopping(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Group>
              <Button
                variant="subtle"
                color="red"
                size="md"
                leftSection={<IconHandStop size={18} aria-hidden />}
                onClick={() => setStopping(true)}
                data-testid="stop-open"
              >
                {t('day.stop.open')}
              </Button>
            </Group>
          )
        ) : null}
      </Stack>
    </Section>
  );
}

function TimeoutChecklist({ day, dayKey, role }: { day: SessionDay; dayKey: QueryKey; role: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const editable = day.state === 'checked_in';
  const record = useMutation({
    mutationFn: (body: { item: TimeoutItem; outcome: 'confirmed' | 'waived'; note?: string }) =>
      api.timeoutCheck(day.sessionId, body),
    onSuccess: (next) => queryClient.setQueryData(dayKey, next),
  });
  const [waiving, setWaiving] = useState<TimeoutItem | null>(null);
  const [note, setNote] = useState('');

  return (
    <Section title={t('day.timeout.title')} testId="timeout" accent={editable}>
      <Text size="sm" c="dimmed" mb="md">
        {t('day.timeout.hint')}
      </Text>
      <Stack gap="sm" component="ul" className="cp-plain-list">
        {day.timeout.items.map(({ item, status, recorded }) => {
          const entries = day.timeout.entries.filter((e) => e.item === item);
          const last = entries.at(-1);
          return (
            <Box
              component="li"
              key={item}
              className="cp-timeout-item"
              data-testid="timeout-item"
              data-item={item}
              data-status={status}
              p="sm"
            >
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 18rem' }}>
                  {status === 'open' ? (
                    <IconCircleDashed size={26} aria-hidden color="var(--mantine-color-gray-6)" />
                  ) : (
                    <IconCircleCheck
                      size={26}
                      aria-hidden
                      color={`var(--mantine-color-${status === 'waived' ? 'orange' : 'teal'}-7)`}
                    />
                  )}
                  <div>
                    <Text fw={600}>{t(`timeoutItem.${item}`)}</Text>
                    <Text size="sm" c="dimmed">
                      {recorded ? t(`day.timeout.recorded.${item}`) : t('day.timeout.confirmHint')}
                    </Text>
                    {last ? (
                      <Text size="xs" c="dimmed" mt={4}>
                        {t(`day.timeout.entry.${last.outcome}`, {
                          name: last.actorName,
                          role: t(`roles.${last.role}`),
                          time: formatTime(last.at, lang, me.clinic.timeZone),
                        })}
                        {last.note ? ` — ${last.note}` : ''}
                      </Text>
                    ) : null}
                  </div>
                </Group>
                <Group gap="sm">
                  <Badge
                    color={status === 'open' ? 'gray' : status === 'waived' ? 'orange' : 'teal'}
                    variant="light"
                    size="lg"
                    data-testid="timeout-status"
                  >
                    {t(`day.timeout.status.${status}`)}
                  </Badge>
                  {editable && status === 'open' && !recorded ? (
                    <Button
                      size="md"
                      onClick={() => record.mutate({ item, outcome: 'confirmed' })}
                      loading={record.isPending && record.variables?.item === item}
                      data-testid="timeout-confirm"
                    >
                      {t('day.timeout.confirm')}
                    </Button>
                  ) : null}
                  {editable && status === 'open' && role === 'physician' && waiving !== item ? (
                    <Button
                      size="md"
                      variant="default"
                      onClick={() => {
                        setWaiving(item);
                        setNote('');
                      }}
                      data-testid="timeout-waive-open"
                    >
                      {t('day.timeout.waive')}
                    </Button>
                  ) : null}
                </Group>
              </Group>
              {waiving === item ? (
                <Stack gap="sm" mt="sm">
                  <Textarea
                    label={t('day.timeout.waiveNote')}
                    description={t('day.timeout.waiveNoteHint')}
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                    autosize
                    minRows={2}
                    size="md"
                  />
                  <Group gap="sm">
                    <Button
                      color="orange"
                      size="md"
                      disabled={note.trim().length < 10}
                      loading={record.isPending}
                      onClick={() =>
                        record.mutate(
                          { item, outcome: 'waived', note },
                          { onSuccess: () => setWaiving(null) },
                        )
                      }
                    >
                      {t('day.timeout.waiveSubmit')}
                    </Button>
                    <Button size="md" variant="default" onClick={() => setWaiving(null)}>
                      {t('common.cancel')}
                    </Button>
                  </Group>
                </Stack>
              ) : null}
              {editable && status === 'open' && recorded && role !== 'physician' ? (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('day.timeout.physicianOnly')}
                </Text>
              ) : null}
            </Box>
          );
        })}
      </Stack>
      <Box mt="md">
        <RefusalAlert error={record.error} />
      </Box>
      <Text size="sm" mt="md" fw={600} data-testid="timeout-complete" data-complete={day.timeout.complete}>
        {day.timeout.complete ? t('day.timeout.complete') : t('day.timeout.incomplete')}
      </Text>
    </Section>
  );
}

/** An instant as the clinic's wall clock, for a datetime-local input (YYYY-MM-DDTHH:MM). */
/** A protocol's sites as a choice; free text only when the protocol lists none. */
function SiteField({
  label,
  sites,
  value,
  onChange,
  lang,
}: {
  label: string;
  sites: ReadonlyArray<{ code: string; name: { en: string; ar: string } }>;
  value: string;
  onChange: (value: string) => void;
  lang: Language;
}) {
  const { t } = useTranslation();
  if (sites.length === 0) {
    return (
      <TextInput
        label={label}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        size="md"
        required
      />
    );
  }
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: t('common.choose') },
        ...sites.map((s) => ({ value: s.code, label: tr(s.name, lang) })),
      ]}
      size="md"
      required
    />
  );
}

function wallClock(instant: Date, timeZone: string): string {
  return `${localDate(instant, timeZone)}T${localTime(instant, timeZone)}`;
}

function num(value: string | number): number {
  return typeof value === 'number' ? value : Number.parseFloat(value);
}

function HarvestForm({
  sessionId,
  plan,
  protocol,
  startedAt,
  timeZone,
  onDone,
}: {
  sessionId: string;
  plan: Plan | null;
  protocol: ProtocolVersion | null;
  startedAt: string | null;
  timeZone: string;
  onDone: (result: { din?: string; check?: string }) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const sites = protocol?.content.harvestSites ?? [];
  const [site, setSite] = useState(plan?.harvestSite ?? '');
  const [laterality, setLaterality] = useState<string>(plan?.harvestLaterality ?? '');
  const [agent, setAgent] = useState('');
  const [dose, setDose] = useState<string | number>('');
  const [volume, setVolume] = useState<string | number>('');
  const [start, setStart] = useState(startedAt ? wallClock(new Date(startedAt), timeZone) : '');
  const [end, setEnd] = useState(wallClock(new Date(), timeZone));
  useEffect(() => {
    if (!site && plan?.harvestSite) setSite(plan.harvestSite);
    if (!laterality && plan?.harvestLaterality) setLaterality(plan.harvestLaterality);
  }, [plan, site, laterality]);
  const siteInfo = sites.find((s) => s.code === site);
  const needsSide = siteInfo ? siteInfo.lateralityRequired : !!laterality;
  const save = useMutation({
    mutationFn: () => {
      const at = (value: string) => {
        const [date = '', time = ''] = value.split('T');
        return instantOf(date, time, timeZone).toISOString();
      };
      return api.harvest(sessionId, {
        site,
        ...(needsSide && laterality ? { laterality: laterality as 'left' | 'right' } : {}),
        anesthesia: { agent: agent.trim(), doseMg: num(dose) },
        volumeMl: num(volume),
        startedAt: at(start),
        endedAt: at(end),
      });
    },
    onSuccess: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Section title={t('day.harvest.title')} testId="harvest-form" accent>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <SiteField
              label={t('day.harvest.site')}
              sites={sites}
              value={site}
              onChange={setSite}
              lang={lang}
            />
            {needsSide ? (
              <NativeSelect
                label={t('day.harvest.laterality')}
                value={laterality}
                onChange={(e) => setLaterality(e.currentTarget.value)}
                data={[
                  { value: '', label: t('common.choose') },
                  { value: 'left', label: t('laterality.left') },
                  { value: 'right', label: t('laterality.right') },
                ]}
                size="md"
                required
              />
            ) : null}
            <TextInput
              label={t('day.harvest.agent')}
              placeholder={t('day.harvest.agentPlaceholder')}
              value={agent}
              onChange={(e) => setAgent(e.currentTarget.value)}
              size="md"
              required
            />
            <NumberInput
              label={t('day.harvest.doseMg')}
              value={dose}
              onChange={setDose}
              min={0}
              size="md"
              required
            />
            <NumberInput
              label={t('day.harvest.volumeMl')}
              value={volume}
              onChange={setVolume}
              min={0}
              size="md"
              required
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              type="datetime-local"
              label={t('day.harvest.startedAt')}
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              size="md"
              required
            />
            <TextInput
              type="datetime-local"
              label={t('day.harvest.endedAt')}
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              size="md"
              required
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {t('day.timesHint', { timeZone })}
          </Text>
          <RefusalAlert error={save.error} />
          <Group>
            <Button type="submit" size="lg" loading={save.isPending} data-testid="harvest-submit">
              {t('day.harvest.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ProductCard({
  product,
  patientId,
  lang,
  timeZone,
}: {
  product: DayProduct;
  patientId: string | null;
  lang: Language;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const label = `${product.din}${product.check}`;
  const src = product.labelUrl ?? labelUrl(label);
  return (
    <Section title={t('day.product.title')} testId="product-card">
      <Stack gap="md">
        <div>
          <Text size="sm" c="dimmed" id="din-caption">
            {t('day.product.din')}
          </Text>
          <Group
            gap="sm"
            dir="ltr"
            lang="en"
            className="cp-din"
            display="inline-flex"
            data-testid="product-din"
            aria-describedby="din-caption"
          >
            <span className="cp-din-text">{spacedDin(product.din)}</span>
            <span className="cp-din-check" title={t('day.product.check')} data-testid="product-check">
              {product.check}
            </span>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t('day.product.checkHint')}
          </Text>
          {product.useBy ? (
            <Text size="sm" mt="xs" data-testid="product-use-by">
              {t('day.product.useBy', { time: formatDateTime(product.useBy, lang, timeZone) })}
            </Text>
          ) : null}
          {product.status ? (
            <Badge mt="xs" variant="light">
              {t(`productStatus.${product.status}`, { defaultValue: product.status })}
            </Badge>
          ) : null}
        </div>
        <Group gap="md">
          <Button
            component="a"
            href={src}
            target="_blank"
            rel="noopener"
            size="md"
            variant="light"
            leftSection={<IconPrinter size={18} aria-hidden />}
            data-testid="print-label"
          >
            {t('day.product.printLabel')}
          </Button>
          {patientId ? (
            <Button
              component="a"
              href={wristbandUrl(patientId)}
              target="_blank"
              rel="noopener"
              size="md"
              variant="light"
              leftSection={<IconPrinter size={18} aria-hidden />}
              data-testid="print-wristband"
            >
              {t('day.product.printWristband')}
            </Button>
          ) : null}
          <Button
            component={Link}
            to={tracePath(label)}
            size="md"
            variant="subtle"
            leftSection={<IconRoute size={18} aria-hidden />}
            data-testid="product-trace-link"
          >
            {t('day.product.trace')}
          </Button>
        </Group>
        <Box className="cp-label-preview">
          <img
            src={src}
            alt={t('day.product.labelAlt', { din: spacedDin(product.din) })}
            data-testid="label-image"
          />
        </Box>
      </Stack>
    </Section>
  );
}

/**
 * Issuing a donor product to an allogeneic session: first-expiry-first-out when the label is left
 * empty, or the product whose label is scanned (Enter issues it, like the other scan fields).
 */
function IssuePanel({
  sessionId,
  onDone,
}: {
  sessionId: string;
  onDone: (result: { din?: string; check?: string }) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [label, setLabel] = useState('');
  useEffect(() => input.current?.focus(), []);
  const issue = useMutation({
    mutationFn: () => api.issueDonorProduct(sessionId, label.replace(/\s+/g, '')),
    onSuccess: (result) => {
      setLabel('');
      onDone(result);
    },
    onSettled: () => input.current?.focus(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.mutate();
  };
  return (
    <Section title={t('day.issue.title')} testId="issue-panel" accent>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('day.issue.hint')}
          </Text>
          <TextInput
            ref={input}
            label={t('day.issue.label')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            size="lg"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            leftSection={<IconBarcode size={22} aria-hidden />}
            data-testid="issue-label"
            disabled={issue.isPending}
          />
          <RefusalAlert
            error={issue.error}
            title={isMistyped(issue.error) ? t('day.scan.mistyped') : undefined}
          />
          <Group>
            <Button type="submit" size="lg" loading={issue.isPending} data-testid="issue-submit">
              {t('day.issue.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

type ScanOutcome = { id: string; label: string; ok: boolean; text: string; detail?: string };

/**
 * The hand-off scan field. A keyboard-wedge scanner types the label and presses Enter; each scan gets
 * a fresh idempotency key, and a retry of that same request (a network failure) reuses it.
 */
function ScanPanel({ state, onScanned }: { state: SessionState; onScanned: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [handOff, setHandOff] = useState<HandOff>(defaultHandOff(state));
  const [location, setLocation] = useState(t('day.scan.defaultLocation'));
  const [outcomes, setOutcomes] = useState<ScanOutcome[]>([]);
  useEffect(() => setHandOff(defaultHandOff(state)), [state]);
  useEffect(() => input.current?.focus(), []);
  const scan = useMutation({
    mutationFn: (body: { label: string; handOff: HandOff; location: string; idempotencyKey: string }) =>
      api.scan(body),
    retry: (failures, error) => error instanceof ApiError && error.status === 0 && failures < 2,
    onSuccess: (trace, body) => {
      setOutcomes((list) => [
        {
          id: body.idempotencyKey,
          label: body.label,
          ok: true,
          text: t('day.scan.recorded', { handOff: t(`handOff.${body.handOff}`), din: spacedDin(trace.din) }),
        },
        ...list.slice(0, 4),
      ]);
      onScanned();
    },
    onError: (error, body) => {
      const code = error instanceof ApiError ? error.code : '';
      const text =
        code === 'check_mismatch' ||
        code === 'malformed' ||
        code === 'bad_facility' ||
        code === 'flag_mismatch'
          ? t('day.scan.mistyped')
          : code === 'out_of_order'
            ? t('day.scan.outOfOrder', { handOff: t(`handOff.${body.handOff}`) })
            : errorText(error);
      setOutcomes((list) => [
        {
          id: body.idempotencyKey,
          label: body.label,
          ok: false,
          text,
          ...(error instanceof ApiError ? { detail: error.message } : {}),
        },
        ...list.slice(0, 4),
      ]);
    },
    onSettled: () => input.current?.focus(),
  });
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const label = value.trim();
    setValue('');
    if (!label) return;
    scan.mutate({ label, handOff, location: location.trim() || '—', idempotencyKey: crypto.randomUUID() });
  };
  const latest = outcomes[0];
  return (
    <Section title={t('day.scan.title')} testId="scan-panel">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <NativeSelect
            label={t('day.scan.handOff')}
            value={handOff}
            onChange={(e) => setHandOff(e.currentTarget.value as HandOff)}
            data={HAND_OFFS.map((h) => ({ value: h, label: t(`handOff.${h}`) }))}
            size="md"
            data-testid="scan-hand-off"
          />
          <TextInput
            label={t('day.scan.location')}
            value={location}
            onChange={(e) => setLocation(e.currentTarget.value)}
            size="md"
          />
        </SimpleGrid>
        <TextInput
          ref={input}
          label={t('day.scan.field')}
          description={t('day.scan.hint')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          size="lg"
          dir="ltr"
          autoComplete="off"
          spellCheck={false}
          leftSection={<IconBarcode size={22} aria-hidden />}
          data-testid="scan-field"
          disabled={scan.isPending}
        />
        <div aria-live="polite" data-testid="scan-results">
          {latest ? (
            <Alert
              color={latest.ok ? 'teal' : 'red'}
              variant="light"
              icon={
                latest.ok ? (
                  <IconCircleCheck size={20} aria-hidden />
                ) : (
                  <IconAlertTriangle size={20} aria-hidden />
                )
              }
              data-testid="scan-outcome"
              data-ok={latest.ok}
            >
              <Text size="sm" fw={600}>
                {latest.text}
              </Text>
              <Text size="xs" c="dimmed" dir="ltr" lang="en" ta={lang === 'ar' ? 'right' : undefined}>
                {latest.label}
                {latest.detail && !latest.ok ? ` — ${latest.detail}` : ''}
              </Text>
            </Alert>
          ) : null}
        </div>
        {outcomes.length > 1 ? (
          <List size="sm" spacing={4} c="dimmed">
            {outcomes.slice(1).map((o) => (
              <List.Item key={o.id}>
                {o.ok ? '✓' : '✗'} {o.text}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Section>
  );
}

function ProcessingForm({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<ProcessingRecord['method']>('centrifuge');
  const [forceG, setForceG] = useState<string | number>('');
  const [minutes, setMinutes] = useState<string | number>('');
  const [input, setInput] = useState<string | number>('');
  const [output, setOutput] = useState<string | number>('');
  const [cells, setCells] = useState<string | number>('');
  const [viability, setViability] = useState<string | number>('');
  const [sterility, setSterility] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.processing(sessionId, {
        method,
        forceG: num(forceG),
        minutes: num(minutes),
        inputVolumeMl: num(input),
        outputVolumeMl: num(output),
        totalNucleatedCells: cells === '' ? null : num(cells) * 1e6,
        viabilityPercent: num(viability),
        sterilitySampleTaken: sterility,
      }),
    onSuccess: onDone,
  });
  return (
    <Section title={t('day.processing.title')} testId="processing-form" accent>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              label={t('day.processing.method')}
              value={method}
              onChange={(e) => setMethod(e.currentTarget.value as ProcessingRecord['method'])}
              data={PROCESSING_METHODS.map((m) => ({ value: m, label: t(`processingMethod.${m}`) }))}
              size="md"
            />
            <NumberInput
              label={t('day.processing.forceG')}
              value={forceG}
              onChange={setForceG}
              min={0}
              size="md"
              required
            />
            <NumberInput
              label={t('day.processing.minutes')}
              value={minutes}
              onChange={setMinutes}
              min={0}
              allowDecimal={false}
              size="md"
              required
            />
            <NumberInput
              label={t('day.processing.inputVolumeMl')}
              value={input}
              onChange={setInput}
              min={0}
              size="md"
              required
            />
            <NumberInput
              label={t('day.processing.outputVolumeMl')}
              value={output}
              onChange={setOutput}
              min={0}
              size="md"
              required
            />
            <NumberInput
              label={t('day.processing.cells')}
              description={t('day.processing.cellsHint')}
              value={cells}
              onChange={setCells}
              min={0}
              size="md"
            />
            <NumberInput
              label={t('day.processing.viability')}
              value={viability}
              onChange={setViability}
              min={0}
              max={100}
              size="md"
              required
            />
          </SimpleGrid>
          <Checkbox
            label={t('day.processing.sterility')}
            checked={sterility}
            onChange={(e) => setSterility(e.currentTarget.checked)}
            size="md"
          />
          <RefusalAlert error={save.error} />
          {save.isSuccess ? (
            <Alert color="teal" variant="light" data-testid="processing-saved">
              {t('day.processing.saved')}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" size="lg" loading={save.isPending} data-testid="processing-submit">
              {t('day.processing.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function ReleaseForm({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const release = useMutation({
    mutationFn: () => api.release(sessionId, password),
    onSuccess: () => {
      setPassword('');
      onDone();
    },
  });
  return (
    <Section title={t('day.release.title')} testId="release-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          release.mutate();
        }}
      >
        <Stack gap="md">
          <Alert color="blue" variant="light" icon={<IconShieldCheck size={20} aria-hidden />}>
            <Text size="sm" fw={600}>
              {t('day.release.meaningTitle')}
            </Text>
            <Text size="sm" data-testid="release-meaning">
              “{t('day.release.meaning')}”
            </Text>
          </Alert>
          <Text size="sm" c="dimmed">
            {t('day.release.secondPerson')}
          </Text>
          <PasswordInput
            label={t('day.release.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            size="md"
            required
            maw={420}
          />
          <RefusalAlert error={release.error} title={t('day.release.refused')} />
          <Group>
            <Button
              type="submit"
              size="lg"
              loading={release.isPending}
              disabled={!password}
              data-testid="release-submit"
            >
              {t('day.release.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/**
 * Bedside verification: the wristband and the product label are scanned; any mismatch is a hard
 * stop, listed in full, with no way to continue from here.
 */
function BedsidePanel({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const band = useRef<HTMLInputElement>(null);
  const labelField = useRef<HTMLInputElement>(null);
  const [wristband, setWristband] = useState('');
  const [label, setLabel] = useState('');
  const [refusals, setRefusals] = useState<Refusal[] | null>(null);
  useEffect(() => band.current?.focus(), []);
  const verify = useMutation({
    mutationFn: () => api.bedside(sessionId, { wristband: wristband.trim(), label: label.trim() }),
    onSuccess: () => {
      setRefusals(null);
      onDone();
    },
    onError: (error) => {
      const verdict = error instanceof ApiError ? (error.body as Partial<BedsideVerdict> | null) : null;
      if (verdict && verdict.ok === false && Array.isArray(verdict.refusals)) {
        setRefusals(verdict.refusals);
        setWristband('');
        setLabel('');
        band.current?.focus();
      } else setRefusals(null);
    },
  });
  const submit = () => {
    if (wristband.trim() && label.trim()) verify.mutate();
  };
  return (
    <Section title={t('day.bedside.title')} testId="bedside-panel" accent>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('day.bedside.hint')}
        </Text>
        {refusals ? (
          <Alert
            color="red"
            variant="filled"
            radius="md"
            icon={<IconHandStop size={28} aria-hidden />}
            title={t('day.bedside.stopTitle')}
            role="alert"
            data-testid="bedside-stop"
            className="cp-hard-stop"
          >
            <Text fw={600} mb="xs">
              {t('day.bedside.stopHint')}
            </Text>
            <List spacing={4} data-testid="bedside-refusals">
              {refusals.map((r) => (
                <List.Item key={r.code} data-code={r.code}>
                  {t(`bedsideRefusal.${r.code}`, { defaultValue: r.message })}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            ref={band}
            label={t('day.bedside.wristband')}
            value={wristband}
            onChange={(e) => setWristband(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (label.trim()) submit();
              else labelField.current?.focus();
            }}
            size="lg"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            leftSection={<IconBarcode size={22} aria-hidden />}
            data-testid="bedside-wristband"
          />
          <TextInput
            ref={labelField}
            label={t('day.bedside.label')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (wristband.trim()) submit();
              else band.current?.focus();
            }}
            size="lg"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            leftSection={<IconBarcode size={22} aria-hidden />}
            data-testid="bedside-label"
          />
        </SimpleGrid>
        {verify.error && !refusals ? <RefusalAlert error={verify.error} /> : null}
        <Group>
          <Button
            size="lg"
            onClick={submit}
            loading={verify.isPending}
            disabled={!wristband.trim() || !label.trim()}
            data-testid="bedside-submit"
          >
            {t('day.bedside.submit')}
          </Button>
        </Group>
      </Stack>
    </Section>
  );
}

function InjectionForm({
  sessionId,
  plan,
  protocol,
  onDone,
}: {
  sessionId: string;
  plan: Plan | null;
  protocol: ProtocolVersion | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [imaging, setImaging] = useState<string>(plan?.imagingGuidance ?? '');
  const [site, setSite] = useState(plan?.targetSite ?? '');
  const [laterality, setLaterality] = useState<string>(plan?.laterality ?? '');
  const [volume, setVolume] = useState<string | number>('');
  const [anesthesia, setAnesthesia] = useState(plan ? t(`anesthesia.${plan.anesthesia}`) : '');
  useEffect(() => {
    if (!plan) return;
    setImaging((v) => v || plan.imagingGuidance);
    setSite((v) => v || plan.targetSite);
    setLaterality((v) => v || (plan.laterality ?? ''));
    setAnesthesia((v) => v || t(`anesthesia.${plan.anesthesia}`));
  }, [plan, t]);
  const sites = protocol?.content.targetSites ?? [];
  const guidance = protocol?.content.imagingGuidance ?? ['ultrasound', 'fluoroscopy', 'none'];
  const save = useMutation({
    mutationFn: () =>
      api.injection(sessionId, {
        imagingGuidance: imaging as ImagingGuidance,
        site,
        ...(laterality ? { laterality: laterality as Laterality } : {}),
        volumeMl: num(volume),
        anesthesia: anesthesia.trim(),
      }),
    onSuccess: onDone,
  });
  return (
    <Section title={t('day.injection.title')} testId="injection-form" accent>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <SiteField
              label={t('day.injection.site')}
              sites={sites}
              value={site}
              onChange={setSite}
              lang={lang}
            />
            <NativeSelect
              label={t('day.injection.laterality')}
              value={laterality}
              onChange={(e) => setLaterality(e.currentTarget.value)}
              data={[
                { value: '', label: t('day.injection.noSide') },
                ...(['left', 'right', 'bilateral'] as const).map((l) => ({
                  value: l,
                  label: t(`laterality.${l}`),
                })),
              ]}
              size="md"
            />
            <NativeSelect
              label={t('day.injection.imaging')}
              value={imaging}
              onChange={(e) => setImaging(e.currentTarget.value)}
              data={[
                { value: '', label: t('common.choose') },
                ...guidance.map((g) => ({ value: g, label: t(`imaging.${g}`) })),
              ]}
              size="md"
              required
            />
            <NumberInput
              label={t('day.injection.volumeMl')}
              value={volume}
              onChange={setVolume}
              min={0}
              size="md"
              required
            />
            <TextInput
              label={t('day.injection.anesthesia')}
              value={anesthesia}
              onChange={(e) => setAnesthesia(e.currentTarget.value)}
              size="md"
              required
            />
          </SimpleGrid>
          <RefusalAlert error={save.error} />
          <Group>
            <Button type="submit" size="lg" loading={save.isPending} data-testid="injection-submit">
              {t('day.injection.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const VITALS = [
  { key: 'systolic', min: 40, max: 260, step: 1 },
  { key: 'diastolic', min: 20, max: 180, step: 1 },
  { key: 'heartRate', min: 20, max: 250, step: 1 },
  { key: 'spo2', min: 50, max: 100, step: 1 },
  { key: 'temperatureC', min: 30, max: 45, step: 0.1 },
  { key: 'painScore', min: 0, max: 10, step: 1 },
] as const;
type VitalKey = (typeof VITALS)[number]['key'];

function MonitoringPanel({ day, onDone }: { day: SessionDay; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const [vitals, setVitals] = useState<Record<VitalKey, string | number>>({
    systolic: '',
    diastolic: '',
    heartRate: '',
    spo2: '',
    temperatureC: '',
    painScore: '',
  });
  const [criteria, setCriteria] = useState<Record<DischargeCriterion, boolean>>({
    vitalsStable: false,
    painControlled: false,
    noActiveBleeding: false,
    walksUnaided: false,
    escortPresent: false,
    instructionsGiven: false,
  });
  const record = useMutation({
    mutationFn: () =>
      api.vitals(day.sessionId, {
        systolic: num(vitals.systolic),
        diastolic: num(vitals.diastolic),
        heartRate: num(vitals.heartRate),
        spo2: num(vitals.spo2),
        temperatureC: num(vitals.temperatureC),
        painScore: num(vitals.painScore),
      }),
    onSuccess: (result) => {
      setOutOfRange(result?.outOfRange ?? []);
      setVitals({ systolic: '', diastolic: '', heartRate: '', spo2: '', temperatureC: '', painScore: '' });
      onDone();
    },
  });
  const discharge = useMutation({
    mutationFn: () => api.discharge(day.sessionId, criteria),
    onSuccess: onDone,
  });
  const [outOfRange, setOutOfRange] = useState<string[]>([]);
  // The server names the unmet criteria in its message ("Not yet: a, b."); list them in the reader's words.
  const unmet =
    discharge.error instanceof ApiError && discharge.error.code === 'discharge_criteria_unmet'
      ? discharge.error.message
          .replace(/^[^:]*:\s*/, '')
          .replace(/\.$/, '')
          .split(/,\s*/)
          .filter(Boolean)
      : null;
  const recorded = day.vitals ?? [];
  return (
    <>
      <Section title={t('day.vitals.title')} testId="vitals-form" accent>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate();
          }}
          noValidate
        >
          <Stack gap="md">
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md">
              {VITALS.map((v) => (
                <NumberInput
                  key={v.key}
                  label={t(`vitals.${v.key}`)}
                  value={vitals[v.key]}
                  onChange={(value) => setVitals((old) => ({ ...old, [v.key]: value }))}
                  min={v.min}
                  max={v.max}
                  step={v.step}
                  decimalScale={v.step < 1 ? 1 : 0}
                  size="md"
                  required
                />
              ))}
            </SimpleGrid>
            <RefusalAlert error={record.error} />
            {outOfRange.length > 0 ? (
              <Alert
                color="orange"
                variant="light"
                icon={<IconAlertTriangle size={20} aria-hidden />}
                title={t('day.vitals.outOfRange')}
                role="alert"
                data-testid="vitals-out-of-range"
              >
                {outOfRange.map((k) => t(`vitals.${k}`, { defaultValue: k })).join(' · ')}
              </Alert>
            ) : null}
            <Group>
              <Button type="submit" size="lg" loading={record.isPending} data-testid="vitals-submit">
                {t('day.vitals.submit')}
              </Button>
            </Group>
            {recorded.length > 0 ? (
              <Table.ScrollContainer minWidth={520}>
                <Table striped data-testid="vitals-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('day.vitals.at')}</Table.Th>
                      {VITALS.map((v) => (
                        <Table.Th key={v.key}>{t(`vitals.${v.key}`)}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {recorded.map((row, i) => (
                      <Table.Tr key={row.at ?? i}>
                        <Table.Td>{row.at ? formatTime(row.at, lang, me.clinic.timeZone) : '—'}</Table.Td>
                        {VITALS.map((v) => (
                          <Table.Td key={v.key}>
                            {typeof row[v.key] === 'number' ? formatNumber(row[v.key] as number, lang) : '—'}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
          </Stack>
        </form>
      </Section>
      <Section title={t('day.discharge.title')} testId="discharge-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('day.discharge.hint')}
          </Text>
          {DISCHARGE_CRITERIA.map((c) => (
            <Checkbox
              key={c}
              label={t(`dischargeCriterion.${c}`)}
              checked={criteria[c]}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setCriteria((old) => ({ ...old, [c]: checked }));
              }}
              size="md"
              py={6}
            />
          ))}
          {unmet ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={20} aria-hidden />}
              title={t('day.discharge.refused')}
              role="alert"
              data-testid="discharge-unmet"
            >
              <List size="sm" spacing={2}>
                {unmet.map((c) => (
                  <List.Item key={c} data-criterion={c}>
                    {t(`dischargeCriterion.${c}`, { defaultValue: c })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <RefusalAlert error={discharge.error} title={t('day.discharge.refused')} />
          )}
          <Group mt="sm">
            <Button
              size="lg"
              onClick={() => discharge.mutate()}
              loading={discharge.isPending}
              data-testid="discharge-submit"
            >
              {t('day.discharge.submit')}
            </Button>
          </Group>
        </Stack>
      </Section>
    </>
  );
}

function History({ day, lang, timeZone }: { day: SessionDay; lang: Language; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Section title={t('day.history.title')} testId="day-history">
      {day.transitions.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('day.history.none')}
        </Text>
      ) : (
        <Timeline
          active={day.transitions.length - 1}
          bulletSize={18}
          lineWidth={2}
          data-testid="day-timeline"
        >
          {day.transitions.map((x) => (
            <Timeline.Item
              key={x.seq}
              title={t(`sessionEvent.${x.event}`, { defaultValue: x.event })}
              data-testid="day-transition"
              data-event={x.event}
            >
              <Text size="sm" c="dimmed">
                {t('day.history.by', {
                  name: x.actorName,
                  role: t(`roles.${x.actorRole}`),
                  time: formatDateTime(x.at, lang, timeZone),
                })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('day.history.fromTo', {
                  from: t(`sessionState.${x.from}`),
                  to: t(`sessionState.${x.to}`),
                })}
              </Text>
              {x.reason ? (
                <Text size="sm" mt={4}>
                  {t('day.history.reason', { reason: x.reason })}
                </Text>
              ) : null}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {day.durations.length > 0 ? (
        <>
          <Title order={3} fz="md" fw={600} mt="xl" mb="sm">
            {t('day.history.durations')}
          </Title>
          <Table.ScrollContainer minWidth={420}>
            <Table data-testid="day-durations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('day.history.step')}</Table.Th>
                  <Table.Th>{t('day.history.actual')}</Table.Th>
                  <Table.Th>{t('day.history.expected')}</Table.Th>
                  <Table.Th>{t('day.history.deviation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {day.durations.map((d) => (
                  <Table.Tr key={d.kind} data-testid="duration-row" data-deviation={d.deviation ?? 'none'}>
                    <Table.Td>{t(`stepKind.${d.kind}`, { defaultValue: d.kind })}</Table.Td>
                    <Table.Td>
                      {t('day.minutes', { count: d.minutes, value: formatNumber(d.minutes, lang) })}
                    </Table.Td>
                    <Table.Td>
                      {t('day.range', {
                        min: formatNumber(d.minMinutes, lang),
                        max: formatNumber(d.maxMinutes, lang),
                      })}
                    </Table.Td>
                    <Table.Td>
                      {d.deviation ? (
                        <Badge
                          color="orange"
                          variant="light"
                          leftSection={<IconAlertTriangle size={14} aria-hidden />}
                        >
                          {t(`day.history.${d.deviation}`)}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('day.history.within')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
    </Section>
  );
}
