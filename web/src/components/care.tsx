import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConsentStatus, fileUrl, type PrepTask, type TaskFile } from '../api';
import {
  formatDate,
  formatDayDate,
  formatFileSize,
  formatHijriDate,
  formatInstantDate,
  formatTime,
} from '../format';
import type { Language } from '../i18n';

/** Severity colours: exclude red, caution amber, ok green; always with an icon and a word, never colour alone. */
export function SeverityBadge({
  severity,
  size = 'md',
}: {
  severity: 'exclude' | 'caution' | 'ok';
  size?: 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const color = severity === 'exclude' ? 'red' : severity === 'caution' ? 'orange' : 'green';
  const Icon =
    severity === 'exclude' ? IconCircleX : severity === 'caution' ? IconAlertTriangle : IconCircleCheck;
  return (
    <Badge
      color={color}
      variant="light"
      size={size}
      radius="sm"
      tt="none"
      fw={600}
      leftSection={<Icon size={14} aria-hidden />}
      className={`cp-severity cp-severity-${severity}`}
      style={{ flexShrink: 0 }}
      data-severity={severity}
    >
      {t(`severity.${severity}`)}
    </Badge>
  );
}

export function OwnerBadge({ owner }: { owner: PrepTask['owner'] }) {
  const { t } = useTranslation();
  const color = owner === 'patient' ? 'brand' : owner === 'clinic' ? 'gray' : 'violet';
  return (
    <Badge color={color} variant="light" radius="sm" tt="none" fw={600} data-owner={owner}>
      {t(`owner.${owner}`)}
    </Badge>
  );
}

export function TaskStatusBadge({ status }: { status: PrepTask['status'] }) {
  const { t } = useTranslation();
  const color = status === 'verified' ? 'green' : status === 'done' ? 'brand' : 'gray.7';
  return (
    <Badge
      color={color}
      variant={status === 'open' ? 'outline' : 'light'}
      radius="sm"
      tt="none"
      fw={600}
      data-testid="task-status"
      data-status={status}
      leftSection={status === 'verified' ? <IconCircleCheck size={14} aria-hidden /> : undefined}
    >
      {t(`taskStatus.${status}`)}
    </Badge>
  );
}

/** Which state a consent is in; `currentVersion` (when known) is the consent text the plan now requires. */
export function consentState(
  status: ConsentStatus,
  currentVersion?: number,
): 'unsigned' | 'signed' | 'witnessed' | 'outdated' {
  const signature = status.signature;
  if (!signature) return 'unsigned';
  if (currentVersion !== undefined && signature.consentVersion !== currentVersion) return 'outdated';
  if (!signature.witness) return 'signed';
  // Signed and witnessed, yet not valid: the signature is for another consent text.
  return status.valid ? 'witnessed' : 'outdated';
}

export function ConsentBadge({ status, currentVersion }: { status: ConsentStatus; currentVersion?: number }) {
  const { t } = useTranslation();
  const key = consentState(status, currentVersion);
  const color =
    key === 'witnessed' ? 'green' : key === 'signed' ? 'brand' : key === 'outdated' ? 'red' : 'orange';
  return (
    <Badge
      color={color}
      variant="light"
      radius="sm"
      tt="none"
      fw={600}
      data-testid="consent-status"
      data-state={key}
    >
      {t(`consent.state.${key}`)}
    </Badge>
  );
}

/** When a task is due: a day ("from Tuesday, 3 March"), or a time of day for fasting and the like. */
export function DueText({ task, lang, timeZone }: { task: PrepTask; lang: Language; timeZone: string }) {
  const { t } = useTranslation();
  if (task.due.kind === 'instant') {
    return (
      <span data-testid="task-due">
        {t('prep.dueAt', {
          time: formatTime(task.due.at, lang, timeZone),
          date: formatInstantDate(task.due.at, lang, timeZone),
        })}
      </span>
    );
  }
  return (
    <span data-testid="task-due">
      {task.until
        ? t('prep.dueFromUntil', {
            from: formatDayDate(task.due.date, lang),
            until: formatDate(task.until, lang),
          })
        : t('prep.dueOn', { date: formatDayDate(task.due.date, lang) })}
      {lang === 'ar' ? (
        <Text component="span" size="xs" c="dimmed" ms={6}>
          ({formatHijriDate(task.due.date)})
        </Text>
      ) : null}
    </span>
  );
}

export function FileList({ files, lang }: { files: TaskFile[]; lang: Language }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <ul className="cp-file-list" aria-label={t('prep.files')}>
      {files.map((f) => (
        <li key={f.id}>
          <Anchor href={fileUrl(f.id)} download={f.filename} size="sm" data-testid="task-file">
            <Group gap={6} component="span" wrap="nowrap" display="inline-flex">
              <IconDownload size={14} aria-hidden />
              <bdi>{f.filename}</bdi>
            </Group>
          </Anchor>
          <Text component="span" size="xs" c="dimmed" ms={8}>
            {formatFileSize(f.size, lang)}
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** A label/value pair inside a `.cp-details` definition list. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "20–40 min", with the reader's digits. */
export function useDuration(): (min: number, max: number) => string {
  const { t } = useTranslation();
  return (min, max) =>
    min === max ? t('protocol.minutes', { count: min }) : t('protocol.minutesRange', { min, max });
}
