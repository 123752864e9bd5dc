import { AppShell, Box, Button, Container, Group, ScrollArea, Text } from '@mantine/core';
import { IconBook2, IconChecklist, IconHome, IconSignature } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { Me } from '../api';
import { BrandMark, LanguageSwitch, LogoutButton } from './common';

const LINKS = [
  { to: '/portal', key: 'home', icon: IconHome, exact: true },
  { to: '/portal/guide', key: 'guide', icon: IconBook2, exact: false },
  { to: '/portal/preparation', key: 'preparation', icon: IconChecklist, exact: false },
  { to: '/portal/consent', key: 'consent', icon: IconSignature, exact: false },
] as const;

/** The patient's shell: the clinic, their few pages, a language switch and sign-out; no staff navigation. */
export function PortalShell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <AppShell header={{ height: 64 }} padding={0}>
      <AppShell.Header px="lg" className="cp-no-print">
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
      <AppShell.Main>
        <Box
          component="nav"
          aria-label={t('portalNav.label')}
          className="cp-portal-nav cp-no-print"
          data-testid="portal-nav"
        >
          <Container size={880} px={{ base: 'md', sm: 'xl' }}>
            <ScrollArea type="never">
              <Group gap={4} wrap="nowrap" py={8}>
                {LINKS.map(({ to, key, icon: Icon, exact }) => {
                  const active = exact ? pathname === to : pathname.startsWith(to);
                  return (
                    <Button
                      key={key}
                      component={Link}
                      to={to}
                      variant={active ? 'light' : 'subtle'}
                      color={active ? 'brand' : 'gray'}
                      size="sm"
                      leftSection={<Icon size={16} aria-hidden />}
                      aria-current={active ? 'page' : undefined}
                      fw={active ? 600 : 500}
                    >
                      {t(`portalNav.${key}`)}
                    </Button>
                  );
                })}
              </Group>
            </ScrollArea>
          </Container>
        </Box>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
