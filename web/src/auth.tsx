import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Me } from './api';
import { hasChosenLanguage, setLanguage } from './i18n';

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: api.me, staleTime: 5 * 60_000 });
}

export function homeFor(me: Me): string {
  return me.role === 'patient' ? '/portal' : '/';
}

/** Unless the person picked a language themselves, follow their clinic's default. */
export function useClinicLanguage(me: Me | null | undefined): void {
  const lang = me?.clinic.defaultLanguage;
  useEffect(() => {
    if (lang && !hasChosenLanguage()) void setLanguage(lang, false);
  }, [lang]);
}

export function useSignedIn() {
  const queryClient = useQueryClient();
  return (user: Me) => {
    queryClient.clear();
    queryClient.setQueryData(ME_KEY, user);
    if (!hasChosenLanguage()) void setLanguage(user.clinic.defaultLanguage, false);
  };
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    },
  });
}
