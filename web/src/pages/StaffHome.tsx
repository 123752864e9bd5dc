import { Anchor, Button, Card, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Patient } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useLang } from '../components/common';
import { displayNames, formatDate, formatNumber } from '../format';

const PAGE_SIZE = 20;

export function StaffHomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const urlQuery = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [search, setSearch] = useState(urlQuery);
  const [debounced] = useDebouncedValue(search, 300);

  useEffect(() => {
    if (debounced.trim() === urlQuery.trim()) return;
    setParams(debounced.trim() ? { q: debounced.trim() } : {}, { replace: true });
  }, [debounced, urlQuery, setParams]);

  const query = useQuery({
    queryKey: ['patients', urlQuery, page],
    queryFn: () => api.patients(urlQuery, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });

  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const goTo = (next: number) => {
    const nextParams: Record<string, string> = {};
    if (urlQuery) nextParams.q = urlQuery;
    if (next > 1) nextParams.page = String(next);
    setParams(nextParams);
  };

  return (
    <>
      <PageHeader
        title={t('patients.title')}
        subtitle={t('patients.subtitle')}
        actions={
          <Button component={Link} to="/patients/new" leftSection={<IconPlus size={16} aria-hidden />}>
            {t('patients.new')}
          </Button>
        }
      />
      <Card p={0}>
        <Group p="md" justify="space-between" gap="md" wrap="wrap">
          <TextInput
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            aria-label={t('patients.searchLabel')}
            placeholder={t('patients.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            type="search"
            style={{ flex: '1 1 18rem', maxWidth: '28rem' }}
            data-testid="patient-search"
          />
          {data ? (
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="patient-count">
              {urlQuery
                ? t('patients.matches', { count: data.total })
                : t('patients.count', { count: data.total })}
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
          <Text ta="center" py={48} px="md" c="dimmed" data-testid="patients-empty">
            {urlQuery ? t('patients.noMatches', { query: urlQuery }) : t('patients.empty')}
          </Text>
        ) : null}
        {data && data.items.length > 0 ? (
          <Table.ScrollContainer minWidth={720}>
            <Table
              className="cp-table"
              highlightOnHover
              verticalSpacing="sm"
              horizontalSpacing="md"
              data-testid="patient-table"
              style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('patient.name')}</Table.Th>
                  <Table.Th scope="col">{t('patient.mrn')}</Table.Th>
                  <Table.Th scope="col">{t('patient.dateOfBirth')}</Table.Th>
                  <Table.Th scope="col">{t('patient.sex')}</Table.Th>
                  <Table.Th scope="col">{t('patient.phone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((p) => (
                  <PatientRow key={p.id} patient={p} />
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
              <Button variant="default" size="xs" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                {t('pagination.previous')}
              </Button>
              <Button variant="default" size="xs" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                {t('pagination.next')}
              </Button>
            </Group>
          </Group>
        ) : null}
      </Card>
    </>
  );
}

function PatientRow({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = displayNames(patient, lang);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/patients/${patient.id}`} fw={600} size="sm">
          <bdi>{names.primary}</bdi>
        </Anchor>
        {names.secondary ? (
          <Text size="xs" c="dimmed" mt={2}>
            <bdi>{names.secondary}</bdi>
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="cp-num">
          <span className="cp-ltr">{patient.mrn}</span>
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(patient.dateOfBirth, lang)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`sex.${patient.sex}`)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="cp-num" style={{ whiteSpace: 'nowrap' }}>
          <span className="cp-ltr">{patient.phone ?? '—'}</span>
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
