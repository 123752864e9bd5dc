import {
  ActionIcon,
  Alert,
  Button,
  Center,
  CopyButton,
  Group,
  Loader,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCopy, IconLanguage, IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router-dom';
import { ApiError, type Me } from '../api';
import { useLogout } from '../auth';
import { currentLanguage, type Language, setLanguage } from '../i18n';

export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}

export function useLang(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'ar' ? 'ar' : 'en';
}

/** Turns any failure into text for the reader: by error code first, then the server's own words. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      return t(`errors.${error.code}`, { defaultValue: error.message || t('errors.unknown') });
    }
    return t('errors.unknown');
  };
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const errorText = useErrorText();
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} aria-hidden />}
      title={title ?? t('errors.title')}
      role="alert"
    >
      {errorText(error)}
    </Alert>
  );
}

/** The language toggle: shows the other language in its own script, so it can be found by anyone. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  return (
    <Button
      variant="default"
      size="sm"
      leftSection={<IconLanguage size={16} aria-hidden />}
      onClick={() => void setLanguage(other)}
      data-testid="language-switch"
      title={t('language.switchTo')}
    >
      <span lang={other}>{t(`language.names.${other}`)}</span>
    </Button>
  );
}

export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <ThemeIcon size={size} radius="md" color="brand" aria-hidden>
      <svg width={size * 0.6} height={size * 0.6} viewBox="0 0 24 24" fill="none" aria-hidden="true">
        <circle cx="12" cy="12" r="7.5" stroke="currentColor" strokeWidth="2.2" />
        <circle cx="12" cy="12" r="2.6" fill="currentColor" />
      </svg>
    </ThemeIcon>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="xl" gap="md" wrap="wrap">
      <div>
        <Title order={1} fz={26} fw={600} lh={1.25}>
          {title}
        </Title>
        {subtitle ? (
          <Text c="dimmed" size="sm" mt={6}>
            {subtitle}
          </Text>
        ) : null}
      </div>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}

/** A read-only link with a copy button, for invitation links. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      dir="ltr"
      onFocus={(e) => e.currentTarget.select()}
      data-testid="invite-link"
      rightSectionWidth={44}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? t('common.copied') : t('common.copyLink')}
              >
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

export function roleLabelKey(role: string): string {
  return `roles.${role}`;
}

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" component="main">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function InlineLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}

/** Sign out: a labelled button on wide screens, an icon button (with an accessible name) on phones. */
export function LogoutButton() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        size="sm"
        visibleFrom="sm"
        leftSection={<IconLogout size={16} aria-hidden />}
        onClick={() => logout.mutate()}
        loading={logout.isPending}
      >
        {t('shell.logout')}
      </Button>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        hiddenFrom="sm"
        onClick={() => logout.mutate()}
        loading={logout.isPending}
        aria-label={t('shell.logout')}
      >
        <IconLogout size={18} aria-hidden />
      </ActionIcon>
    </>
  );
}
