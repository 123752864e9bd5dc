import { Anchor, Badge, Button, Card, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, traceCsvUrl } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useCurrentUser, useLang } from '../components/common';
import { spacedDin } from '../components/products';
import { formatDateTime } from '../format';

/** Places the server records in its own words, shown in the reader's language. */
const SERVER_LOCATIONS: Record<string, string> = {
  'product store': 'productStore',
  'procedure room': 'procedureRoom',
  lab: 'lab',
  bedside: 'bedside',
};

/** One product's chain of custody, first hand-off to last, with a CSV download for an inspector. */
export function ProductTracePage() {
  const { label = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const tz = me.clinic.timeZone;
  const trace = useQuery({ queryKey: ['trace', label], queryFn: () => api.trace(label) });
  const data = trace.data;
  // The server names its own places in English; the known ones are shown in the reader's words.
  const locationName = (location: string) => {
    const key = SERVER_LOCATIONS[location];
    return key ? t(`trace.locationName.${key}`) : location;
  };
  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;
  const sessionHref = data?.sessionId
    ? `/sessions/${encodeURIComponent(data.sessionId)}/day${
        data.patientId ? `?patient=${encodeURIComponent(data.patientId)}` : ''
      }`
    : null;

  return (
    <>
      <Anchor
        component={Link}
        to="/donor-products"
        size="sm"
        c="dimmed"
        mb="md"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 6 }}
      >
        <Back size={14} aria-hidden />
        {t('trace.back')}
      </Anchor>
      <PageHeader
        title={t('trace.title')}
        subtitle={t('trace.subtitle')}
        actions={
          data ? (
            <Button
              component="a"
              href={traceCsvUrl(`${data.din}${data.check}`)}
              download
              variant="light"
              leftSection={<IconDownload size={18} aria-hidden />}
              data-testid="trace-csv"
            >
              {t('trace.download')}
            </Button>
          ) : undefined
        }
      />
      {trace.isPending ? <InlineLoader /> : null}
      {trace.isError ? <ErrorAlert error={trace.error} /> : null}
      {data ? (
        <Stack gap="lg">
          <Card component="section" aria-label={t('day.product.din')} data-testid="trace-summary">
            <Stack gap="md">
              <div>
                <Text size="sm" c="dimmed">
                  {t('day.product.din')}
                </Text>
                <Group
                  gap="sm"
                  dir="ltr"
                  lang="en"
                  className="cp-din"
                  display="inline-flex"
                  data-testid="trace-din"
                >
                  <span className="cp-din-text">{spacedDin(data.din)}</span>
                  <span className="cp-din-check" title={t('day.product.check')}>
                    {data.check}
                  </span>
                </Group>
              </div>
              <dl className="cp-details">
                <Item label={t('trace.source')}>
                  {t(`productSource.${data.source}`, { defaultValue: data.source })}
                </Item>
                <Item label={t('trace.useBy')}>{formatDateTime(data.useBy, lang, tz)}</Item>
                {data.patientId ? (
                  <Item label={t('trace.patient')}>
                    <Anchor
                      component={Link}
                      to={`/patients/${encodeURIComponent(data.patientId)}`}
                      data-testid="trace-patient"
                    >
                      {t('trace.openPatient')}
                    </Anchor>
                  </Item>
                ) : null}
                {sessionHref ? (
                  <Item label={t('trace.session')}>
                    <Anchor component={Link} to={sessionHref} data-testid="trace-session">
                      {t('trace.openSession')}
                    </Anchor>
                  </Item>
                ) : null}
              </dl>
            </Stack>
          </Card>
          <Card component="section" aria-labelledby="chain-title">
            <Title order={2} fz="lg" fw={600} mb="lg" id="chain-title">
              {t('trace.chain')}
            </Title>
            {data.handOffs.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('trace.none')}
              </Text>
            ) : (
              <Timeline
                active={data.handOffs.length - 1}
                bulletSize={18}
                lineWidth={2}
                data-testid="trace-timeline"
              >
                {data.handOffs.map((h) => (
                  <Timeline.Item
                    key={`${h.kind}-${h.at}`}
                    title={
                      <Group gap="xs" component="span">
                        <span>{t(`handOffKind.${h.kind}`, { defaultValue: h.kind })}</span>
                        {h.kind === 'quarantined' || h.kind === 'discarded' ? (
                          <Badge color="orange" variant="light" radius="sm" tt="none">
                            {t(`productStatus.${h.kind}`)}
                          </Badge>
                        ) : null}
                      </Group>
                    }
                    data-testid="trace-hand-off"
                    data-kind={h.kind}
                  >
                    <Text size="sm">{formatDateTime(h.at, lang, tz)}</Text>
                    <Text size="sm" c="dimmed">
                      {t('trace.by', { name: h.actorName, role: t(`roles.${h.actorRole}`) })}
                    </Text>
                    {h.location ? (
                      <Text size="sm" c="dimmed">
                        {t('trace.location', { location: locationName(h.location) })}
                      </Text>
                    ) : null}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Card>
        </Stack>
      ) : null}
    </>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
