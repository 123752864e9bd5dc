import { AppShell, Box, Burger, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBell,
  IconBuildingWarehouse,
  IconFlask,
  IconLayoutKanban,
  IconUserShield,
  IconUsers,
} from '@tabler/icons-react';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { canReadOutbox, type Me } from '../api';
import { BrandMark, LanguageSwitch, LogoutButton } from './common';

export function StaffShell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();

  useEffect(() => {
    if (location.pathname) close();
  }, [location.pathname, close]);

  const onPatients =
    location.pathname === '/' ||
    location.pathname.startsWith('/patients') ||
    (location.pathname.startsWith('/sessions') && location.pathname.endsWith('/preparation'));
  const onBoard =
    location.pathname.startsWith('/board') ||
    (location.pathname.startsWith('/sessions') && !location.pathname.endsWith('/preparation'));
  const onProtocols = location.pathname.startsWith('/protocols');
  const onDonor =
    location.pathname.startsWith('/donor-products') || location.pathname.startsWith('/products/');
  const onOutbox = location.pathname.startsWith('/outbox');
  const onStaff = location.pathname.startsWith('/staff');

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('shell.closeMenu') : t('shell.openMenu')}
            />
            <Link
              to="/"
              style={{ textDecoration: 'none', color: 'inherit' }}
              aria-label={t('shell.homeLink')}
            >
              <Group gap={10} wrap="nowrap">
                <BrandMark />
                <Text fw={700} size="lg" lh={1} lang="en" dir="ltr">
                  {t('app.name')}
                </Text>
              </Group>
            </Link>
            <Text c="dimmed" size="sm" visibleFrom="md" data-testid="clinic-name" truncate>
              <Box component="span" mx={8} aria-hidden>
                ·
              </Box>
              {me.clinic.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="sm" data-testid="current-user">
              <Text size="sm" fw={600} lh={1.3}>
                {me.displayName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.3}>
                {t(`roles.${me.role}`)}
              </Text>
            </Stack>
            <LanguageSwitch />
            <LogoutButton />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="md" aria-label={t('shell.navLabel')} data-testid="main-nav">
        <Stack gap={4}>
          <NavLink
            component={Link}
            to="/"
            label={t('nav.patients')}
            leftSection={<IconUsers size={18} aria-hidden />}
            active={onPatients}
            aria-current={onPatients ? 'page' : undefined}
            className="cp-nav-link"
            variant="light"
          />
          <NavLink
            component={Link}
            to="/board"
            label={t('nav.board')}
            leftSection={<IconLayoutKanban size={18} aria-hidden />}
            active={onBoard}
            aria-current={onBoard ? 'page' : undefined}
            className="cp-nav-link"
            variant="light"
            data-testid="nav-board"
          />
          <NavLink
            component={Link}
            to="/protocols"
            label={t('nav.protocols')}
            leftSection={<IconFlask size={18} aria-hidden />}
            active={onProtocols}
            aria-current={onProtocols ? 'page' : undefined}
            className="cp-nav-link"
            variant="light"
          />
          <NavLink
            component={Link}
            to="/donor-products"
            label={t('nav.donorProducts')}
            leftSection={<IconBuildingWarehouse size={18} aria-hidden />}
            active={onDonor}
            aria-current={onDonor ? 'page' : undefined}
            className="cp-nav-link"
            variant="light"
            data-testid="nav-donor-products"
          />
          {canReadOutbox(me.role) ? (
            <NavLink
              component={Link}
              to="/outbox"
              label={t('nav.outbox')}
              leftSection={<IconBell size={18} aria-hidden />}
              active={onOutbox}
              aria-current={onOutbox ? 'page' : undefined}
              className="cp-nav-link"
              variant="light"
              data-testid="nav-outbox"
            />
          ) : null}
          {me.role === 'admin' ? (
            <NavLink
              component={Link}
              to="/staff"
              label={t('nav.staff')}
              leftSection={<IconUserShield size={18} aria-hidden />}
              active={onStaff}
              aria-current={onStaff ? 'page' : undefined}
              className="cp-nav-link"
              variant="light"
            />
          ) : null}
        </Stack>
        <Box mt="auto" pt="md" hiddenFrom="sm">
          <Text size="sm" fw={600}>
            {me.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`roles.${me.role}`)} · {me.clinic.name}
          </Text>
        </Box>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box px={{ base: 'md', sm: 'xl' }} py="xl" maw={1180} mx="auto">
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
