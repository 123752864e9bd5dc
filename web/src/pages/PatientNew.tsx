import { Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, api, type NewPatient, SEXES, type Sex } from '../api';
import { ErrorAlert, PageHeader, useCurrentUser, useErrorText, useLang } from '../components/common';
import { todayIso } from '../format';
import { dateOfBirthProblem, emailProblem, nameProblem, phoneProblem } from '../validation';

type Values = {
  givenName: string;
  familyName: string;
  givenNameAr: string;
  familyNameAr: string;
  dateOfBirth: string;
  sex: Sex | '';
  phone: string;
  email: string;
  preferredLanguage: 'en' | 'ar';
  mrn: string;
};

const FIELDS = new Set<string>([
  'givenName',
  'familyName',
  'givenNameAr',
  'familyNameAr',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'preferredLanguage',
  'mrn',
]);

export function PatientNewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorText = useErrorText();

  const form = useForm<Values>({
    initialValues: {
      givenName: '',
      familyName: '',
      givenNameAr: '',
      familyNameAr: '',
      dateOfBirth: '',
      sex: '',
      phone: '',
      email: '',
      preferredLanguage: lang,
      mrn: '',
    },
    validate: (v) => {
      const errors: Partial<Record<keyof Values, string>> = {};
      const name = nameProblem(v);
      if (name) errors[name.field] = t(`validation.${name.key}`);
      const dob = dateOfBirthProblem(v.dateOfBirth, me.clinic.timeZone);
      if (dob) errors.dateOfBirth = t(`validation.dateOfBirth.${dob}`);
      if (!v.sex) errors.sex = t('validation.chooseOne');
      if (emailProblem(v.email)) errors.email = t('validation.email');
      if (phoneProblem(v.phone)) errors.phone = t('validation.phone');
      if (v.mrn.trim() && !/^[A-Za-z0-9-]{1,32}$/.test(v.mrn.trim())) errors.mrn = t('validation.mrn');
      return errors;
    },
  });

  const create = useMutation({
    mutationFn: (values: NewPatient) => api.createPatient(values),
    onSuccess: (patient) => {
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      queryClient.setQueryData(['patient', patient.id], patient);
      navigate(`/patients/${patient.id}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.field && FIELDS.has(error.field)) {
        const message =
          error.code === 'conflict' && error.field === 'mrn' ? t('validation.mrnTaken') : errorText(error);
        form.setFieldError(error.field, message);
      }
    },
  });

  const submit = form.onSubmit((v) => {
    if (!v.sex) return;
    create.mutate({ ...v, sex: v.sex });
  });

  const fieldError = create.error instanceof ApiError && create.error.field && FIELDS.has(create.error.field);

  return (
    <>
      <PageHeader title={t('patientForm.title')} subtitle={t('patientForm.subtitle')} />
      <form onSubmit={submit} noValidate>
        <Stack gap="lg" maw={820}>
          {create.error && !fieldError ? <ErrorAlert error={create.error} /> : null}
          {create.error && fieldError ? (
            <ErrorAlert error={create.error} title={t('patientForm.fixErrors')} />
          ) : null}

          <Card>
            <Title order={2} fz="lg" fw={600}>
              {t('patientForm.nameSection')}
            </Title>
            <Text size="sm" c="dimmed" mt={4} mb="md">
              {t('patientForm.nameHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t('patient.givenName')}
                autoComplete="off"
                lang="en"
                dir="ltr"
                {...form.getInputProps('givenName')}
              />
              <TextInput
                label={t('patient.familyName')}
                autoComplete="off"
                lang="en"
                dir="ltr"
                {...form.getInputProps('familyName')}
              />
              <TextInput
                label={t('patient.givenNameAr')}
                autoComplete="off"
                lang="ar"
                dir="rtl"
                {...form.getInputProps('givenNameAr')}
              />
              <TextInput
                label={t('patient.familyNameAr')}
                autoComplete="off"
                lang="ar"
                dir="rtl"
                {...form.getInputProps('familyNameAr')}
              />
            </SimpleGrid>
          </Card>

          <Card>
            <Title order={2} fz="lg" fw={600} mb="md">
              {t('patientForm.detailsSection')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t('patient.dateOfBirth')}
                type="date"
                required
                max={todayIso(me.clinic.timeZone)}
                min="1900-01-01"
                {...form.getInputProps('dateOfBirth')}
              />
              <NativeSelect
                label={t('patient.sex')}
                required
                data={[
                  { value: '', label: t('common.choose'), disabled: true },
                  ...SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) })),
                ]}
                {...form.getInputProps('sex')}
              />
              <TextInput
                label={t('patient.phone')}
                type="tel"
                dir="ltr"
                autoComplete="off"
                description={t('patientForm.phoneHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                {...form.getInputProps('phone')}
              />
              <TextInput
                label={t('patient.email')}
                type="email"
                dir="ltr"
                autoComplete="off"
                {...form.getInputProps('email')}
              />
              <NativeSelect
                label={t('patient.preferredLanguage')}
                data={[
                  { value: 'en', label: t('language.names.en') },
                  { value: 'ar', label: t('language.names.ar') },
                ]}
                {...form.getInputProps('preferredLanguage')}
              />
              <TextInput
                label={t('patient.mrn')}
                description={t('patientForm.mrnHint')}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                dir="ltr"
                autoComplete="off"
                {...form.getInputProps('mrn')}
              />
            </SimpleGrid>
          </Card>

          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to="/">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('patientForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
