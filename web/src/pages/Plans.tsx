import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  IconCalendarPlus,
  IconChecklist,
  IconDownload,
  IconPlus,
  IconSignature,
  IconStethoscope,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type Anesthesia,
  ApiError,
  api,
  calendarUrl,
  type ImagingGuidance,
  LATERALITIES,
  type Laterality,
  type NewPlan,
  type Plan,
  type ProtocolContent,
  tr,
} from '../api';
import { ConsentBadge, consentState, Detail } from '../components/care';
import { ErrorAlert, InlineLoader, useCurrentUser, useErrorText, useLang } from '../components/common';
import { formatDateTime, formatLongDateTime, todayIso } from '../format';
import type { Language } from '../i18n';

const BOOKERS = ['physician', 'coordinator', 'admin'];

export function PlansSection({ patientId, screeningHref }: { patientId: string; screeningHref: string }) {
  const me = useCurrentUser();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['plans', patientId], queryFn: () => api.plans(patientId) });
  const canBook = BOOKERS.includes(me.role);
  return (
    <Stack gap="lg">
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data?.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="plans-empty">
          {t('plan.none')}
        </Text>
      ) : null}
      {query.data?.map((plan) => (
        <PlanCard key={plan.id} plan={plan} canBook={canBook} />
      ))}
      {canBook ? <PlanForm patientId={patientId} screeningHref={screeningHref} /> : null}
    </Stack>
  );
}

type PlanValues = {
  protocolVersionId: string;
  conditionCode: string;
  targetSite: string;
  laterality: Laterality | '';
  harvestSite: string;
  harvestLaterality: 'left' | 'right' | '';
  anesthesia: Anesthesia | '';
  imagingGuidance: ImagingGuidance | '';
  sessions: { date: string; time: string }[];
};

