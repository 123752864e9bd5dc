import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Divider,
  Group,
  NativeSelect,
  PasswordInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconSignature, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALCOHOL,
  ApiError,
  api,
  CANCER,
  DIABETES,
  type Intake,
  MEDICATION_CLASSES,
  type MedicationClass,
  type Screening,
  SMOKING,
  tr,
} from '../api';
import { Detail, SeverityBadge } from '../components/care';
import { ErrorAlert, InlineLoader, useCurrentUser, useErrorText, useLang } from '../components/common';
import { formatDateTime, todayIso } from '../format';

const FLAGS = [
  'allergyLocalAnesthetic',
  'pregnant',
  'breastfeeding',
  'activeInfection',
  'recentFever',
  'bleedingDisorder',
  'haemodynamicInstability',
  'rheumaticDisease',
] as const satisfies readonly (keyof Intake)[];

type MedicationRow = { name: string; class: MedicationClass | ''; dose: string };
type IntakeValues = Omit<
  Intake,
  'medications' | 'lastSteroidInjectionDate' | 'lastSystemicSteroidDate' | 'haemoglobinGdl' | 'plateletsPerUl'
> & {
  medications: MedicationRow[];
  lastSteroidInjectionDate: string;
  lastSystemicSteroidDate: string;
  haemoglobinGdl: string;
  plateletsPerUl: string;
};

const BLANK: IntakeValues = {
  otherConditions: '',
  medications: [],
  allergyLocalAnesthetic: false,
  otherAllergies: '',
  smoking: 'never',
  alcohol: 'none',
  pregnant: false,
  breastfeeding: false,
  activeInfection: false,
  recentFever: false,
  cancer: 'none',
  bleedingDisorder: false,
  haemodynamicInstability: false,
  diabetes: 'none',
  rheumaticDisease: false,
  lastSteroidInjectionDate: '',
  lastSystemicSteroidDate: '',
  priorInjections: '',
  haemoglobinGdl: '',
  plateletsPerUl: '',
};

function toValues(intake: Intake | null): IntakeValues {
  if (!intake) return BLANK;
  return {
    ...BLANK,
    ...Object.fromEntries(Object.keys(BLANK).map((k) => [k, intake[k as keyof Intake]])),
    medications: intake.medications.map((m) => ({ ...m })),
    lastSteroidInjectionDate: intake.lastSteroidInjectionDate ?? '',
    lastSystemicSteroidDate: intake.lastSystemicSteroidDate ?? '',
    haemoglobinGdl: intake.haemoglobinGdl === null ? '' : String(intake.haemoglobinGdl),
    plateletsPerUl: intake.plateletsPerUl === null ? '' : String(intake.plateletsPerUl),
  } as IntakeValues;
}

function toIntake(v: IntakeValues): Intake {
  const number = (s: string) => (s.trim() === '' ? null : Number(s.replace(/[,\s]/g, '')));
  return {
    ...v,
    medications: v.medications.map((m) => ({
      name: m.name.trim(),
      class: (m.class || 'other') as MedicationClass,
      dose: m.dose.trim(),
    })),
    lastSteroidInjectionDate: v.lastSteroidInjectionDate || null,
    lastSystemicSteroidDate: v.lastSystemicSteroidDate || null,
    haemoglobinGdl: number(v.haemoglobinGdl),
    plateletsPerUl: number(v.plateletsPerUl),
  };
}

const SCREENING_KEY = (patientId: string) => ['screening', patientId];

/** Intake and screening on the patient page: the findings, the physician's signed decision, and the form. */
export function ScreeningSection({ patientId }: { patientId: string }) {
  const query = useQuery({ queryKey: SCREENING_KEY(patientId), queryFn: () => api.screening(patientId) });
  const [editing, setEditing] = useState(false);
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canRecord = ['nurse', 'physician', 'coordinator', 'admin'].includes(me.role);

  if (query.isPending) return <InlineLoader />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const screening = query.data;
  const showForm = canRecord && (editing || !screening.intake);

  return (
    <Stack gap="lg">
      {screening.intake ? <FindingsCard screening={screening} /> : null}
      {screening.intake ? <DecisionCard patientId={patientId} screening={screening} /> : null}
      {showForm ? (
        <IntakeForm
          patientId={patientId}
          initial={screening.intake}
          onSaved={() => setEditing(false)}
          onCancel={screening.intake ? () => setEditing(false) : undefined}
        />
      ) : null}
      {!showForm && canRecord ? (
        <Group>
          <Button variant="default" onClick={() => setEditing(true)} data-testid="intake-correct">
            {t('intake.correct')}
          </Button>
        </Group>
      ) : null}
      {!screening.intake && !canRecord ? (
        <Text c="dimmed" size="sm">
          {t('intake.none')}
        </Text>
      ) : null}
    </Stack>
  );
}

