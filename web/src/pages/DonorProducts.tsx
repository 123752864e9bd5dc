import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBarcode, IconCircleCheck, IconLock, IconRoute, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { instantOf } from '../../../src/domain/clinic-time';
import { ApiError, api, type DonorProduct, tracePath } from '../api';
import { ErrorAlert, InlineLoader, PageHeader, useCurrentUser, useLang } from '../components/common';
import { DinInline, isMistyped, ProblemAlert, spacedDin } from '../components/products';
import { formatInstantDate, formatTime } from '../format';

const STOCK_KEY = ['donor-products'];

/** Light badges (darkened by the theme's resolver) keep every status above 4.5:1. */
function statusColor(status: string | null): string {
  if (status === 'received') return 'teal';
  if (status === 'issued') return 'blue';
  if (status === 'administered') return 'gray';
  if (status === 'quarantined' || status === 'discarded') return 'orange';
  return 'gray';
}

/** The donor product store: find a trace, receive a product by scanning its label, and the stock. */
export function DonorProductsPage() {
  const { t } = useTranslation();
  const stock = useQuery({ queryKey: STOCK_KEY, queryFn: api.donorProducts });
  const [quarantining, setQuarantining] = useState<DonorProduct | null>(null);
  return (
    <>
      <PageHeader title={t('donor.title')} subtitle={t('donor.subtitle')} />
      <Stack gap="lg">
        <TraceSearch />
        <ReceiveForm />
        <Card p={0} component="section" aria-labelledby="stock-title">
          <Title order={2} fz="lg" fw={600} p="md" id="stock-title">
            {t('donor.stockTitle')}
          </Title>
          {stock.isError ? (
            <div style={{ padding: 'var(--mantine-spacing-md)' }}>
              <ErrorAlert error={stock.error} />
            </div>
          ) : null}
          {stock.isPending ? <InlineLoader /> : null}
          {stock.data && stock.data.length === 0 ? (
            <Text ta="center" py={48} px="md" c="dimmed" data-testid="donor-empty">
              {t('donor.empty')}
            </Text>
          ) : null}
          {stock.data && stock.data.length > 0 ? (
            <Table.ScrollContainer minWidth={860}>
              <Table
                className="cp-table"
                verticalSpacing="sm"
                horizontalSpacing="md"
                data-testid="donor-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('donor.dinStatus')}</Table.Th>
                    <Table.Th scope="col">{t('donor.productCode')}</Table.Th>
                    <Table.Th scope="col">{t('donor.supplier')}</Table.Th>
                    <Table.Th scope="col">{t('donor.lot')}</Table.Th>
                    <Table.Th scope="col">{t('donor.donorId')}</Table.Th>
                    <Table.Th scope="col">{t('donor.storage')}</Table.Th>
                    <Table.Th scope="col">{t('donor.useBy')}</Table.Th>
                    <Table.Th scope="col">{t('donor.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {stock.data.map((p) => (
                    <StockRow key={p.din} product={p} onQuarantine={() => setQuarantining(p)} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Card>
      </Stack>
      <QuarantineModal product={quarantining} onClose={() => setQuarantining(null)} />
    </>
  );
}

function StockRow({ product: p, onQuarantine }: { product: DonorProduct; onQuarantine: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const label = `${p.din}${p.check}`;
  const din = spacedDin(p.din);
  return (
    <Table.Tr
      data-testid="donor-row"
      data-din={p.din}
      data-status={p.status ?? ''}
      data-expired={p.expired}
      className={p.expired ? 'cp-row-expired' : undefined}
    >
      <Table.Td>
        <DinInline din={p.din} check={p.check} />
        <Group gap={6} mt={6}>
          {p.status ? (
            <Badge color={statusColor(p.status)} variant="light" radius="sm" tt="none" miw="max-content">
              {t(`productStatus.${p.status}`, { defaultValue: p.status })}
            </Badge>
          ) : null}
          {p.expired ? (
            <Badge
              color="red"
              variant="filled"
              radius="sm"
              tt="none"
              miw="max-content"
              data-testid="donor-expired"
            >
              {t('donor.expired')}
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="cp-ltr">
          {p.productCode}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" dir="auto">
          {p.details.supplier ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="cp-ltr" style={{ whiteSpace: 'nowrap' }}>
          {p.details.lot ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" className="cp-ltr" style={{ whiteSpace: 'nowrap' }}>
          {p.details.donorId ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" dir="auto" maw={110}>
          {p.details.storageTemperature ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={p.expired ? 'red.9' : undefined} fw={p.expired ? 600 : 400}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {formatInstantDate(p.useBy, lang, me.clinic.timeZone, 'medium')}
          </span>
          <br />
          <span style={{ whiteSpace: 'nowrap' }}>{formatTime(p.useBy, lang, me.clinic.timeZone)}</span>
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={6} align="flex-start">
          <Anchor
            component={Link}
            to={tracePath(label)}
            size="sm"
            display="inline-flex"
            style={{ alignItems: 'center', gap: 4 }}
            aria-label={t('donor.traceOf', { din })}
            data-testid="donor-trace-link"
          >
            <IconRoute size={14} aria-hidden />
            {t('donor.trace')}
          </Anchor>
          {p.status === 'received' ? (
            <Button
              size="xs"
              variant="default"
              color="orange"
              leftSection={<IconLock size={14} aria-hidden />}
              onClick={onQuarantine}
              aria-label={t('donor.quarantineOf', { din })}
              data-testid="donor-quarantine"
            >
              {t('donor.quarantine')}
            </Button>
          ) : null}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/** Scan or type a label and go to its trace. */
function TraceSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const label = value.trim().replace(/\s+/g, '');
    if (label) navigate(tracePath(label));
  };
  return (
    <Card component="section" aria-labelledby="find-title">
      <Title order={2} fz="lg" fw={600} mb="md" id="find-title">
        {t('donor.findTitle')}
      </Title>
      <form onSubmit={submit} aria-labelledby="find-title">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('donor.findLabel')}
            description={t('donor.findHint')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            leftSection={<IconBarcode size={20} aria-hidden />}
            style={{ flex: '1 1 20rem' }}
            data-testid="trace-search"
          />
          <Button type="submit" variant="light" leftSection={<IconSearch size={16} aria-hidden />}>
            {t('donor.findSubmit')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

type Fields = {
  productCode: string;
  supplier: string;
  lot: string;
  donorId: string;
  expiresAt: string;
  storageTemperature: string;
};
const FIELD_ORDER: readonly (keyof Fields)[] = [
  'productCode',
  'supplier',
  'lot',
  'donorId',
  'expiresAt',
  'storageTemperature',
];
const EMPTY: Fields = {
  productCode: '',
  supplier: '',
  lot: '',
  donorId: '',
  expiresAt: '',
  storageTemperature: '',
};

/**
 * Receiving a product. The label field is a scan field: a keyboard-wedge scanner types the label and
 * presses Enter, which saves when the other fields are filled and otherwise moves to the first empty one.
 */
function ReceiveForm() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const labelInput = useRef<HTMLInputElement>(null);
  const fieldRefs = useRef<Partial<Record<keyof Fields, HTMLInputElement | null>>>({});
  const [label, setLabel] = useState('');
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => labelInput.current?.focus(), []);
  const receive = useMutation({
    mutationFn: () => {
      const [date = '', time = ''] = fields.expiresAt.split('T');
      return api.receiveDonorProduct({
        label: label.trim().replace(/\s+/g, ''),
        productCode: fields.productCode.trim().toUpperCase(),
        supplier: fields.supplier,
        lot: fields.lot,
        donorId: fields.donorId,
        expiresAt: instantOf(date, time.slice(0, 5), me.clinic.timeZone).toISOString(),
        storageTemperature: fields.storageTemperature,
      });
    },
    onMutate: () => setDone(null),
    onSuccess: (product) => {
      setDone(spacedDin(product.din));
      setLabel('');
      setFields((old) => ({ ...old, lot: '', donorId: '' }));
      void queryClient.invalidateQueries({ queryKey: STOCK_KEY });
    },
    onSettled: () => labelInput.current?.focus(),
  });
  const missing = FIELD_ORDER.find((k) => !fields[k].trim());
  const submit = () => {
    if (!label.trim()) return labelInput.current?.focus();
    if (missing) return fieldRefs.current[missing]?.focus();
    receive.mutate();
  };
  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    submit();
  };
  const set = (key: keyof Fields) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setFields((old) => ({ ...old, [key]: value }));
  };
  const error = receive.error;
  const errorText = isMistyped(error)
    ? t('donor.mistyped')
    : error instanceof ApiError && error.code === 'conflict'
      ? t('donor.duplicate')
      : undefined;
  const field = (key: keyof Fields) => ({
    ref: (el: HTMLInputElement | null) => {
      fieldRefs.current[key] = el;
    },
    value: fields[key],
    onChange: set(key),
    required: true,
    'data-testid': `receive-${key}`,
  });
  return (
    <Card component="section" aria-labelledby="receive-title" data-testid="receive-form">
      <Title order={2} fz="lg" fw={600} mb="md" id="receive-title">
        {t('donor.receiveTitle')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <TextInput
            ref={labelInput}
            label={t('donor.label')}
            description={t('donor.labelHint')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            onKeyDown={onScanKey}
            size="lg"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            required
            leftSection={<IconBarcode size={22} aria-hidden />}
            error={
              isMistyped(error) || (error instanceof ApiError && error.code === 'conflict') ? true : undefined
            }
            data-testid="receive-label"
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
            <TextInput
              label={t('donor.productCode')}
              description={t('donor.productCodeHint')}
              dir="ltr"
              maxLength={8}
              autoComplete="off"
              {...field('productCode')}
            />
            <TextInput label={t('donor.supplier')} {...field('supplier')} />
            <TextInput label={t('donor.lot')} dir="ltr" autoComplete="off" {...field('lot')} />
            <TextInput label={t('donor.donorId')} dir="ltr" autoComplete="off" {...field('donorId')} />
            <TextInput label={t('donor.expiresAt')} type="datetime-local" {...field('expiresAt')} />
            <TextInput
              label={t('donor.storage')}
              placeholder={t('donor.storagePlaceholder')}
              {...field('storageTemperature')}
            />
          </SimpleGrid>
          <div aria-live="polite">
            {done ? (
              <Alert
                color="teal"
                variant="light"
                icon={<IconCircleCheck size={20} aria-hidden />}
                data-testid="receive-done"
              >
                {t('donor.received', { din: done })}
              </Alert>
            ) : null}
          </div>
          <ProblemAlert error={error} text={errorText} testId="receive-error" />
          <Group>
            <Button type="submit" size="md" loading={receive.isPending} data-testid="receive-submit">
              {t('donor.receiveSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function QuarantineModal({ product, onClose }: { product: DonorProduct | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const quarantine = useMutation({
    mutationFn: (p: DonorProduct) => api.quarantineDonorProduct(`${p.din}${p.check}`, reason.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: STOCK_KEY });
      close();
    },
  });
  const close = () => {
    setReason('');
    quarantine.reset();
    onClose();
  };
  return (
    <Modal
      opened={product !== null}
      onClose={close}
      title={t('donor.quarantineTitle')}
      centered
      size="lg"
      data-testid="quarantine-modal"
    >
      {product ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            quarantine.mutate(product);
          }}
          noValidate
        >
          <Stack gap="md">
            <DinInline din={product.din} check={product.check} />
            <Text size="sm" c="dimmed">
              {t('donor.quarantineHint')}
            </Text>
            <Textarea
              label={t('donor.reason')}
              description={t('donor.reasonHint')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              minRows={2}
              autosize
              required
              data-autofocus
              data-testid="quarantine-reason"
            />
            <ProblemAlert error={quarantine.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="orange.9"
                loading={quarantine.isPending}
                disabled={reason.trim().length < 5}
                data-testid="quarantine-submit"
              >
                {t('donor.quarantineSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
