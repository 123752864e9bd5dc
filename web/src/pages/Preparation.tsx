import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, calendarUrl } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useLang } from '../components/common';
import { PrepTaskList } from '../components/PrepTasks';
import { formatLongDateTime } from '../format';

/** Staff view of one session's preparation plan: every task, its owner and due time, verify and files. */
export function PreparationPage() {
  const { sessionId = '' } = useParams();
  const [params] = useSearchParams();
  const patientId = params.get('patient');
  const { t } = useTranslation();
  const lang = useLang();
  const queryKey = ['preparation', sessionId];
  const query = useQuery({ queryKey, queryFn: () => api.preparation(sessionId) });
  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;
  const prep = query.data;

  return (
    <>
      <Anchor
        component={Link}
        to={patientId ? `/patients/${encodeURIComponent(patientId)}?tab=plans` : '/'}
        size="sm"
        c="dimmed"
        mb="md"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 6 }}
      >
        <Back size={14} aria-hidden />
        {patientId ? t('prep.backToPatient') : t('patientView.back')}
      </Anchor>
      <PageHeader
        title={t('prep.staffTitle')}
        subtitle={
          prep ? (
            <span data-testid="prep-session-start">
              {t('prep.sessionStarts', { date: formatLongDateTime(prep.startsAt, lang, prep.timeZone) })}
            </span>
          ) : undefined
        }
        actions={
          prep ? (
            <Anchor href={calendarUrl(sessionId)} download size="sm">
              <Group gap={6} component="span" display="inline-flex">
                <IconDownload size={16} aria-hidden />
                {t('guide.calendar')}
              </Group>
            </Anchor>
          ) : undefined
        }
      />
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {prep ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('prep.staffHint', { timeZone: prep.timeZone })}
          </Text>
          <PrepTaskList preparation={prep} mode="staff" lang={lang} queryKey={queryKey} />
        </Stack>
      ) : null}
    </>
  );
}
