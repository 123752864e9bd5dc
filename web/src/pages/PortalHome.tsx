import {
  Anchor,
  Button,
  Card,
  Container,
  Group,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconBook2,
  IconCalendarHeart,
  IconChecklist,
  IconClipboardHeart,
  IconDownload,
  IconMessageCircle,
  IconSignature,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, calendarUrl, type Guide, tr } from '../api';
import { ConsentBadge } from '../components/care';
import { ErrorAlert, InlineLoader, useCurrentUser, useLang } from '../components/common';
import { arabicName, formatHijriDate, formatLongDateTime, latinName } from '../format';
import { DateWithHijri } from './PatientView';
import { nextSession, usePortalGuide } from './PortalGuide';

export function PortalHomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const patientId = me.patientId;
  const query = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => api.patient(patientId ?? ''),
    enabled: patientId !== null,
  });
  const patient = query.data;
  const guide = usePortalGuide();
  const hasPlan = (guide.data?.plans.length ?? 0) > 0;
  const name = patient
    ? lang === 'ar'
      ? (patient.givenNameAr ?? arabicName(patient) ?? patient.givenName ?? latinName(patient))
      : (patient.givenName ?? latinName(patient) ?? patient.givenNameAr ?? arabicName(patient))
    : me.displayName;

  return (
    <Container size={880} py={{ base: 'lg', sm: 48 }} px={{ base: 'md', sm: 'xl' }}>
      <Stack gap="xl">
        {query.isPending && patientId ? (
          <InlineLoader />
        ) : (
          <div>
            <Title order={1} fz={30} fw={600} data-testid="portal-greeting">
              {t('portal.greeting', { name: name ?? me.displayName })}
            </Title>
            <Text c="dimmed" mt={8} size="lg">
              {t('portal.intro', { clinic: me.clinic.name })}
            </Text>
          </div>
        )}
        {query.isError ? <ErrorAlert error={query.error} /> : null}

        {patient ? (
          <Card>
            <Title order={2} fz="lg" fw={600} mb="lg">
              {t('portal.detailsTitle')}
            </Title>
            <dl className="cp-details">
              <div>
                <dt>{t('portal.fullName')}</dt>
                <dd>
                  <bdi>
                    {(lang === 'ar' ? arabicName(patient) : latinName(patient)) ??
                      latinName(patient) ??
                      arabicName(patient)}
                  </bdi>
                </dd>
              </div>
              <div>
                <dt>{t('patient.mrn')}</dt>
                <dd>
                  <span className="cp-ltr" data-testid="portal-mrn">
                    {patient.mrn}
                  </span>
                </dd>
              </div>
              <div>
                <dt>{t('patient.dateOfBirth')}</dt>
                <dd>
                  <DateWithHijri iso={patient.dateOfBirth} lang={lang} />
                </dd>
              </div>
              <div>
                <dt>{t('portal.clinic')}</dt>
                <dd>{me.clinic.name}</dd>
              </div>
            </dl>
          </Card>
        ) : null}

        {guide.data && hasPlan ? <TreatmentCard guide={guide.data} /> : null}

        {!hasPlan ? (
          <div>
            <Title order={2} fz="lg" fw={600} mb="md">
              {t('portal.nextTitle')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
              <NextStep
                icon={<IconClipboardHeart size={20} aria-hidden />}
                title={t('portal.next.plan.title')}
              >
                {t('portal.next.plan.body')}
              </NextStep>
              <NextStep
                icon={<IconCalendarHeart size={20} aria-hidden />}
                title={t('portal.next.visits.title')}
              >
                {t('portal.next.visits.body')}
              </NextStep>
              <NextStep
                icon={<IconMessageCircle size={20} aria-hidden />}
                title={t('portal.next.questions.title')}
              >
                {t('portal.next.questions.body')}
              </NextStep>
            </SimpleGrid>
          </div>
        ) : null}
      </Stack>
    </Container>
  );
}

function NextStep({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Card>
      <ThemeIcon variant="light" color="brand" size={40} radius="md" mb="md" aria-hidden>
        {icon}
      </ThemeIcon>
      <Title order={3} fz="md" fw={600} mb={6}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" lh={1.6}>
        {children}
      </Text>
    </Card>
  );
}

function TreatmentCard({ guide }: { guide: Guide }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const next = nextSession(guide);
  const plan = next?.plan ?? guide.plans[0];
  if (!plan) return null;
  const prep = next ? plan.preparation.find((p) => p.sessionId === next.session.id) : undefined;
  const done = prep?.tasks.filter((x) => x.status !== 'open').length ?? 0;
  const unsigned = !plan.consent.signature;
  return (
    <Card data-testid="treatment-card">
      <Title order={2} fz="lg" fw={600}>
        {t('portal.treatmentTitle')}
      </Title>
      <Text c="dimmed" size="sm" mt={4} mb="lg">
        {tr(plan.protocol.title, lang)}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
        <div>
          <Group gap={8} mb={6}>
            <IconCalendarHeart size={18} aria-hidden />
            <Text fw={600} size="sm">
              {t('portal.nextSession')}
            </Text>
          </Group>
          {next ? (
            <>
              <Text size="sm" data-testid="portal-next-session">
                {formatLongDateTime(next.session.startsAt, lang, me.clinic.timeZone)}
              </Text>
              {lang === 'ar' ? (
                <Text size="xs" c="dimmed">
                  {formatHijriDate(next.session.localDate)}
                </Text>
              ) : null}
              <Anchor href={calendarUrl(next.session.id)} download size="sm" mt={6} display="inline-block">
                <Group gap={6} component="span" display="inline-flex">
                  <IconDownload size={14} aria-hidden />
                  {t('guide.calendar')}
                </Group>
              </Anchor>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('portal.noUpcoming')}
            </Text>
          )}
        </div>
        <div>
          <Group gap={8} mb={6}>
            <IconChecklist size={18} aria-hidden />
            <Text fw={600} size="sm">
              {t('portalNav.preparation')}
            </Text>
          </Group>
          {prep ? <Text size="sm">{t('prep.progress', { done, total: prep.tasks.length })}</Text> : null}
          <Anchor component={Link} to="/portal/preparation" size="sm" mt={6} display="inline-block">
            {t('guide.openChecklist')}
          </Anchor>
        </div>
        <div>
          <Group gap={8} mb={6}>
            <IconSignature size={18} aria-hidden />
            <Text fw={600} size="sm">
              {t('portalNav.consent')}
            </Text>
          </Group>
          <ConsentBadge status={plan.consent} />
          <div>
            <Anchor component={Link} to="/portal/consent" size="sm" mt={6} display="inline-block">
              {unsigned ? t('portal.readAndSign') : t('portal.viewConsent')}
            </Anchor>
          </div>
        </div>
      </SimpleGrid>
      <Group mt="lg">
        <Button component={Link} to="/portal/guide" leftSection={<IconBook2 size={16} aria-hidden />}>
          {t('portal.openGuide')}
        </Button>
      </Group>
    </Card>
  );
}
