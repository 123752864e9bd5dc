import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconSignature } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router-dom';
import { ApiError, api, type ConsentView, tr } from '../api';
import { ConsentBadge, consentState, Detail } from '../components/care';
import { ErrorAlert, InlineLoader, useCurrentUser, useErrorText, useLang } from '../components/common';
import { PrepTaskList } from '../components/PrepTasks';
import { formatDateTime, formatLongDateTime } from '../format';
import { GUIDE_KEY, NoPlanYet, nextSession, PortalPage, usePortalGuide } from './PortalGuide';
import { ConsentText } from './Protocols';

/** `/portal/preparation`: the checklist of the next session (or the only one). */
export function PortalPreparationIndex() {
  const query = usePortalGuide();
  const { t } = useTranslation();
  if (query.isPending) return <InlineLoader />;
  if (query.isError)
    return (
      <PortalPage>
        <ErrorAlert error={query.error} />
      </PortalPage>
    );
  const next = nextSession(query.data);
  const any = next?.session ?? query.data.plans[0]?.sessions[0];
  if (any) return <Navigate to={`/portal/preparation/${any.id}`} replace />;
  return (
    <PortalPage>
      <Title order={1} fz={28} fw={600} mb="xl">
        {t('prep.patientTitle')}
      </Title>
      <NoPlanYet />
    </PortalPage>
  );
}

export function PortalPreparationPage() {
  const { sessionId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const queryKey = ['preparation', sessionId];
  const query = useQuery({ queryKey, queryFn: () => api.preparation(sessionId) });
  const prep = query.data;
  const done = prep?.tasks.filter((x) => x.status !== 'open').length ?? 0;

  return (
    <PortalPage>
      <Stack gap="lg">
        <div>
          <Title order={1} fz={28} fw={600}>
            {t('prep.patientTitle')}
          </Title>
          {prep ? (
            <Text c="dimmed" mt={6} data-testid="prep-session-start">
              {t('prep.sessionStarts', { date: formatLongDateTime(prep.startsAt, lang, prep.timeZone) })}
            </Text>
          ) : null}
        </div>
        {query.isPending ? <InlineLoader /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {prep ? (
          <>
            <Alert variant="light" color="brand" data-testid="prep-progress">
              {t('prep.progress', { done, total: prep.tasks.length })} {t('prep.patientHint')}
            </Alert>
            <PrepTaskList preparation={prep} mode="patient" lang={lang} queryKey={queryKey} />
          </>
        ) : null}
      </Stack>
    </PortalPage>
  );
}

/** `/portal/consent`: every plan's consent; sign the ones still waiting. */
export function PortalConsentPage() {
  const { t } = useTranslation();
  const query = usePortalGuide();
  return (
    <PortalPage>
      <Stack gap="lg">
        <div>
          <Title order={1} fz={28} fw={600}>
            {t('consent.patientTitle')}
          </Title>
          <Text c="dimmed" mt={6}>
            {t('consent.patientIntro')}
          </Text>
        </div>
        {query.isPending ? <InlineLoader /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {query.data?.plans.length === 0 ? <NoPlanYet /> : null}
        {query.data?.plans.map((plan) => (
          <PlanConsent key={plan.id} planId={plan.id} />
        ))}
      </Stack>
    </PortalPage>
  );
}

function PlanConsent({ planId }: { planId: string }) {
  const query = useQuery({ queryKey: ['consent', planId], queryFn: () => api.consent(planId) });
  if (query.isPending) return <InlineLoader />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <ConsentDocument view={query.data} />;
}

function ConsentDocument({ view }: { view: ConsentView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const signature = view.status.signature;
  const state = consentState(view.status, view.consent.version);
  const signedCurrent = state === 'signed' || state === 'witnessed' ? signature : null;
  return (
    <Card data-testid="consent-document" component="article" aria-labelledby={`consent-${view.planId}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="lg">
        <div>
          <Title order={2} fz="xl" fw={600} id={`consent-${view.planId}`}>
            {tr(view.protocolTitle, lang)}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('consent.versionN', { version: view.consent.version })}
          </Text>
        </div>
        <ConsentBadge status={view.status} currentVersion={view.consent.version} />
      </Group>
      <ConsentText consent={view.consent} lang={lang} headingOrder={3} />
      <div className="cp-consent-sign">
        {signedCurrent ? (
          <Alert
            color="green"
            variant="light"
            icon={<IconCircleCheck size={20} aria-hidden />}
            title={t('consent.signedTitle')}
            data-testid="consent-signed"
          >
            <dl className="cp-details">
              <Detail label={t('consent.typedName')}>
                <bdi>{signedCurrent.typedName}</bdi>
              </Detail>
              <Detail label={t('consent.signedAt')}>
                {formatDateTime(signedCurrent.signedAt, lang, me.clinic.timeZone)}
              </Detail>
              <Detail label={t('consent.version')}>
                {t('consent.versionN', { version: signedCurrent.consentVersion })} ·{' '}
                {t(`language.names.${signedCurrent.language}`)}
              </Detail>
              <Detail label={t('consent.witness')}>
                {signedCurrent.witness
                  ? t('consent.witnessedBy', {
                      name: signedCurrent.witness.name,
                      date: formatDateTime(signedCurrent.witness.witnessedAt, lang, me.clinic.timeZone),
                    })
                  : t('consent.notWitnessed')}
              </Detail>
            </dl>
          </Alert>
        ) : (
          <SignForm view={view} />
        )}
      </div>
    </Card>
  );
}

function SignForm({ view }: { view: ConsentView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { typedName: '', password: '', agree: false },
    validate: {
      typedName: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
      agree: (v) => (v ? null : t('consent.mustAgree')),
    },
  });
  const sign = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.signConsent(view.planId, {
        typedName: v.typedName.trim(),
        password: v.password,
        // The text the patient read is the one shown, in the language of the page.
        language: lang,
        consentVersion: view.consent.version,
      }),
    onSuccess: (status) => {
      queryClient.setQueryData<ConsentView>(['consent', view.planId], { ...view, status });
      void queryClient.invalidateQueries({ queryKey: GUIDE_KEY });
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      if (error instanceof ApiError && error.code === 'invalid_signature')
        form.setFieldError('password', errorText(error));
      else if (error instanceof ApiError && error.field === 'typedName')
        form.setFieldError('typedName', t('consent.nameMismatch'));
    },
  });
  const fieldError =
    sign.error instanceof ApiError &&
    (sign.error.code === 'invalid_signature' || sign.error.field === 'typedName');
  return (
    <form onSubmit={form.onSubmit((v) => sign.mutate(v))} noValidate data-testid="consent-form">
      <Stack gap="md">
        <Title order={3} fz="lg" fw={600}>
          {t('consent.signTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('consent.signHint')}
        </Text>
        {sign.error && !fieldError ? <ErrorAlert error={sign.error} /> : null}
        <TextInput
          label={t('consent.typedNameLabel')}
          description={t('consent.typedNameHint')}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          required
          autoComplete="name"
          maw={440}
          {...form.getInputProps('typedName')}
        />
        <PasswordInput
          label={t('consent.password')}
          description={t('consent.passwordMeaning')}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          required
          autoComplete="current-password"
          maw={440}
          {...form.getInputProps('password')}
        />
        <Checkbox
          label={t('consent.agree')}
          data-testid="consent-agree"
          {...form.getInputProps('agree', { type: 'checkbox' })}
        />
        <Group>
          <Button
            type="submit"
            size="md"
            leftSection={<IconSignature size={18} aria-hidden />}
            loading={sign.isPending}
          >
            {t('consent.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
