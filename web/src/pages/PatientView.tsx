import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  IconArrowLeft,
  IconArrowRight,
  IconCalendarEvent,
  IconId,
  IconMail,
  IconStethoscope,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, type Invite, type Patient, tracePath } from '../api';
import {
  CopyField,
  ErrorAlert,
  InlineLoader,
  useCurrentUser,
  useErrorText,
  useLang,
} from '../components/common';
import { DinInline, spacedDin } from '../components/products';
import {
  arabicName,
  displayNames,
  formatDate,
  formatDateTime,
  formatHijriDate,
  formatInstantHijri,
  latinName,
} from '../format';
import type { Language } from '../i18n';
import { emailProblem } from '../validation';
import { PlansSection } from './Plans';
import { ScreeningSection } from './Screening';

export function PatientViewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const query = useQuery({ queryKey: ['patient', id], queryFn: () => api.patient(id) });
  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;

  return (
    <>
      <Anchor
        component={Link}
        to="/"
        size="sm"
        c="dimmed"
        mb="md"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 6 }}
      >
        <Back size={14} aria-hidden />
        {t('patientView.back')}
      </Anchor>
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? (
        <Stack>
          <Title order={1} fz={26} fw={600}>
            {t('patientView.notFoundTitle')}
          </Title>
          <ErrorAlert error={query.error} />
        </Stack>
      ) : null}
      {query.data ? <PatientDetails patient={query.data} lang={lang} /> : null}
    </>
  );
}

