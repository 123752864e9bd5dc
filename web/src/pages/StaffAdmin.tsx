import {
  Box,
  Button,
  Card,
  Grid,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type Invite, STAFF_ROLES, type StaffRole } from '../api';
import {
  CopyField,
  ErrorAlert,
  InlineLoader,
  PageHeader,
  useCurrentUser,
  useErrorText,
  useLang,
} from '../components/common';
import { formatDateTime, formatInstantDate } from '../format';
import { emailProblem } from '../validation';

export function StaffAdminPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const staff = useQuery({ queryKey: ['staff'], queryFn: api.staff });
  const now = Date.now();

  return (
    <>
      <PageHeader title={t('staff.title')} subtitle={t('staff.subtitle')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card p={0}>
            <Title order={2} fz="lg" fw={600} p="lg" pb="sm">
              {t('staff.listTitle')}
            </Title>
            {staff.isPending ? <InlineLoader /> : null}
            {staff.isError ? (
              <div style={{ padding: 'var(--mantine-spacing-lg)' }}>
                <ErrorAlert error={staff.error} />
              </div>
            ) : null}
            {staff.data ? (
              <Table.ScrollContainer minWidth={520}>
                <Table
                  className="cp-table"
                  verticalSpacing="sm"
                  horizontalSpacing="lg"
                  data-testid="staff-table"
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('staff.name')}</Table.Th>
                      <Table.Th scope="col">{t('staff.role')}</Table.Th>
                      <Table.Th scope="col">{t('staff.since')}</Table.Th>
                      <Table.Th scope="col">{t('staff.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {staff.data.map((u) => {
                      const locked = u.lockedUntil !== null && new Date(u.lockedUntil).getTime() > now;
                      return (
                        <Table.Tr key={u.id}>
                          <Table.Td>
                            <Text size="sm" fw={600}>
                              <bdi>{u.displayName}</bdi>
                            </Text>
                            <Text size="xs" c="dimmed">
                              <span className="cp-ltr">{u.email}</span>
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{t(`roles.${u.role}`)}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                              {formatInstantDate(u.createdAt, lang, me.clinic.timeZone, 'medium')}
                            </Text>
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {locked && u.lockedUntil ? (
                              <StatusDot color="var(--mantine-color-orange-7)">
                                {t('staff.lockedUntil', {
                                  date: formatDateTime(u.lockedUntil, lang, me.clinic.timeZone),
                                })}
                              </StatusDot>
                            ) : (
                              <StatusDot color="var(--mantine-color-teal-6)">{t('staff.active')}</StatusDot>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : null}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <InviteStaffCard />
        </Grid.Col>
      </Grid>
    </>
  );
}

function StatusDot({ color, children }: { color: string; children: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap">
      <Box w={8} h={8} style={{ borderRadius: '50%', background: color, flex: 'none' }} aria-hidden />
      <Text size="sm">{children}</Text>
    </Group>
  );
}

function InviteStaffCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const errorText = useErrorText();
  const form = useForm<{ email: string; displayName: string; role: StaffRole | '' }>({
    initialValues: { email: '', displayName: '', role: '' },
    validate: {
      email: (v) => (!v.trim() ? t('validation.required') : emailProblem(v) ? t('validation.email') : null),
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      role: (v) => (v ? null : t('validation.chooseOne')),
    },
  });
  const invite = useMutation<Invite, unknown, { email: string; displayName: string; role: StaffRole }>({
    mutationFn: api.inviteStaff,
    onError: (error) => {
      if (
        error instanceof ApiError &&
        error.field &&
        ['email', 'displayName', 'role'].includes(error.field)
      ) {
        form.setFieldError(error.field, errorText(error));
      }
    },
  });

  return (
    <Card>
      <Title order={2} fz="lg" fw={600}>
        {t('staff.inviteTitle')}
      </Title>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        {t('staff.inviteHint')}
      </Text>
      <form
        onSubmit={form.onSubmit((v) => {
          if (!v.role) return;
          invite.mutate({ email: v.email.trim(), displayName: v.displayName.trim(), role: v.role });
        })}
        noValidate
      >
        <Stack gap="md">
          <TextInput
            label={t('staff.email')}
            type="email"
            dir="ltr"
            required
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('staff.displayName')}
            required
            dir="auto"
            {...form.getInputProps('displayName')}
          />
          <NativeSelect
            label={t('staff.role')}
            required
            data={[
              { value: '', label: t('common.choose'), disabled: true },
              ...STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
            ]}
            {...form.getInputProps('role')}
          />
          {invite.error && !(invite.error instanceof ApiError && invite.error.field) ? (
            <ErrorAlert error={invite.error} />
          ) : null}
          <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} loading={invite.isPending}>
            {t('staff.inviteSubmit')}
          </Button>
          {invite.data ? (
            <Stack gap="xs" data-testid="staff-invite-result">
              <Text size="sm" fw={600} role="status">
                {t('staff.inviteCreated', { email: invite.data.email })}
              </Text>
              <CopyField
                label={t('staff.inviteLink')}
                value={window.location.origin + invite.data.inviteUrl}
              />
              <Text size="xs" c="dimmed">
                {t('invite.expires', {
                  date: formatDateTime(invite.data.expiresAt, lang, me.clinic.timeZone),
                })}
              </Text>
            </Stack>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}
