import { Alert, Anchor, Box, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, tr } from '../api';
import { ErrorAlert, InlineLoader, useLang } from '../components/common';
import { directionOf } from '../i18n';

/**
 * The discharge instructions to print and hand over, in the PATIENT's language (which may differ from
 * the staff member's): the sheet takes its own lang and dir, its words come from that language.
 */
export function DischargeInstructionsPage() {
  const { sessionId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const query = useQuery({
    queryKey: ['discharge-instructions', sessionId],
    queryFn: () => api.dischargeInstructions(sessionId),
  });
  const sheet = query.data;
  const Back = lang === 'ar' ? IconArrowRight : IconArrowLeft;
  const pl = sheet?.language === 'ar' ? 'ar' : 'en';
  const pt = i18n.getFixedT(pl);
  return (
    <>
      <Group justify="space-between" mb="lg" className="cp-no-print">
        <Anchor
          component={Link}
          to={`/sessions/${encodeURIComponent(sessionId)}/day`}
          size="sm"
          c="dimmed"
          display="inline-flex"
          style={{ alignItems: 'center', gap: 6 }}
        >
          <Back size={14} aria-hidden />
          {t('dischargeSheet.back')}
        </Anchor>
        {sheet ? (
          <Button
            size="md"
            leftSection={<IconPrinter size={18} aria-hidden />}
            onClick={() => window.print()}
          >
            {t('dischargeSheet.print')}
          </Button>
        ) : null}
      </Group>
      {query.isPending ? <InlineLoader /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {sheet ? (
        <Box
          component="article"
          lang={pl}
          dir={directionOf(pl)}
          className="cp-print-page cp-discharge-sheet"
          data-testid="discharge-sheet"
          data-language={pl}
        >
          <Stack gap="lg">
            <div>
              <Text size="sm" c="dimmed">
                {sheet.clinicName}
              </Text>
              <Title order={1} fz={26} fw={600}>
                {pt('dischargeSheet.title')}
              </Title>
              <Text mt={4}>
                {sheet.patientName} · {tr(sheet.protocolTitle, pl)}
              </Text>
            </div>
            <section>
              <Title order={2} fz="lg" mb="sm">
                {pt('dischargeSheet.postCare')}
              </Title>
              <List spacing="xs">
                {sheet.postCare.map((item) => (
                  <List.Item key={item.en}>{tr(item, pl)}</List.Item>
                ))}
              </List>
            </section>
            <section>
              <Title order={2} fz="lg" mb="sm">
                {pt('dischargeSheet.expected')}
              </Title>
              <Stack gap="xs">
                {sheet.expectedSymptoms.map((s) => (
                  <div key={s.name.en}>
                    <Text fw={600}>{tr(s.name, pl)}</Text>
                    <Text size="sm">{tr(s.usualCourse, pl)}</Text>
                  </div>
                ))}
              </Stack>
            </section>
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={20} aria-hidden />}
              title={pt('dischargeSheet.redFlags')}
              data-testid="discharge-red-flags"
            >
              <List spacing="xs">
                {sheet.redFlags.map((f) => (
                  <List.Item key={f.description.en}>
                    {tr(f.description, pl)}{' '}
                    <Text component="span" fw={700}>
                      — {pt(`dischargeSheet.action.${f.action}`, { defaultValue: f.action })}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Alert>
          </Stack>
        </Box>
      ) : null}
    </>
  );
}