function PatientDetails({ patient, lang }: { patient: Patient; lang: Language }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const names = displayNames(patient, lang);
  const latin = latinName(patient);
  const arabic = arabicName(patient);
  const tz = me.clinic.timeZone;
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'details';

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <div>
          <Title order={1} fz={28} fw={600} data-testid="patient-name">
            <bdi>{names.primary}</bdi>
          </Title>
          {names.secondary ? (
            <Text size="lg" c="dimmed" mt={2}>
              <bdi>{names.secondary}</bdi>
            </Text>
          ) : null}
          <Group gap="xs" mt="sm">
            <Badge variant="light" color="gray" radius="sm" size="lg" tt="none" fw={500}>
              <span>{t('patient.mrn')}: </span>
              <span className="cp-ltr" data-testid="patient-mrn">
                {patient.mrn}
              </span>
            </Badge>
            <Badge
              variant="light"
              color={patient.hasPortalAccount ? 'brand' : 'gray'}
              radius="sm"
              size="lg"
              tt="none"
              fw={500}
              data-testid="portal-status"
            >
              {patient.hasPortalAccount ? t('patientView.portalActive') : t('patientView.portalNone')}
            </Badge>
          </Group>
        </div>
      </Group>

      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'details' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="details" leftSection={<IconId size={16} aria-hidden />} data-testid="tab-details">
            {t('patientView.tabs.details')}
          </Tabs.Tab>
          <Tabs.Tab
            value="screening"
            leftSection={<IconStethoscope size={16} aria-hidden />}
            data-testid="tab-screening"
          >
            {t('patientView.tabs.screening')}
          </Tabs.Tab>
          <Tabs.Tab
            value="plans"
            leftSection={<IconCalendarEvent size={16} aria-hidden />}
            data-testid="tab-plans"
          >
            {t('patientView.tabs.plans')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <Stack gap="lg">
            <Card>
              <Title order={2} fz="lg" fw={600} mb="lg">
                {t('patientView.details')}
              </Title>
              <dl className="cp-details">
                <Detail label={t('patient.latinName')}>
                  <span lang="en" dir="ltr">
                    {latin ?? '—'}
                  </span>
                </Detail>
                <Detail label={t('patient.arabicName')}>
                  <span lang="ar" dir="rtl">
                    {arabic ?? '—'}
                  </span>
                </Detail>
                <Detail label={t('patient.dateOfBirth')}>
                  <DateWithHijri iso={patient.dateOfBirth} lang={lang} />
                </Detail>
                <Detail label={t('patient.sex')}>{t(`sex.${patient.sex}`)}</Detail>
                <Detail label={t('patient.phone')}>
                  <span className="cp-ltr">{patient.phone ?? '—'}</span>
                </Detail>
                <Detail label={t('patient.email')}>
                  <span className="cp-ltr">{patient.email ?? '—'}</span>
                </Detail>
                <Detail label={t('patient.preferredLanguage')}>
                  {t(`language.names.${patient.preferredLanguage}`)}
                </Detail>
                <Detail label={t('patient.createdAt')}>
                  <div>{formatDateTime(patient.createdAt, lang, tz)}</div>
                  {lang === 'ar' ? (
                    <Text size="xs" c="dimmed" data-testid="hijri-date">
                      {formatInstantHijri(patient.createdAt, tz)}
                    </Text>
                  ) : null}
                </Detail>
              </dl>
            </Card>

            <ProductsReceived patientId={patient.id} />
            <PortalCard patient={patient} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="screening">
          <ScreeningSection patientId={patient.id} />
        </Tabs.Panel>
        <Tabs.Panel value="plans">
          <PlansSection
            patientId={patient.id}
            screeningHref={`/patients/${encodeURIComponent(patient.id)}?tab=screening`}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const TABS = ['details', 'screening', 'plans'] as const;

/** The products this patient received (administered), each with a link to its trace. */
function ProductsReceived({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const products = useQuery({
    queryKey: ['patient-products', patientId],
    queryFn: () => api.patientProducts(patientId),
  });
  return (
    <Card component="section" aria-labelledby="products-received-title" data-testid="products-received">
      <Title order={2} fz="lg" fw={600} mb="md" id="products-received-title">
        {t('patientProducts.title')}
      </Title>
      {products.isPending ? <InlineLoader /> : null}
      {products.isError ? <ErrorAlert error={products.error} /> : null}
      {products.data && products.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="products-received-empty">
          {t('patientProducts.empty')}
        </Text>
      ) : null}
      {products.data && products.data.length > 0 ? (
        <Table.ScrollContainer minWidth={480}>
          <Table className="cp-table" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('patientProducts.din')}</Table.Th>
                <Table.Th scope="col">{t('patientProducts.administeredAt')}</Table.Th>
                <Table.Th scope="col">{t('patientProducts.trace')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {products.data.map((p) => {
                const at = p.handOffs.findLast((h) => h.kind === 'administered')?.at;
                return (
                  <Table.Tr key={p.din} data-testid="product-received" data-din={p.din}>
                    <Table.Td>
                      <DinInline din={p.din} check={p.check} />
                    </Table.Td>
                    <Table.Td>{at ? formatDateTime(at, lang, me.clinic.timeZone) : '—'}</Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={tracePath(`${p.din}${p.check}`)}
                        size="sm"
                        aria-label={t('donor.traceOf', { din: spacedDin(p.din) })}
                      >
                        {t('patientProducts.trace')}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function DateWithHijri({ iso, lang }: { iso: string; lang: Language }) {
  return (
    <>
      <div>{formatDate(iso, lang)}</div>
      {lang === 'ar' ? (
        <Text size="xs" c="dimmed" data-testid="hijri-date">
          {formatHijriDate(iso)}
        </Text>
      ) : null}
    </>
  );
}

function PortalCard({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { email: patient.email ?? '' },
    validate: {
      email: (v) => (!v.trim() ? t('validation.required') : emailProblem(v) ? t('validation.email') : null),
    },
  });
  const invite = useMutation<Invite, unknown, string>({
    mutationFn: (email) => api.invitePatient(patient.id, email),
    onError: (error) => {
      if (error instanceof ApiError && error.field === 'email') form.setFieldError('email', errorText(error));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['patient', patient.id] }),
  });

  return (
    <Card>
      <Title order={2} fz="lg" fw={600}>
        {t('patientView.portalTitle')}
      </Title>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        {patient.hasPortalAccount ? t('patientView.portalActiveHint') : t('patientView.portalHint')}
      </Text>
      {!patient.hasPortalAccount && !invite.data ? (
        <form onSubmit={form.onSubmit((v) => invite.mutate(v.email.trim()))} noValidate>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('patientView.inviteEmail')}
              type="email"
              dir="ltr"
              style={{ flex: '1 1 16rem', maxWidth: '24rem' }}
              {...form.getInputProps('email')}
            />
            <Button type="submit" leftSection={<IconMail size={16} aria-hidden />} loading={invite.isPending}>
              {t('patientView.invite')}
            </Button>
          </Group>
        </form>
      ) : null}
      {invite.error && !(invite.error instanceof ApiError && invite.error.field === 'email') ? (
        <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
          <ErrorAlert error={invite.error} />
        </div>
      ) : null}
      {invite.data ? (
        <Stack gap="xs">
          <CopyField
            label={t('patientView.inviteLink')}
            value={window.location.origin + invite.data.inviteUrl}
          />
          <Text size="xs" c="dimmed">
            {t('invite.expires', { date: formatDateTime(invite.data.expiresAt, lang, me.clinic.timeZone) })}
          </Text>
        </Stack>
      ) : null}
    </Card>
  );
}