function FindingsCard({ screening }: { screening: Screening }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const overall = screening.overall ?? 'ok';
  return (
    <Card data-testid="screening-findings">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="md">
        <div>
          <Title order={2} fz="lg" fw={600}>
            {t('screening.title')}
          </Title>
          {screening.intake ? (
            <Text size="sm" c="dimmed" mt={4}>
              {t('screening.recorded', {
                date: formatDateTime(screening.intake.recordedAt, lang, me.clinic.timeZone),
                name: screening.intake.recordedBy,
              })}
            </Text>
          ) : null}
        </div>
        <Group gap="xs" data-testid="screening-overall" data-overall={overall}>
          <Text size="sm" fw={600}>
            {t('screening.overall')}
          </Text>
          <SeverityBadge severity={overall} size="lg" />
        </Group>
      </Group>
      {screening.findings.length === 0 ? (
        <Alert color="green" variant="light">
          {t('screening.noFindings')}
        </Alert>
      ) : (
        <Stack gap="sm" component="ul" className="cp-plain-list">
          {screening.findings.map((f) => (
            <li key={f.code} data-testid="finding" data-code={f.code} data-severity={f.severity}>
              <div className={`cp-finding cp-finding-${f.severity}`}>
                <Group gap="sm" align="flex-start" wrap="nowrap">
                  <SeverityBadge severity={f.severity} />
                  <div>
                    <Text size="sm" fw={500}>
                      {tr(f.reason, lang)}
                    </Text>
                    {f.evidence.length > 0 ? (
                      <Text size="xs" c="dimmed" mt={4}>
                        {t('screening.evidence')}{' '}
                        {f.evidence.map((e, i) => (
                          <span key={e}>
                            {i > 0 ? (lang === 'ar' ? '، ' : ', ') : null}
                            <bdi className="cp-evidence">{e}</bdi>
                          </span>
                        ))}
                      </Text>
                    ) : null}
                  </div>
                </Group>
              </div>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function DecisionCard({ patientId, screening }: { patientId: string; screening: Screening }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const decision = screening.decision;
  return (
    <Card data-testid="screening-decision">
      <Title order={2} fz="lg" fw={600} mb="md">
        {t('decision.title')}
      </Title>
      {decision ? (
        <Stack gap="sm" mb={me.role === 'physician' ? 'lg' : 0}>
          <Group gap="xs">
            <Badge
              color={decision.decision === 'suitable' ? 'green' : 'red'}
              variant="light"
              radius="sm"
              size="lg"
              tt="none"
              data-testid="decision-value"
              data-decision={decision.decision}
            >
              {t(`decision.${decision.decision}`)}
            </Badge>
            <Badge
              color={decision.current ? 'brand' : 'orange'}
              variant="light"
              radius="sm"
              size="lg"
              tt="none"
              data-testid="decision-current"
            >
              {decision.current ? t('decision.current') : t('decision.superseded')}
            </Badge>
          </Group>
          <dl className="cp-details">
            <Detail label={t('decision.signedBy')}>{decision.signedBy}</Detail>
            <Detail label={t('decision.signedAt')}>
              {formatDateTime(decision.signedAt, lang, me.clinic.timeZone)}
            </Detail>
            {decision.overrideReason ? (
              <Detail label={t('decision.overrideReason')}>{decision.overrideReason}</Detail>
            ) : null}
          </dl>
          {!decision.current ? (
            <Text size="sm" c="dimmed">
              {t('decision.supersededHint')}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mb={me.role === 'physician' ? 'md' : 0}>
          {me.role === 'physician' ? t('decision.noneYet') : t('decision.awaitingPhysician')}
        </Text>
      )}
      {me.role === 'physician' && !decision?.current ? (
        <DecisionForm patientId={patientId} overall={screening.overall} />
      ) : null}
      {me.role === 'physician' && decision?.current ? (
        <ResignToggle patientId={patientId} screening={screening} />
      ) : null}
    </Card>
  );
}

function ResignToggle({ patientId, screening }: { patientId: string; screening: Screening }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Group mt="md">
        <Button variant="default" size="sm" onClick={() => setOpen(true)}>
          {t('decision.resign')}
        </Button>
      </Group>
    );
  return (
    <>
      <Divider my="lg" />
      <DecisionForm patientId={patientId} overall={screening.overall} />
    </>
  );
}

function DecisionForm({ patientId, overall }: { patientId: string; overall: Screening['overall'] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { decision: '' as '' | 'suitable' | 'unsuitable', overrideReason: '', password: '' },
    validate: {
      decision: (v) => (v ? null : t('validation.chooseOne')),
      overrideReason: (v, values) =>
        values.decision === 'suitable' && overall === 'exclude' && !v.trim()
          ? t('decision.overrideRequired')
          : null,
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  const needsOverride = form.values.decision === 'suitable' && overall === 'exclude';
  const sign = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.signDecision(patientId, {
        decision: v.decision as 'suitable' | 'unsuitable',
        ...(needsOverride || v.overrideReason.trim() ? { overrideReason: v.overrideReason.trim() } : {}),
        password: v.password,
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(SCREENING_KEY(patientId), data);
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
      form.reset();
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      if (error instanceof ApiError && error.code === 'invalid_signature')
        form.setFieldError('password', errorText(error));
      else if (error instanceof ApiError && error.field === 'overrideReason')
        form.setFieldError('overrideReason', t('decision.overrideRequired'));
    },
  });
  const fieldError =
    sign.error instanceof ApiError &&
    (sign.error.code === 'invalid_signature' || sign.error.field === 'overrideReason');

  return (
    <form onSubmit={form.onSubmit((v) => sign.mutate(v))} noValidate data-testid="decision-form">
      <Stack gap="md">
        <Title order={3} fz="md" fw={600}>
          {t('decision.signTitle')}
        </Title>
        {sign.error && !fieldError ? <ErrorAlert error={sign.error} /> : null}
        <Radio.Group label={t('decision.label')} required {...form.getInputProps('decision')}>
          <Group mt="xs" gap="xl">
            <Radio value="suitable" label={t('decision.suitable')} />
            <Radio value="unsuitable" label={t('decision.unsuitable')} />
          </Group>
        </Radio.Group>
        {needsOverride ? (
          <Textarea
            label={t('decision.overrideReason')}
            description={t('decision.overrideHint')}
            inputWrapperOrder={['label', 'description', 'input', 'error']}
            required
            autosize
            minRows={3}
            {...form.getInputProps('overrideReason')}
          />
        ) : null}
        <PasswordInput
          label={t('decision.password')}
          description={t('decision.passwordMeaning')}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          required
          autoComplete="current-password"
          maw={360}
          {...form.getInputProps('password')}
        />
        <Group>
          <Button
            type="submit"
            leftSection={<IconSignature size={16} aria-hidden />}
            loading={sign.isPending}
          >
            {t('decision.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function IntakeForm({
  patientId,
  initial,
  onSaved,
  onCancel,
}: {
  patientId: string;
  initial: Intake | null;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const today = todayIso(me.clinic.timeZone);
  const form = useForm<IntakeValues>({
    initialValues: toValues(initial),
    validate: {
      medications: {
        name: (v) => (v.trim() ? null : t('validation.required')),
        class: (v) => (v ? null : t('validation.chooseOne')),
      },
      lastSteroidInjectionDate: (v) => (v && v > today ? t('intake.notFuture') : null),
      lastSystemicSteroidDate: (v) => (v && v > today ? t('intake.notFuture') : null),
      haemoglobinGdl: (v) => {
        if (!v.trim()) return null;
        const n = Number(v);
        return Number.isFinite(n) && n >= 1 && n <= 25 ? null : t('intake.haemoglobinRange');
      },
      plateletsPerUl: (v) => {
        if (!v.trim()) return null;
        const n = Number(v.replace(/[,\s]/g, ''));
        return Number.isInteger(n) && n >= 1000 && n <= 2_000_000 ? null : t('intake.plateletsRange');
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: IntakeValues) => api.recordIntake(patientId, toIntake(v)),
    onSuccess: (data) => {
      queryClient.setQueryData(SCREENING_KEY(patientId), data);
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field) form.setFieldError(error.field, errorText(error));
    },
  });
  const fieldError = save.error instanceof ApiError && save.error.field;

  const yesNo = FLAGS.map((flag) => (
    <Checkbox key={flag} label={t(`intake.${flag}`)} {...form.getInputProps(flag, { type: 'checkbox' })} />
  ));

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate data-testid="intake-form">
      <Card>
        <Title order={2} fz="lg" fw={600}>
          {initial ? t('intake.correctTitle') : t('intake.title')}
        </Title>
        <Text size="sm" c="dimmed" mt={4} mb="lg">
          {initial ? t('intake.correctHint') : t('intake.hint')}
        </Text>
        <Stack gap="xl">
          {save.error && !fieldError ? <ErrorAlert error={save.error} /> : null}
          {save.error && fieldError ? (
            <ErrorAlert error={save.error} title={t('patientForm.fixErrors')} />
          ) : null}

          <fieldset className="cp-fieldset">
            <legend>{t('intake.medications')}</legend>
            <Text size="sm" c="dimmed" mb="sm">
              {t('intake.medicationsHint')}
            </Text>
            <Stack gap="sm">
              {form.values.medications.map((_, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
                <Group key={index} align="flex-start" gap="sm" wrap="wrap" data-testid="medication-row">
                  <TextInput
                    label={t('intake.medicationName')}
                    style={{ flex: '2 1 12rem' }}
                    required
                    {...form.getInputProps(`medications.${index}.name`)}
                  />
                  <NativeSelect
                    label={t('intake.medicationClass')}
                    style={{ flex: '2 1 12rem' }}
                    required
                    data={[
                      { value: '', label: t('common.choose'), disabled: true },
                      ...MEDICATION_CLASSES.map((c) => ({ value: c, label: t(`medicationClass.${c}`) })),
                    ]}
                    {...form.getInputProps(`medications.${index}.class`)}
                  />
                  <TextInput
                    label={t('intake.medicationDose')}
                    style={{ flex: '1 1 8rem' }}
                    {...form.getInputProps(`medications.${index}.dose`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    mt={26}
                    onClick={() => form.removeListItem('medications', index)}
                    aria-label={t('intake.removeMedication', { number: index + 1 })}
                  >
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              {form.values.medications.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('intake.noMedications')}
                </Text>
              ) : null}
              <Group>
                <Button
                  variant="light"
                  size="sm"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() => form.insertListItem('medications', { name: '', class: '', dose: '' })}
                >
                  {t('intake.addMedication')}
                </Button>
              </Group>
            </Stack>
          </fieldset>

          <fieldset className="cp-fieldset">
            <legend>{t('intake.conditions')}</legend>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="md">
              {yesNo}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <NativeSelect
                label={t('intake.cancer')}
                data={CANCER.map((c) => ({ value: c, label: t(`cancer.${c}`) }))}
                {...form.getInputProps('cancer')}
              />
              <NativeSelect
                label={t('intake.diabetes')}
                data={DIABETES.map((c) => ({ value: c, label: t(`diabetes.${c}`) }))}
                {...form.getInputProps('diabetes')}
              />
              <NativeSelect
                label={t('intake.smoking')}
                data={SMOKING.map((c) => ({ value: c, label: t(`smoking.${c}`) }))}
                {...form.getInputProps('smoking')}
              />
              <NativeSelect
                label={t('intake.alcohol')}
                data={ALCOHOL.map((c) => ({ value: c, label: t(`alcohol.${c}`) }))}
                {...form.getInputProps('alcohol')}
              />
              <Textarea
                label={t('intake.otherAllergies')}
                autosize
                minRows={2}
                {...form.getInputProps('otherAllergies')}
              />
              <Textarea
                label={t('intake.otherConditions')}
                autosize
                minRows={2}
                {...form.getInputProps('otherConditions')}
              />
            </SimpleGrid>
          </fieldset>

          <fieldset className="cp-fieldset">
            <legend>{t('intake.injectionsAndLabs')}</legend>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                type="date"
                label={t('intake.lastSteroidInjectionDate')}
                max={today}
                {...form.getInputProps('lastSteroidInjectionDate')}
              />
              <TextInput
                type="date"
                label={t('intake.lastSystemicSteroidDate')}
                max={today}
                {...form.getInputProps('lastSystemicSteroidDate')}
              />
              <TextInput
                label={t('intake.haemoglobinGdl')}
                inputMode="decimal"
                dir="ltr"
                description={t('intake.labHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                {...form.getInputProps('haemoglobinGdl')}
              />
              <TextInput
                label={t('intake.plateletsPerUl')}
                inputMode="numeric"
                dir="ltr"
                description={t('intake.labHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                {...form.getInputProps('plateletsPerUl')}
              />
            </SimpleGrid>
            <Textarea
              mt="md"
              label={t('intake.priorInjections')}
              autosize
              minRows={2}
              {...form.getInputProps('priorInjections')}
            />
          </fieldset>

          <Group justify="flex-end" gap="sm">
            {onCancel ? (
              <Button variant="default" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            ) : null}
            <Button type="submit" loading={save.isPending}>
              {t('intake.submit')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </form>
  );
}
