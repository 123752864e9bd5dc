import { Card, Container, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCalendarHeart, IconClipboardHeart, IconMessageCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert, InlineLoader, useCurrentUser, useLang } from '../components/common';
import { arabicName, latinName } from '../format';
import { DateWithHijri } from './PatientView';

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

        <div>
          <Title order={2} fz="lg" fw={600} mb="md">
            {t('portal.nextTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
            <NextStep icon={<IconClipboardHeart size={20} aria-hidden />} title={t('portal.next.plan.title')}>
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
