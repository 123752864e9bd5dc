import { Anchor, Badge, Box, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useCurrentUser, useLang } from '../components/common';
import { formatDateTime, formatNumber } from '../format';
import { directionOf } from '../i18n';

const PAGE_SIZE = 20;

/** Light badges (darkened by the theme's resolver) keep every status above 4.5:1. */
const STATUS_COLOR: Record<OutboxStatus, string> = {
  pending: 'blue',
  sending: 'indigo',
  sent: 'green',
  failed: 'red',
  cancelled: 'gray',
  unknown: 'orange',
};

function isStatus(value: string | null): value is OutboxStatus {
  return (OUTBOX_STATUSES as readonly string[]).includes(value ?? '');
}

export function OutboxPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : null;
  const page = Math.max(1, Number(params.get('page')) || 1);

  const query = useQuery({
    queryKey: ['outbox', status, page],
    queryFn: () => api.outbox(status, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const show = (next: { status: OutboxStatus | null; page: number }) => {
    const nextParams: Record<string, string> = {};
    if (next.status) nextParams.status = next.status;
    if (next.page > 1) nextParams.page = String(next.page);
    setParams(nextParams);
  };

  return (
    <>
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      <Card p={0}>
        <Group p="md" justify="space-between" gap="md" wrap="wrap">
          <Box style={{ overflowX: 'auto', maxWidth: '100%' }}>
            <SegmentedControl
              aria-label={t('outbox.filterLabel')}
              value={status ?? 'all'}
              onChange={(value) => show({ status: isStatus(value) ? value : null, page: 1 })}
              data={[
                { value: 'all', label: t('outbox.statusAll') },
                ...OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`outboxStatus.${s}`) })),
              ]}
              data-testid="outbox-filter"
            />
          </Box>
          {data ? (
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="outbox-count">
              {t('outbox.count', { count: data.total })}
            </Text>
          ) : null}
        </Group>
        {query.isError ? (
          <div style={{ padding: 'var(--mantine-spacing-md)' }}>
            <ErrorAlert error={query.error} />
          </div>
        ) : null}
        {query.isPending ? <InlineLoader /> : null}
        {data && data.items.length === 0 ? (
          <Text ta="center" py={48} px="md" c="dimmed" data-testid="outbox-empty">
            {status ? t('outbox.emptyStatus', { status: t(`outboxStatus.${status}`) }) : t('outbox.empty')}
          </Text>
        ) : null}
        {data && data.items.length > 0 ? (
          <Table.ScrollContainer minWidth={960}>
            <Table
              className="cp-table"
              verticalSpacing="sm"
              horizontalSpacing="md"
              data-testid="outbox-table"
              style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('outbox.due')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.recipient')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.kind')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.subject')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.status')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.attempts')}</Table.Th>
                  <Table.Th scope="col">{t('outbox.lastError')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((m) => (
                  <OutboxRow key={m.id} message={m} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {data && data.total > data.pageSize ? (
          <Group
            justify="space-between"
            p="md"
            style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
            component="nav"
            aria-label={t('pagination.label')}
          >
            <Text size="sm" c="dimmed">
              {t('pagination.pageOf', { page: formatNumber(page, lang), pages: formatNumber(pages, lang) })}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                disabled={page <= 1}
                onClick={() => show({ status, page: page - 1 })}
              >
                {t('pagination.previous')}
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={page >= pages}
                onClick={() => show({ status, page: page + 1 })}
              >
                {t('pagination.next')}
              </Button>
            </Group>
          </Group>
        ) : null}
      </Card>
    </>
  );
}

function OutboxRow({ message: m }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  return (
    <Table.Tr data-testid="outbox-row" data-status={m.status} data-kind={m.kind}>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(m.dueAt, lang, me.clinic.timeZone)}
        </Text>
      </Table.Td>
      <Table.Td>
        {m.patientId ? (
          <Anchor
            component={Link}
            to={`/patients/${m.patientId}`}
            size="sm"
            title={t('outbox.openPatient')}
            data-testid="outbox-patient-link"
          >
            <span className="cp-ltr">{m.recipient}</span>
          </Anchor>
        ) : (
          <Text size="sm">
            <span className="cp-ltr">{m.recipient}</span>
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {t(`outboxKind.${m.kind}`, { defaultValue: m.kind })}
        </Text>
      </Table.Td>
      <Table.Td>
        {/* The message's own language sets the direction: `auto` would read an Arabic subject that
            opens with the clinic's Latin name as left-to-right. */}
        <Text
          size="sm"
          dir={directionOf(m.language)}
          lang={m.language}
          maw={360}
          data-testid="outbox-subject"
        >
          {m.subject}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge
          color={STATUS_COLOR[m.status]}
          variant="light"
          radius="sm"
          tt="none"
          data-testid="outbox-status"
          miw="max-content"
        >
          {t(`outboxStatus.${m.status}`)}
        </Badge>
      </Table.Td>
      <Table.Td className="cp-num">
        <Text size="sm">{formatNumber(m.attempts, lang)}</Text>
      </Table.Td>
      <Table.Td>
        {m.lastError ? (
          <Text size="xs" dir="auto" lineClamp={3} maw={240} title={m.lastError}>
            {m.lastError}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
