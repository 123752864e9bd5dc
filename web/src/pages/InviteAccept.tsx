import { Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../api';
import { homeFor, useSignedIn } from '../auth';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert, InlineLoader, useErrorText, useLang } from '../components/common';
import { formatDateTime } from '../format';

const MIN_PASSWORD = 12;

export function InviteAcceptPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const info = useQuery({ queryKey: ['invite', token], queryFn: () => api.invite(token), retry: false });

  return (
    <AuthLayout>
      {info.isPending ? <InlineLoader /> : null}
      {info.isError ? (
        <Stack gap="md">
          <Title order={1} fz={24} fw={600}>
            {t('invite.invalidTitle')}
          </Title>
          {info.error instanceof ApiError && info.error.status === 404 ? (
            <Text c="dimmed">{t('invite.invalid')}</Text>
          ) : (
            <ErrorAlert error={info.error} />
          )}
          <Anchor component={Link} to="/login" fw={500}>
            {t('invite.goToLogin')}
          </Anchor>
        </Stack>
      ) : null}
      {info.data ? <AcceptForm token={token} info={info.data} /> : null}
    </AuthLayout>
  );
}

function AcceptForm({ token, info }: { token: string; info: Awaited<ReturnType<typeof api.invite>> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { displayName: info.displayName, password: '', confirm: '' },
    validate: {
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) =>
        [...v].length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD }),
      confirm: (v, values) => (v === values.password ? null : t('validation.passwordMatch')),
    },
  });
  const accept = useMutation({
    mutationFn: (v: { displayName: string; password: string }) =>
      api.acceptInvite(token, v.password, v.displayName),
    onSuccess: (user) => {
      signedIn(user);
      navigate(homeFor(user), { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.field === 'password' || error.field === 'displayName')) {
        form.setFieldError(error.field, errorText(error));
      }
    },
  });

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={24} fw={600}>
          {t('invite.title', { clinic: info.clinicName })}
        </Title>
        <Text c="dimmed" size="sm" mt={6}>
          {info.role === 'patient'
            ? t('invite.subtitlePatient')
            : t('invite.subtitleStaff', { role: t(`roles.${info.role}`) })}
        </Text>
      </div>
      <Stack gap={4}>
        <Text size="xs" fw={600} c="dimmed">
          {t('invite.email')}
        </Text>
        <Text size="sm" fw={500}>
          <span className="cp-ltr" data-testid="invite-email">
            {info.email}
          </span>
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          {t('invite.expires', {
            date: formatDateTime(info.expiresAt, lang, Intl.DateTimeFormat().resolvedOptions().timeZone),
          })}
        </Text>
      </Stack>
      {accept.error && !(accept.error instanceof ApiError && accept.error.field) ? (
        <ErrorAlert error={accept.error} />
      ) : null}
      <form onSubmit={form.onSubmit((v) => accept.mutate(v))} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('invite.displayName')}
            dir="auto"
            required
            autoComplete="name"
            {...form.getInputProps('displayName')}
          />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint', { count: MIN_PASSWORD })}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('invite.confirm')}
            required
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" size="md" fullWidth mt="xs" loading={accept.isPending}>
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
