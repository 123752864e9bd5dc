import { Box, Container, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark, LanguageSwitch } from './common';

/** The frame for signed-out pages (sign in, accept an invitation): brand, language switch, one card. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="cp-auth-page">
      <Box component="header" px="lg" py="md">
        <Group justify="space-between">
          <Group gap={10}>
            <BrandMark />
            <Text fw={700} size="lg" lang="en" dir="ltr">
              {t('app.name')}
            </Text>
          </Group>
          <LanguageSwitch />
        </Group>
      </Box>
      <Box component="main" style={{ flex: 1 }} py={{ base: 'lg', sm: 48 }}>
        <Container size={440}>
          <Paper withBorder shadow="xs" p={{ base: 'lg', sm: 36 }}>
            {children}
          </Paper>
        </Container>
      </Box>
      <Box component="footer" py="lg">
        <Text ta="center" size="xs" c="dimmed">
          {t('app.tagline')}
        </Text>
      </Box>
    </div>
  );
}
