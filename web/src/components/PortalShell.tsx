import { AppShell, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api';
import { BrandMark, LanguageSwitch, LogoutButton } from './common';

/** The patient's shell: the clinic, a language switch and sign-out; no staff navigation at all. */
export function PortalShell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <AppShell header={{ height: 64 }} padding={0}>
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap={10} wrap="nowrap">
            <BrandMark />
            <div>
              <Text fw={700} lh={1.2} lang="en" dir="ltr">
                {t('app.name')}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} truncate maw={260}>
                {me.clinic.name}
              </Text>
            </div>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <LogoutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
