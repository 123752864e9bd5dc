import { Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { homeFor, useMe, useSignedIn } from '../auth';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert, FullPageLoader } from '../components/common';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me, isPending } = useMe();
  const signedIn = useSignedIn();
  const from = (location.state as { from?: string } | null)?.from;

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (EMAIL.test(v.trim()) ? null : t('validation.email')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });

  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) =>
      api.login(values.email.trim(), values.password),
    onSuccess: (user) => {
      signedIn(user);
      const target = user.role === 'patient' ? '/portal' : from && from !== '/portal' ? from : '/';
      navigate(target, { replace: true });
    },
  });

  if (isPending) return <FullPageLoader />;
  if (me && !login.isSuccess) return <Navigate to={homeFor(me)} replace />;

  return (
    <AuthLayout>
      <Stack gap="lg">
        <div>
          <Title order={1} fz={24} fw={600}>
            {t('login.title')}
          </Title>
          <Text c="dimmed" size="sm" mt={6}>
            {t('login.subtitle')}
          </Text>
        </div>
        <ErrorAlert error={login.error} title={t('login.failed')} />
        <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
          <Stack gap="md">
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              dir="ltr"
              required
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" fullWidth size="md" mt="xs" loading={login.isPending}>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </AuthLayout>
  );
}
