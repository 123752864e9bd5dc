import { Alert, Button, Card, Checkbox, FileButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconShieldCheck, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Preparation, type PrepTask, tr } from '../api';
import { formatDateTime } from '../format';
import type { Language } from '../i18n';
import { DueText, FileList, OwnerBadge, TaskStatusBadge } from './care';
import { ErrorAlert } from './common';

const ACCEPT = 'application/pdf,image/jpeg,image/png';

/**
 * The preparation checklist of one session, for the patient (tick off, upload) or staff (verify).
 * `queryKey` is the query holding this preparation, refreshed after every change.
 */
export function PrepTaskList({
  preparation,
  mode,
  lang,
  queryKey,
}: {
  preparation: Preparation;
  mode: 'patient' | 'staff';
  lang: Language;
  queryKey: readonly unknown[];
}) {
  const { t } = useTranslation();
  if (preparation.tasks.length === 0) return <Text c="dimmed">{t('prep.none')}</Text>;
  return (
    <Stack gap="md" component="ol" className="cp-plain-list" data-testid="prep-tasks">
      {preparation.tasks.map((task) => (
        <li key={task.code}>
          <TaskCard task={task} preparation={preparation} mode={mode} lang={lang} queryKey={queryKey} />
        </li>
      ))}
    </Stack>
  );
}

function TaskCard({
  task,
  preparation,
  mode,
  lang,
  queryKey,
}: {
  task: PrepTask;
  preparation: Preparation;
  mode: 'patient' | 'staff';
  lang: Language;
  queryKey: readonly unknown[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessionId = preparation.sessionId;
  const tz = preparation.timeZone;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey });
    // The patient's guide holds the same checklists.
    void queryClient.invalidateQueries({ queryKey: ['portal'] });
  };
  const status = useMutation({
    mutationFn: (done: boolean) => api.setTaskDone(sessionId, task.code, done),
    onSuccess: refresh,
  });
  const verify = useMutation({ mutationFn: () => api.verifyTask(sessionId, task.code), onSuccess: refresh });
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadTaskFile(sessionId, task.code, file),
    onSuccess: refresh,
  });
  const titleId = `task-${sessionId}-${task.code}`;
  const error = status.error ?? verify.error ?? upload.error;

  return (
    <Card
      data-testid="prep-task"
      data-code={task.code}
      data-owner={task.owner}
      className={`cp-task cp-task-${task.status}`}
      aria-labelledby={titleId}
      component="article"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ flex: '1 1 20rem' }}>
          <Group gap="xs" mb={6}>
            <OwnerBadge owner={task.owner} />
            <TaskStatusBadge status={task.status} />
          </Group>
          <Title order={3} fz="md" fw={600} id={titleId}>
            {tr(task.title, lang)}
          </Title>
          <Text size="sm" fw={500} mt={4} c="brand.8">
            <DueText task={task} lang={lang} timeZone={tz} />
          </Text>
        </div>
        {mode === 'staff' && task.status !== 'verified' ? (
          <Button
            variant="light"
            size="sm"
            leftSection={<IconShieldCheck size={16} aria-hidden />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            aria-describedby={titleId}
            data-testid="task-verify"
          >
            {t('prep.verify')}
          </Button>
        ) : null}
      </Group>

      {task.owner === 'prescriber' ? (
        <Alert
          color="violet"
          variant="light"
          mt="md"
          icon={<IconInfoCircle size={18} aria-hidden />}
          data-testid="prescriber-note"
        >
          {mode === 'patient' ? t('prep.prescriberNotePatient') : t('prep.prescriberNoteStaff')}
        </Alert>
      ) : null}

      <dl className="cp-task-text">
        <dt className="cp-task-term">{t('prep.purpose')}</dt>
        <dd className="cp-task-desc">{tr(task.purpose, lang)}</dd>
        <dt className="cp-task-term">{t('prep.instructions')}</dt>
        <dd className="cp-task-desc">{tr(task.instructions, lang)}</dd>
      </dl>

      {task.status === 'verified' && task.verifiedAt ? (
        <Text size="xs" c="dimmed" mt="sm" data-testid="task-verified">
          {t('prep.verifiedBy', {
            name: task.verifiedBy ?? '—',
            date: formatDateTime(task.verifiedAt, lang, tz),
          })}
        </Text>
      ) : task.status === 'done' && task.doneAt ? (
        <Text size="xs" c="dimmed" mt="sm">
          {t('prep.doneAt', { date: formatDateTime(task.doneAt, lang, tz) })}
        </Text>
      ) : null}

      <FileList files={task.files} lang={lang} />

      <Group gap="md" mt="md" wrap="wrap" className="cp-no-print">
        {mode === 'staff' || task.owner !== 'clinic' ? (
          <Checkbox
            label={
              mode === 'staff'
                ? t('prep.markDoneStaff')
                : task.owner === 'prescriber'
                  ? t('prep.markDiscussed')
                  : t('prep.markDone')
            }
            // Shows the new state at once; the server's answer then replaces it.
            checked={status.isPending ? Boolean(status.variables) : task.status !== 'open'}
            disabled={task.status === 'verified' || status.isPending}
            onChange={(e) => status.mutate(e.currentTarget.checked)}
            data-testid="task-done"
          />
        ) : null}
        {task.requiresUpload && task.status !== 'verified' ? (
          <FileButton onChange={(file) => file && upload.mutate(file)} accept={ACCEPT}>
            {(props) => (
              <Button
                {...props}
                variant="default"
                size="sm"
                leftSection={<IconUpload size={16} aria-hidden />}
                loading={upload.isPending}
                data-testid="task-upload"
              >
                {t('prep.upload')}
              </Button>
            )}
          </FileButton>
        ) : null}
        {task.requiresUpload ? (
          <Text size="xs" c="dimmed">
            {t('prep.uploadHint')}
          </Text>
        ) : null}
      </Group>
      {error ? (
        <div style={{ marginBlockStart: 'var(--mantine-spacing-sm)' }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </Card>
  );
}
