import { DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError, canReadOutbox } from './api';
import { homeFor, ME_KEY, useClinicLanguage, useMe } from './auth';
import { FullPageLoader } from './components/common';
import { PortalShell } from './components/PortalShell';
import { StaffShell } from './components/StaffShell';
import { currentLanguage, directionOf, isLanguage } from './i18n';
import { BoardPage } from './pages/Board';
import { DischargeInstructionsPage } from './pages/DischargeInstructions';
import { DonorProductsPage } from './pages/DonorProducts';
import { InviteAcceptPage } from './pages/InviteAccept';
import { LoginPage } from './pages/Login';
import { OutboxPage } from './pages/Outbox';
import { PatientNewPage } from './pages/PatientNew';
import { PatientViewPage } from './pages/PatientView';
import { PortalConsentPage, PortalPreparationIndex, PortalPreparationPage } from './pages/PortalCare';
import { PortalGuidePage } from './pages/PortalGuide';
import { PortalHomePage } from './pages/PortalHome';
import { PreparationPage } from './pages/Preparation';
import { ProductTracePage } from './pages/ProductTrace';
import { ProtocolEditPage, ProtocolsPage, ProtocolVersionPage } from './pages/Protocols';
import { SessionDayPage } from './pages/SessionDay';
import { StaffAdminPage } from './pages/StaffAdmin';
import { StaffHomePage } from './pages/StaffHome';
import { cssVariablesResolver, makeTheme } from './theme';

/** When the session ends mid-visit (idle or absolute expiry), forget the user; the route guards then ask to sign in. */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated') {
    queryClient.setQueryData(ME_KEY, null);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <DirectionProvider initialDirection={directionOf(currentLanguage())} detectDirection={false}>
        <ThemedApp />
      </DirectionProvider>
    </QueryClientProvider>
  );
}

function ThemedApp() {
  const { i18n, t } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'en';
  const { setDirection } = useDirection();
  useEffect(() => {
    setDirection(directionOf(lang));
    document.title = t('app.name');
  }, [lang, setDirection, t]);
  const theme = useMemo(() => makeTheme(lang), [lang]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </MantineProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invite/:token" element={<InviteAcceptPage />} />
      <Route element={<RequireStaff />}>
        <Route index element={<StaffHomePage />} />
        <Route path="/patients/new" element={<PatientNewPage />} />
        <Route path="/patients/:id" element={<PatientViewPage />} />
        <Route path="/sessions/:sessionId/preparation" element={<PreparationPage />} />
        <Route path="/sessions/:sessionId/day" element={<SessionDayPage />} />
        <Route path="/sessions/:sessionId/discharge-instructions" element={<DischargeInstructionsPage />} />
        <Route path="/board" element={<BoardPage />} />
        <Route path="/donor-products" element={<DonorProductsPage />} />
        <Route path="/products/:label/trace" element={<ProductTracePage />} />
        <Route path="/protocols" element={<ProtocolsPage />} />
        <Route path="/protocols/versions/:versionId" element={<ProtocolVersionPage />} />
        <Route path="/protocols/:code/edit" element={<ProtocolEditPage />} />
        <Route path="/outbox" element={<RequireOutboxReader />} />
        <Route path="/staff" element={<RequireAdmin />} />
      </Route>
      <Route path="/portal" element={<RequirePatient />}>
        <Route index element={<PortalHomePage />} />
        <Route path="guide" element={<PortalGuidePage />} />
        <Route path="guide/print" element={<PortalGuidePage print />} />
        <Route path="preparation" element={<PortalPreparationIndex />} />
        <Route path="preparation/:sessionId" element={<PortalPreparationPage />} />
        <Route path="consent" element={<PortalConsentPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

function RequireStaff() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  useClinicLanguage(me);
  if (isPending) return <FullPageLoader />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.role === 'patient') return <Navigate to={homeFor(me)} replace />;
  return (
    <StaffShell me={me}>
      <Outlet context={me} />
    </StaffShell>
  );
}

function RequireAdmin() {
  const { data: me } = useMe();
  if (me?.role !== 'admin') return <Navigate to="/" replace />;
  return <StaffAdminPage />;
}

/** The server refuses the outbox to other roles; send them home rather than to an error. */
function RequireOutboxReader() {
  const { data: me } = useMe();
  if (!me || !canReadOutbox(me.role)) return <Navigate to="/" replace />;
  return <OutboxPage />;
}

function RequirePatient() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  useClinicLanguage(me);
  if (isPending) return <FullPageLoader />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.role !== 'patient') return <Navigate to={homeFor(me)} replace />;
  return (
    <PortalShell me={me}>
      <Outlet context={me} />
    </PortalShell>
  );
}