function PlanForm({ patientId, screeningHref }: { patientId: string; screeningHref: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const today = todayIso(me.clinic.timeZone);
  const protocols = useQuery({ queryKey: ['protocols'], queryFn: api.protocols });
  // The validators need the chosen protocol's content, which is loaded after the form exists.
  const contentRef = useRef<ProtocolContent | undefined>(undefined);
  const form = useForm<PlanValues>({
    initialValues: {
      protocolVersionId: '',
      conditionCode: '',
      targetSite: '',
      laterality: '',
      harvestSite: '',
      harvestLaterality: '',
      anesthesia: '',
      imagingGuidance: '',
      sessions: [{ date: '', time: '' }],
    },
    validate: {
      protocolVersionId: (v) => (v ? null : t('validation.chooseOne')),
      conditionCode: (v) => (v ? null : t('validation.chooseOne')),
      targetSite: (v) => (v ? null : t('validation.chooseOne')),
      laterality: (v, values) =>
        !v && siteOf(content, values.targetSite)?.lateralityRequired ? t('validation.chooseOne') : null,
      harvestSite: (v) =>
        !v && content && content.cellSource !== 'allogeneic' ? t('validation.chooseOne') : null,
      harvestLaterality: (v, values) =>
        !v && harvestOf(contentRef.current, values.harvestSite)?.lateralityRequired
          ? t('validation.chooseOne')
          : null,
      anesthesia: (v) => (v ? null : t('validation.chooseOne')),
      imagingGuidance: (v) => (v ? null : t('validation.chooseOne')),
      sessions: {
        date: (v) => (!v ? t('validation.required') : v < today ? t('errors.in_past') : null),
        time: (v) => (v ? null : t('validation.required')),
      },
    },
  });
  const versionId = form.values.protocolVersionId;
  const version = useQuery({
    queryKey: ['protocolVersion', versionId],
    queryFn: () => api.protocolVersion(versionId),
    enabled: versionId !== '',
  });
  const content: ProtocolContent | undefined = version.data?.content;
  contentRef.current = content;

  // A new protocol brings its own options; keep only answers it still offers, and preselect single options.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per loaded protocol
  useEffect(() => {
    if (!content) return;
    const only = <T,>(list: readonly T[]): T | '' => (list.length === 1 ? (list[0] as T) : '');
    form.setValues({
      conditionCode: only(content.conditions.map((c) => c.code)),
      targetSite: only(content.targetSites.map((s) => s.code)),
      laterality: '',
      harvestSite: only(content.harvestSites.map((s) => s.code)),
      harvestLaterality: '',
      anesthesia: only(content.anesthesiaOptions),
      imagingGuidance: only(content.imagingGuidance),
    });
  }, [content]);

  const create = useMutation({
    mutationFn: (v: PlanValues) => {
      const site = siteOf(content, v.targetSite);
      const harvest = harvestOf(content, v.harvestSite);
      const plan: NewPlan = {
        protocolVersionId: v.protocolVersionId,
        conditionCode: v.conditionCode,
        targetSite: v.targetSite,
        ...(site?.lateralityRequired && v.laterality ? { laterality: v.laterality } : {}),
        ...(harvest ? { harvestSite: harvest.code } : {}),
        ...(harvest?.lateralityRequired && v.harvestLaterality
          ? { harvestLaterality: v.harvestLaterality }
          : {}),
        anesthesia: v.anesthesia as Anesthesia,
        imagingGuidance: v.imagingGuidance as ImagingGuidance,
        sessions: v.sessions,
      };
      return api.createPlan(patientId, plan);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
      form.reset();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field && error.field in flatFields(form.values))
        form.setFieldError(error.field, errorText(error));
    },
  });
  const fieldError =
    create.error instanceof ApiError && create.error.field && create.error.field in flatFields(form.values);
  const notSuitable = create.error instanceof ApiError && create.error.code === 'not_suitable';

  const active = (protocols.data ?? []).filter((p) => p.status === 'active');
  const site = siteOf(content, form.values.targetSite);
  const harvest = harvestOf(content, form.values.harvestSite);
  const choose = { value: '', label: t('common.choose'), disabled: true };

  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate data-testid="plan-form">
      <Card>
        <Title order={2} fz="lg" fw={600}>
          {t('plan.newTitle')}
        </Title>
        <Text size="sm" c="dimmed" mt={4} mb="lg">
          {t('plan.newHint')}
        </Text>
        <Stack gap="lg">
          {notSuitable ? (
            <Alert
              color="orange"
              variant="light"
              role="alert"
              title={t('plan.notSuitableTitle')}
              data-testid="plan-refusal"
            >
              <Text size="sm">{errorText(create.error)}</Text>
              <Anchor component={Link} to={screeningHref} size="sm" fw={600} mt="xs" display="inline-block">
                {t('plan.openScreening')}
              </Anchor>
            </Alert>
          ) : null}
          {create.error && !notSuitable && !fieldError ? (
            <div data-testid="plan-refusal">
              <ErrorAlert error={create.error} title={t('plan.refused')} />
            </div>
          ) : null}
          {protocols.isError ? <ErrorAlert error={protocols.error} /> : null}
          <NativeSelect
            label={t('plan.protocol')}
            required
            description={t('plan.trialOnlyHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            data={[
              choose,
              ...active.map((p) => ({
                value: p.versionId,
                label:
                  p.availability === 'trial_only'
                    ? `${tr(p.title, lang)} — ${t('availability.trial_only')}`
                    : tr(p.title, lang),
                disabled: p.availability === 'trial_only',
              })),
            ]}
            {...form.getInputProps('protocolVersionId')}
          />
          {version.isFetching && !content ? <InlineLoader /> : null}
          {version.isError ? <ErrorAlert error={version.error} /> : null}
          {content ? (
            <>
              <Text size="sm" c="dimmed">
                {tr(content.summary, lang)}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <NativeSelect
                  label={t('plan.condition')}
                  required
                  data={[
                    choose,
                    ...content.conditions.map((c) => ({ value: c.code, label: tr(c.name, lang) })),
                  ]}
                  {...form.getInputProps('conditionCode')}
                />
                <NativeSelect
                  label={t('plan.targetSite')}
                  required
                  data={[
                    choose,
                    ...content.targetSites.map((s) => ({ value: s.code, label: tr(s.name, lang) })),
                  ]}
                  {...form.getInputProps('targetSite')}
                />
                {site?.lateralityRequired ? (
                  <NativeSelect
                    label={t('plan.laterality')}
                    required
                    data={[choose, ...LATERALITIES.map((l) => ({ value: l, label: t(`laterality.${l}`) }))]}
                    {...form.getInputProps('laterality')}
                  />
                ) : null}
                {content.cellSource !== 'allogeneic' ? (
                  <NativeSelect
                    label={t('plan.harvestSite')}
                    required
                    data={[
                      choose,
                      ...content.harvestSites.map((s) => ({ value: s.code, label: tr(s.name, lang) })),
                    ]}
                    {...form.getInputProps('harvestSite')}
                  />
                ) : null}
                {harvest?.lateralityRequired ? (
                  <NativeSelect
                    label={t('plan.harvestLaterality')}
                    required
                    data={[
                      choose,
                      ...(['left', 'right'] as const).map((l) => ({ value: l, label: t(`laterality.${l}`) })),
                    ]}
                    {...form.getInputProps('harvestLaterality')}
                  />
                ) : null}
                <NativeSelect
                  label={t('plan.anesthesia')}
                  required
                  data={[
                    choose,
                    ...content.anesthesiaOptions.map((a) => ({ value: a, label: t(`anesthesia.${a}`) })),
                  ]}
                  {...form.getInputProps('anesthesia')}
                />
                <NativeSelect
                  label={t('plan.imagingGuidance')}
                  required
                  data={[
                    choose,
                    ...content.imagingGuidance.map((a) => ({ value: a, label: t(`imaging.${a}`) })),
                  ]}
                  {...form.getInputProps('imagingGuidance')}
                />
              </SimpleGrid>

              <fieldset className="cp-fieldset">
                <legend>{t('plan.sessions')}</legend>
                <Text size="sm" c="dimmed" mb="sm" data-testid="plan-timezone">
                  {t('plan.sessionsHint', { timeZone: me.clinic.timeZone })}
                </Text>
                <Stack gap="sm">
                  {form.values.sessions.map((_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows are identified by their position
                    <Group key={index} align="flex-start" gap="sm" wrap="wrap" data-testid="session-row">
                      <TextInput
                        type="date"
                        label={t('plan.sessionDate', { number: index + 1 })}
                        min={today}
                        required
                        style={{ flex: '0 1 12rem' }}
                        {...form.getInputProps(`sessions.${index}.date`)}
                      />
                      <TextInput
                        type="time"
                        label={t('plan.sessionTime', { number: index + 1 })}
                        required
                        style={{ flex: '0 1 9rem' }}
                        {...form.getInputProps(`sessions.${index}.time`)}
                      />
                      {form.values.sessions.length > 1 ? (
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="lg"
                          mt={26}
                          onClick={() => form.removeListItem('sessions', index)}
                          aria-label={t('plan.removeSession', { number: index + 1 })}
                        >
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      ) : null}
                    </Group>
                  ))}
                  <Group>
                    <Button
                      variant="light"
                      size="sm"
                      leftSection={<IconPlus size={16} aria-hidden />}
                      onClick={() => form.insertListItem('sessions', { date: '', time: '' })}
                    >
                      {t('plan.addSessionRow')}
                    </Button>
                  </Group>
                </Stack>
              </fieldset>
            </>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} disabled={!content}>
              {t('plan.submit')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </form>
  );
}

function siteOf(content: ProtocolContent | undefined, code: string) {
  return content?.targetSites.find((s) => s.code === code);
}
function harvestOf(content: ProtocolContent | undefined, code: string) {
  return content?.harvestSites.find((s) => s.code === code);
}

/** The form's field paths, so a server error naming one of them lands on that field. */
function flatFields(values: PlanValues): Record<string, true> {
  const out: Record<string, true> = {};
  for (const key of Object.keys(values)) if (key !== 'sessions') out[key] = true;
  values.sessions.forEach((_, i) => {
    out[`sessions.${i}.date`] = true;
    out[`sessions.${i}.time`] = true;
  });
  return out;
}

function PlanCard({ plan, canBook }: { plan: Plan; canBook: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const tz = me.clinic.timeZone;
  const version = useQuery({
    queryKey: ['protocolVersion', plan.protocol.versionId],
    queryFn: () => api.protocolVersion(plan.protocol.versionId),
  });
  const content = version.data?.content;
  const condition = plan.protocol.conditions.find((c) => c.code === plan.conditionCode);
  const site = siteOf(content, plan.targetSite);
  const harvest = harvestOf(content, plan.harvestSite ?? '');

  return (
    <Card data-testid="plan-card" data-plan-id={plan.id}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="md">
        <div>
          <Title order={2} fz="lg" fw={600}>
            {tr(plan.protocol.title, lang)}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('plan.createdAt', { date: formatDateTime(plan.createdAt, lang, tz) })} ·{' '}
            {t('protocol.versionN', { version: plan.protocol.version })}
          </Text>
        </div>
        <ConsentBadge status={plan.consent} currentVersion={content?.consent.version} />
      </Group>
      <dl className="cp-details">
        <Detail label={t('plan.condition')}>
          {condition ? tr(condition.name, lang) : plan.conditionCode}
        </Detail>
        <Detail label={t('plan.targetSite')}>
          {site ? tr(site.name, lang) : plan.targetSite}
          {plan.laterality ? ` · ${t(`laterality.${plan.laterality}`)}` : ''}
        </Detail>
        {plan.harvestSite ? (
          <Detail label={t('plan.harvestSite')}>
            {harvest ? tr(harvest.name, lang) : plan.harvestSite}
            {plan.harvestLaterality ? ` · ${t(`laterality.${plan.harvestLaterality}`)}` : ''}
          </Detail>
        ) : null}
        <Detail label={t('plan.anesthesia')}>{t(`anesthesia.${plan.anesthesia}`)}</Detail>
        <Detail label={t('plan.imagingGuidance')}>{t(`imaging.${plan.imagingGuidance}`)}</Detail>
      </dl>

      <Title order={3} fz="md" fw={600} mt="xl" mb="xs">
        {t('plan.sessions')}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table className="cp-table" verticalSpacing="sm" data-testid="session-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plan.sessionNumber')}</Table.Th>
              <Table.Th>{t('plan.sessionWhen', { timeZone: tz })}</Table.Th>
              <Table.Th>{t('plan.sessionLinks')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.sessions.map((s) => (
              <Table.Tr key={s.id} data-testid="session" data-session-id={s.id}>
                <Table.Td className="cp-num">{new Intl.NumberFormat(lang).format(s.sequence)}</Table.Td>
                <Table.Td data-testid="session-when">{formatLongDateTime(s.startsAt, lang, tz)}</Table.Td>
                <Table.Td>
                  <Group gap="md" wrap="wrap">
                    <Anchor
                      component={Link}
                      to={`/sessions/${s.id}/preparation?patient=${encodeURIComponent(plan.patientId)}`}
                      size="sm"
                      data-testid="preparation-link"
                    >
                      <Group gap={6} component="span" display="inline-flex" wrap="nowrap">
                        <IconChecklist size={16} aria-hidden />
                        {t('plan.preparationLink', { number: s.sequence })}
                      </Group>
                    </Anchor>
                    <Anchor
                      component={Link}
                      to={`/sessions/${s.id}/day?patient=${encodeURIComponent(plan.patientId)}`}
                      size="sm"
                      data-testid="session-day-link"
                    >
                      <Group gap={6} component="span" display="inline-flex" wrap="nowrap">
                        <IconStethoscope size={16} aria-hidden />
                        {t('plan.sessionDayLink', { number: s.sequence })}
                      </Group>
                    </Anchor>
                    <Anchor href={calendarUrl(s.id)} download size="sm">
                      <Group gap={6} component="span" display="inline-flex" wrap="nowrap">
                        <IconDownload size={16} aria-hidden />
                        {t('plan.calendar', { number: s.sequence })}
                      </Group>
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {canBook ? <AddSession planId={plan.id} patientId={plan.patientId} /> : null}

      <Divider my="lg" />
      <ConsentStaff plan={plan} lang={lang} currentVersion={content?.consent.version} />
    </Card>
  );
}

function AddSession({ planId, patientId }: { planId: string; patientId: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const today = todayIso(me.clinic.timeZone);
  const form = useForm({
    initialValues: { date: '', time: '' },
    validate: {
      date: (v) => (!v ? t('validation.required') : v < today ? t('errors.in_past') : null),
      time: (v) => (v ? null : t('validation.required')),
    },
  });
  const add = useMutation({
    mutationFn: (v: { date: string; time: string }) => api.addSession(planId, v),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
      form.reset();
      setOpen(false);
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.field === 'date' || error.field === 'time'))
        form.setFieldError(error.field, errorText(error));
    },
  });
  if (!open)
    return (
      <Group mt="sm">
        <Button
          variant="subtle"
          size="sm"
          leftSection={<IconCalendarPlus size={16} aria-hidden />}
          onClick={() => setOpen(true)}
        >
          {t('plan.addSession')}
        </Button>
      </Group>
    );
  return (
    <form onSubmit={form.onSubmit((v) => add.mutate(v))} noValidate>
      <Stack gap="sm" mt="md">
        {add.error && !(add.error instanceof ApiError && add.error.field) ? (
          <ErrorAlert error={add.error} />
        ) : null}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            label={t('plan.newSessionDate')}
            min={today}
            required
            {...form.getInputProps('date')}
          />
          <TextInput type="time" label={t('plan.newSessionTime')} required {...form.getInputProps('time')} />
          <Button type="submit" loading={add.isPending}>
            {t('plan.addSessionSubmit')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('plan.sessionsHint', { timeZone: me.clinic.timeZone })}
        </Text>
      </Stack>
    </form>
  );
}

function ConsentStaff({
  plan,
  lang,
  currentVersion,
}: {
  plan: Plan;
  lang: Language;
  currentVersion?: number;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const signature = plan.consent.signature;
  const state = consentState(plan.consent, currentVersion);
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : t('validation.required')) },
  });
  const witness = useMutation({
    mutationFn: (password: string) => api.witnessConsent(plan.id, password),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['plans', plan.patientId] });
      form.reset();
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      if (error instanceof ApiError && error.code === 'invalid_signature')
        form.setFieldError('password', errorText(error));
    },
  });
  return (
    <section aria-labelledby={`consent-${plan.id}`} data-testid="consent-staff">
      <Group gap="sm" mb="sm">
        <Title order={3} fz="md" fw={600} id={`consent-${plan.id}`}>
          {t('consent.staffTitle')}
        </Title>
        <ConsentBadge status={plan.consent} currentVersion={currentVersion} />
      </Group>
      {!signature ? (
        <Text size="sm" c="dimmed">
          {t('consent.awaitingPatient')}
        </Text>
      ) : (
        <dl className="cp-details">
          <Detail label={t('consent.typedName')}>
            <bdi>{signature.typedName}</bdi>
          </Detail>
          <Detail label={t('consent.signedAt')}>
            {formatDateTime(signature.signedAt, lang, me.clinic.timeZone)}
          </Detail>
          <Detail label={t('consent.version')}>
            {t('consent.versionN', { version: signature.consentVersion })} ·{' '}
            {t(`language.names.${signature.language}`)}
          </Detail>
          <Detail label={t('consent.witness')}>
            {signature.witness
              ? t('consent.witnessedBy', {
                  name: signature.witness.name,
                  date: formatDateTime(signature.witness.witnessedAt, lang, me.clinic.timeZone),
                })
              : t('consent.notWitnessed')}
          </Detail>
        </dl>
      )}
      {state === 'signed' ? (
        <form
          onSubmit={form.onSubmit((v) => witness.mutate(v.password))}
          noValidate
          data-testid="witness-form"
        >
          <Stack gap="sm" mt="md">
            {witness.error &&
            !(witness.error instanceof ApiError && witness.error.code === 'invalid_signature') ? (
              <ErrorAlert error={witness.error} />
            ) : null}
            <Group align="flex-start" gap="sm" wrap="wrap">
              <PasswordInput
                label={t('consent.witnessPassword')}
                description={t('consent.witnessMeaning')}
                inputWrapperOrder={['label', 'description', 'input', 'error']}
                autoComplete="current-password"
                required
                style={{ flex: '1 1 18rem', maxWidth: '26rem' }}
                {...form.getInputProps('password')}
              />
            </Group>
            <Group>
              <Button
                type="submit"
                variant="light"
                leftSection={<IconSignature size={16} aria-hidden />}
                loading={witness.isPending}
              >
                {t('consent.witnessSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {state === 'outdated' ? (
        <Badge color="red" variant="light" mt="sm" tt="none">
          {t('consent.outdatedHint')}
        </Badge>
      ) : null}
    </section>
  );
}
