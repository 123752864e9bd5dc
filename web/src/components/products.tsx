import { Alert, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useErrorText, useLang } from './common';

/** The eye-readable DIN: facility, year, sequence (the check character is shown boxed beside it). */
export function spacedDin(din: string): string {
  return `${din.slice(0, 5)} ${din.slice(5, 7)} ${din.slice(7)}`;
}

/** Codes the server gives for an identifier whose check character (or shape) is wrong: a mistyped label. */
export const MISTYPED_CODES = ['check_mismatch', 'malformed', 'bad_facility', 'flag_mismatch'] as const;

export function isMistyped(error: unknown): boolean {
  return error instanceof ApiError && (MISTYPED_CODES as readonly string[]).includes(error.code);
}

/** A DIN in a line of text or a table cell, with its check character boxed (always left to right). */
export function DinInline({ din, check, testId }: { din: string; check: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Group
      component="span"
      gap={6}
      dir="ltr"
      lang="en"
      className="cp-din cp-din-sm"
      display="inline-flex"
      wrap="nowrap"
      data-testid={testId}
    >
      <span className="cp-din-text">{spacedDin(din)}</span>
      <span className="cp-din-check" title={t('day.product.check')}>
        {check}
      </span>
    </Group>
  );
}

/** A refusal from the server in the reader's words, with the server's own detail below (English). */
export function ProblemAlert({ error, text, testId }: { error: unknown; text?: string; testId?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const lang = useLang();
  if (!error) return null;
  const headline = text ?? errorText(error);
  const detail = error instanceof ApiError ? error.message : '';
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} aria-hidden />}
      title={t('errors.title')}
      role="alert"
      data-testid={testId}
      data-code={error instanceof ApiError ? error.code : undefined}
    >
      <Text size="sm">{headline}</Text>
      {detail && detail !== headline ? (
        <Text size="sm" mt={6} c="dimmed" {...(lang === 'ar' ? { lang: 'en', dir: 'ltr' } : {})}>
          {detail}
        </Text>
      ) : null}
    </Alert>
  );
}
