import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Container,
  Group,
  List,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconAlertOctagon,
  IconCalendarEvent,
  IconChecklist,
  IconDownload,
  IconPhone,
  IconPrinter,
  IconStethoscope,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, calendarUrl, type Guide, type GuidePlan, type Session, type TimelineEntry, tr } from '../api';
import { useDuration } from '../components/care';
import { ErrorAlert, InlineLoader, useCurrentUser, useLang } from '../components/common';
import { formatDayDate, formatHijriDate, formatLongDateTime, formatTime } from '../format';
import type { Language } from '../i18n';

export const GUIDE_KEY = ['portal', 'guide'] as const;

export function usePortalGuide() {
  return useQuery({ queryKey: GUIDE_KEY, queryFn: api.guide });
}

/** The next booked session across the patient's plans, with its plan. */
export function nextSession(guide: Guide): { plan: GuidePlan; session: Session } | null {
  const now = Date.now();
  let best: { plan: GuidePlan; session: Session } | null = null;
  for (const plan of guide.plans) {
    for (const session of plan.sessions) {
      if (Date.parse(session.startsAt) < now) continue;
      if (!best || Date.parse(session.startsAt) < Date.parse(best.session.startsAt)) best = { plan, session };
    }
  }
  return best;
}

export function PortalPage({ children }: { children: ReactNode }) {
  return (
    <Container size={880} py={{ base: 'lg', sm: 40 }} px={{ base: 'md', sm: 'xl' }}>
      {children}
    </Container>
  );
}

export function NoPlanYet() {
  const { t } = useTranslation();
  return (
    <Card data-testid="no-plan">
      <Text>{t('guide.noPlan')}</Text>
    </Card>
  );
}

