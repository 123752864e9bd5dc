import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type BoardSession, type SessionState, tr } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useCurrentUser, useLang } from '../components/common';
import { formatNumber, formatTime, todayIso } from '../format';
import { stateColor } from './SessionDay';

/** The board's columns: where each session is in the day. */
const COLUMNS: ReadonlyArray<{ key: string; states: readonly SessionState[] }> = [
  { key: 'arriving', states: ['booked'] },
  { key: 'checks', states: ['checked_in', 'checks_done'] },
  { key: 'harvest', states: ['harvesting', 'harvested'] },
  { key: 'lab', states: ['processing', 'released', 'product_issued'] },
  { key: 'injection', states: ['injecting', 'injected'] },
  { key: 'recovery', states: ['monitoring'] },
  { key: 'done', states: ['discharged', 'cancelled', 'aborted'] },
];

/** Today's sessions at a glance, by where they are; refreshed every 15 seconds without a reload. */
export function BoardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  const [date, setDate] = useState(() => params.get('date') ?? todayIso(me.clinic.timeZone));
  const board = useQuery({
    queryKey: ['board', date],
    queryFn: () => api.board(date),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const sessions = board.data?.sessions ?? [];
  return (
    <>
      <PageHeader
        title={t('board.title')}
        subtitle={t('board.subtitle', { timeZone: me.clinic.timeZone })}
        actions={
          <Group gap="sm" align="flex-end">
            <TextInput
              type="date"
              label={t('board.date')}
              value={date}
              onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
              size="md"
            />
            <Text size="sm" c="dimmed" pb={10} data-testid="board-updated" aria-live="off">
              <IconRefresh size={14} aria-hidden style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
              {board.dataUpdatedAt
                ? t('board.updated', {
                    time: formatTime(new Date(board.dataUpdatedAt).toISOString(), lang, me.clinic.timeZone),
                  })
                : null}
            </Text>
          </Group>
        }
      />
      {board.isPending ? <InlineLoader /> : null}
      {board.isError ? <ErrorAlert error={board.error} /> : null}
      {board.data && sessions.length === 0 ? (
        <Text c="dimmed" data-testid="board-empty">
          {t('board.empty')}
        </Text>
      ) : null}
      {sessions.length > 0 ? (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3, lg: 4 }} spacing="md" data-testid="board">
          {COLUMNS.map((column) => {
            const here = sessions.filter((s) => column.states.includes(s.state));
            if (here.length === 0 && column.key === 'done') return null;
            return (
              <Card
                key={column.key}
                withBorder
                radius="md"
                padding="md"
                component="section"
                aria-labelledby={`board-${column.key}`}
                data-testid="board-column"
                data-column={column.key}
                className="cp-board-column"
              >
                <Group justify="space-between" mb="sm">
                  <Title order={2} fz="md" fw={600} id={`board-${column.key}`}>
                    {t(`board.column.${column.key}`)}
                  </Title>
                  <Badge variant="light" color="gray" aria-label={t('board.count', { count: here.length })}>
                    {formatNumber(here.length, lang)}
                  </Badge>
                </Group>
                <Stack gap="sm">
                  {here.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('board.none')}
                    </Text>
                  ) : (
                    here.map((s) => <BoardCard key={s.sessionId} session={s} />)
                  )}
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      ) : null}
    </>
  );
}

function BoardCard({ session: s }: { session: BoardSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const overrun = (s.step?.overrunMinutes ?? 0) > 0;
  return (
    <Anchor
      component={Link}
      to={`/sessions/${encodeURIComponent(s.sessionId)}/day`}
      underline="never"
      c="inherit"
      className={`cp-board-card${overrun ? ' cp-board-overrun' : ''}`}
      data-testid="board-card"
      data-state={s.state}
      data-overrun={overrun}
      p="sm"
    >
      <Text fw={600} lh={1.3}>
        {s.patientName}
      </Text>
      <Text size="xs" c="dimmed">
        {t('day.mrn', { mrn: s.mrn })} · {formatTime(s.startsAt, lang, me.clinic.timeZone)}
      </Text>
      <Badge color={stateColor(s.state)} variant="light" size="md" mt={6} maw="100%">
        {t(`sessionState.${s.state}`)}
      </Badge>
      <Text size="sm" mt={4} lineClamp={2}>
        {tr(s.protocolTitle, lang)}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {t('board.inState', { value: formatNumber(s.minutesInState, lang), count: s.minutesInState })}
        {s.step
          ? ` · ${t('board.stepMax', { step: t(`stepKind.${s.step.kind}`), value: formatNumber(s.step.maxMinutes, lang) })}`
          : ''}
      </Text>
      {overrun && s.step ? (
        <Group gap={6} mt={6} c="red.8" wrap="nowrap" data-testid="board-overrun">
          <IconAlertTriangle size={16} aria-hidden />
          <Text size="sm" fw={700}>
            {t('board.overrun', {
              value: formatNumber(s.step.overrunMinutes, lang),
              count: s.step.overrunMinutes,
            })}
          </Text>
        </Group>
      ) : null}
    </Anchor>
  );
}