export function PortalGuidePage({ print = false }: { print?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const query = usePortalGuide();
  const guide = query.data;
  const next = guide ? nextSession(guide) : null;
  const plan = next?.plan ?? guide?.plans[0];

  return (
    <PortalPage>
      <Stack gap="xl" className={print ? 'cp-print-page' : undefined}>
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
          <div>
            <Title order={1} fz={28} fw={600}>
              {t('guide.title')}
            </Title>
            {plan ? (
              <Text c="dimmed" mt={6} size="lg">
                {tr(plan.protocol.title, lang)}
              </Text>
            ) : null}
          </div>
          <Group gap="sm" className="cp-no-print">
            {print ? (
              <>
                <Button variant="default" component={Link} to="/portal/guide">
                  {t('guide.backToGuide')}
                </Button>
                <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
                  {t('guide.print')}
                </Button>
              </>
            ) : plan ? (
              <Button
                variant="default"
                component={Link}
                to="/portal/guide/print"
                leftSection={<IconPrinter size={16} aria-hidden />}
              >
                {t('guide.printView')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {query.isPending ? <InlineLoader /> : null}
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        {guide && !plan ? <NoPlanYet /> : null}
        {guide && plan ? (
          <GuideBody guide={guide} plan={plan} next={next?.session ?? null} lang={lang} print={print} />
        ) : null}
      </Stack>
    </PortalPage>
  );
}

function GuideBody({
  guide,
  plan,
  next,
  lang,
  print,
}: {
  guide: Guide;
  plan: GuidePlan;
  next: Session | null;
  lang: Language;
  print: boolean;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const tz = me.clinic.timeZone;
  const duration = useDuration();
  const c = plan.protocolContent;
  const steps = c.steps.filter((s) => s.kind !== 'harvest' || plan.harvestSite);
  const urgent = c.redFlags.filter((f) => f.action === 'urgent_care');
  const contact = c.redFlags.filter((f) => f.action === 'contact_clinic');

  return (
    <>
      {next ? (
        <Card data-testid="next-session" className="cp-next-session">
          <Group gap="md" align="flex-start" wrap="nowrap">
            <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
              <IconCalendarEvent size={24} aria-hidden />
            </ThemeIcon>
            <div style={{ flex: 1 }}>
              <Text size="sm" c="dimmed" fw={500}>
                {t('guide.nextSession', { number: next.sequence })}
              </Text>
              <Text fz="xl" fw={600} data-testid="next-session-when">
                {formatLongDateTime(next.startsAt, lang, tz)}
              </Text>
              {lang === 'ar' ? (
                <Text size="sm" c="dimmed" data-testid="hijri-date">
                  {formatHijriDate(next.localDate)}
                </Text>
              ) : null}
              <Text size="sm" mt={6}>
                {t('guide.anesthesiaLine', { anesthesia: t(`anesthesia.${plan.anesthesia}`) })}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('guide.timeZoneNote', { timeZone: tz })}
              </Text>
              <Group gap="lg" mt="md" className="cp-no-print">
                <Anchor href={calendarUrl(next.id)} download size="sm" fw={600} data-testid="calendar-link">
                  <Group gap={6} component="span" display="inline-flex">
                    <IconDownload size={16} aria-hidden />
                    {t('guide.calendar')}
                  </Group>
                </Anchor>
                <Anchor component={Link} to={`/portal/preparation/${next.id}`} size="sm" fw={600}>
                  <Group gap={6} component="span" display="inline-flex">
                    <IconChecklist size={16} aria-hidden />
                    {t('guide.openChecklist')}
                  </Group>
                </Anchor>
              </Group>
            </div>
          </Group>
        </Card>
      ) : null}

      <GuideSection title={t('guide.timelineTitle')} hint={t('guide.timelineHint')}>
        <TimelineList entries={guide.timeline} lang={lang} timeZone={tz} />
      </GuideSection>

      <GuideSection title={t('guide.dayTitle')} hint={t('guide.dayHint')}>
        <Stack gap="md" component="ol" className="cp-plain-list cp-steps" data-testid="guide-steps">
          {steps.map((s, i) => (
            <li key={`${s.kind}-${s.name.en}`}>
              <Group gap="md" align="flex-start" wrap="nowrap">
                <ThemeIcon size={32} radius="xl" variant="light" aria-hidden>
                  <Text fw={700} size="sm">
                    {new Intl.NumberFormat(lang).format(i + 1)}
                  </Text>
                </ThemeIcon>
                <div style={{ flex: 1 }}>
                  <Group gap="sm" wrap="wrap">
                    <Text fw={600}>{tr(s.name, lang)}</Text>
                    <Badge variant="light" color="gray" radius="sm" tt="none" data-testid="step-duration">
                      {duration(s.minMinutes, s.maxMinutes)}
                    </Badge>
                    {s.anesthesia.includes(plan.anesthesia) ? (
                      <Badge variant="light" color="brand" radius="sm" tt="none">
                        {t(`anesthesia.${plan.anesthesia}`)}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="sm" c="dimmed" mt={4} lh={1.6}>
                    {tr(s.description, lang)}
                  </Text>
                </div>
              </Group>
            </li>
          ))}
        </Stack>
      </GuideSection>

      <GuideSection title={t('guide.wearTitle')}>
        <Text size="sm" lh={1.7}>
          {tr(c.whatToWear, lang)}
        </Text>
      </GuideSection>

      <GuideSection title={t('guide.postCareTitle')}>
        <List size="sm" spacing={6}>
          {c.postCare.map((x) => (
            <List.Item key={x.en}>{tr(x, lang)}</List.Item>
          ))}
        </List>
      </GuideSection>

      <GuideSection title={t('guide.symptomsTitle')} hint={t('guide.symptomsHint')}>
        <dl className="cp-symptoms">
          {c.expectedSymptoms.map((s) => (
            <div key={s.code}>
              <dt className="cp-symptom-name">{tr(s.name, lang)}</dt>
              <dd className="cp-symptom-course">{tr(s.usualCourse, lang)}</dd>
            </div>
          ))}
        </dl>
      </GuideSection>

      <section aria-labelledby="red-flags-title" className="cp-guide-section">
        <Title order={2} fz="lg" fw={600} mb="md" id="red-flags-title">
          {t('guide.redFlagsTitle')}
        </Title>
        <Stack gap="md">
          {urgent.length > 0 ? (
            <Alert
              color="red.9"
              variant="filled"
              icon={<IconAlertOctagon size={22} aria-hidden />}
              title={t('guide.urgentTitle')}
              data-testid="red-flags-urgent"
              className="cp-alert-urgent"
            >
              <Text size="sm" mb="xs">
                {t('guide.urgentHint')}
              </Text>
              <List size="sm" spacing={4} c="white">
                {urgent.map((f) => (
                  <List.Item key={f.code}>{tr(f.description, lang)}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {contact.length > 0 ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconPhone size={22} aria-hidden />}
              title={t('guide.contactTitle')}
              data-testid="red-flags-contact"
            >
              <Text size="sm" mb="xs">
                {t('guide.contactHint')}
              </Text>
              <List size="sm" spacing={4}>
                {contact.map((f) => (
                  <List.Item key={f.code}>{tr(f.description, lang)}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
        </Stack>
      </section>

      <GuideSection title={t('guide.faqTitle')}>
        {print ? (
          <Stack gap="md">
            {c.faqs.map((f) => (
              <div key={f.question.en}>
                <Text fw={600} size="sm">
                  {tr(f.question, lang)}
                </Text>
                <Text size="sm" lh={1.7}>
                  {tr(f.answer, lang)}
                </Text>
              </div>
            ))}
          </Stack>
        ) : (
          <Accordion variant="separated" radius="md" data-testid="faq">
            {c.faqs.map((f, i) => (
              <Accordion.Item key={f.question.en} value={String(i)}>
                <Accordion.Control>{tr(f.question, lang)}</Accordion.Control>
                <Accordion.Panel>
                  <Text size="sm" lh={1.7}>
                    {tr(f.answer, lang)}
                  </Text>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </GuideSection>
    </>
  );
}

function GuideSection({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = `guide-${title.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="cp-guide-section">
      <Card>
        <Title order={2} fz="lg" fw={600} id={id}>
          {title}
        </Title>
        {hint ? (
          <Text size="sm" c="dimmed" mt={4}>
            {hint}
          </Text>
        ) : null}
        <div style={{ marginBlockStart: 'var(--mantine-spacing-md)' }}>{children}</div>
      </Card>
    </section>
  );
}

function TimelineList({
  entries,
  lang,
  timeZone,
}: {
  entries: TimelineEntry[];
  lang: Language;
  timeZone: string;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Text c="dimmed">{t('guide.timelineEmpty')}</Text>;
  return (
    <Timeline bulletSize={26} lineWidth={2} data-testid="guide-timeline" className="cp-timeline">
      {entries.map((e, i) => {
        const Icon =
          e.kind === 'session' ? IconCalendarEvent : e.kind === 'task' ? IconChecklist : IconStethoscope;
        const when = e.at
          ? `${formatDayDate(e.date, lang)} · ${formatTime(e.at, lang, timeZone)}`
          : formatDayDate(e.date, lang);
        const title = tr(e.title, lang);
        return (
          <Timeline.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: entries can share a date and title; order is stable
            key={`${e.kind}-${e.date}-${i}`}
            bullet={<Icon size={14} aria-hidden />}
            color={e.kind === 'session' ? 'brand' : e.kind === 'task' ? 'gray' : 'violet'}
            data-kind={e.kind}
            title={
              <Text fw={e.kind === 'session' ? 700 : 600} size="sm">
                {e.kind === 'task' && e.sessionId ? (
                  <Anchor component={Link} to={`/portal/preparation/${e.sessionId}`} inherit>
                    {title}
                  </Anchor>
                ) : (
                  title
                )}
              </Text>
            }
          >
            <Text size="xs" c="dimmed">
              {t(`guide.kind.${e.kind}`)} · {when}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
