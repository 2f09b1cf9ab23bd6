// The frame around every screen once signed in: a header with the institution, the language
// switch, notifications and the account; the navigation for the role; the screen itself.
import { useEffect, useState } from 'preact/hooks';
import { api } from './lib/api.js';
import { LANGUAGES, useLabel, useLang, useT } from './lib/i18n.js';
import { match, useLocation } from './lib/router.js';
import { isStaff, useSession } from './lib/session.js';
import { Icon } from './components/Icon.jsx';
import { Home } from './screens/Home.jsx';
import { CaseList } from './screens/CaseList.jsx';
import { CaseSearch } from './screens/CaseSearch.jsx';
import { NewCase } from './screens/NewCase.jsx';
import { CasePage } from './case/CasePage.jsx';
import { PrintCase } from './screens/PrintCase.jsx';
import { Referrals } from './screens/Referrals.jsx';
import { ReferralPage } from './screens/ReferralPage.jsx';
import { PrintReferral } from './screens/PrintReferral.jsx';
import { EmergencyAccess } from './screens/EmergencyAccess.jsx';
import { Notifications } from './screens/Notifications.jsx';
import { Account } from './screens/Account.jsx';
import { Transfers } from './screens/Transfers.jsx';
import { Dashboard } from './governance/Dashboard.jsx';
import { Meetings } from './governance/Meetings.jsx';
import { MeetingPage } from './governance/MeetingPage.jsx';
import { MeetingRequests } from './governance/MeetingRequests.jsx';
import { ActionPlans } from './governance/ActionPlans.jsx';
import { ActionPlanPage } from './governance/ActionPlanPage.jsx';
import { Trainings } from './governance/Trainings.jsx';
import { PrintMeeting } from './governance/PrintMeeting.jsx';
import { PrintPlan } from './governance/PrintPlan.jsx';
import { NotFound } from './screens/NotFound.jsx';
// Reports, the national view, the audit log and the administrator's screens (issue 13).
import { Reports } from './screens/Reports.jsx';
import { HateCrimes } from './screens/HateCrimes.jsx';
import { PoliceFeedback } from './governance/PoliceFeedback.jsx';
import { NationalView } from './screens/NationalView.jsx';
import { AuditLog } from './screens/AuditLog.jsx';
import { Tokens } from './screens/Tokens.jsx';
import { Municipalities, MunicipalityPage } from './admin/Municipalities.jsx';
import { InstitutionPage, Institutions } from './admin/Institutions.jsx';
import { MechanismPage, Mechanisms } from './admin/Mechanisms.jsx';
import { UserPage, Users } from './admin/Users.jsx';
// Intake triage and third-party reports by CSOs (issue 14).
import { Intake } from './screens/Intake.jsx';
// Retention, erasure and legal hold (issue 16).
import { Retention } from './admin/Retention.jsx';
import { LegalHoldPage } from './screens/LegalHoldPage.jsx';
import { IntakeReport } from './screens/IntakeReport.jsx';
// The data-protection officer's screen: the record of processing, a person's copy (issue 16).
import { DataProtection } from './screens/DataProtection.jsx';

const ROUTES = [
  ['/', Home],
  ['/cases', CaseList],
  ['/cases/new', NewCase],
  ['/cases/search', CaseSearch],
  ['/cases/:id/print', PrintCase],
  ['/cases/:id', CasePage],
  ['/cases/:id/:tab', CasePage],
  ['/referrals', Referrals],
  ['/referrals/:id/print', PrintReferral],
  ['/referrals/:id', ReferralPage],
  ['/transfers', Transfers],
  // the mechanism's governance (coordinators; member institutions read meetings)
  ['/mechanisms/:id', Dashboard],
  ['/mechanisms/:id/meetings', Meetings],
  ['/mechanisms/:id/requests', MeetingRequests],
  ['/mechanisms/:id/plans', ActionPlans],
  ['/mechanisms/:id/police-feedback', PoliceFeedback],
  ['/meetings/:id/print', PrintMeeting],
  ['/meetings/:id', MeetingPage],
  ['/action-plans/:id/print', PrintPlan],
  ['/action-plans/:id', ActionPlanPage],
  ['/trainings', Trainings],
  ['/emergency', EmergencyAccess],
  ['/notifications', Notifications],
  ['/account', Account],
  // Reports, the national view, the audit log and the administrator's screens (issue 13).
  ['/reports', Reports],
  ['/reports/hate-crimes', HateCrimes],
  ['/national', NationalView],
  ['/audit', AuditLog],
  ['/tokens', Tokens],
  ['/admin/municipalities', Municipalities],
  ['/admin/municipalities/:id', MunicipalityPage],
  ['/admin/institutions', Institutions],
  ['/admin/institutions/:id', InstitutionPage],
  ['/admin/mechanisms', Mechanisms],
  ['/admin/mechanisms/:id', MechanismPage],
  ['/admin/users', Users],
  ['/admin/users/:id', UserPage],
  ['/intake', Intake],
  ['/intake/:id', IntakeReport],
  ['/data-protection', DataProtection],
  // Retention, erasure and legal hold (issue 16).
  ['/admin/retention', Retention],
  ['/legal-hold/:id', LegalHoldPage],
];

function route(path) {
  for (const [pattern, Screen] of ROUTES) {
    const params = match(pattern, path);
    if (params) return { Screen, params };
  }
  return { Screen: NotFound, params: {} };
}

function navItems(user, directory) {
  const items = [['/', 'nav.home']];
  const first = directory.myMechanisms[0];
  if (isStaff(user)) {
    items.push(['/cases', 'nav.cases'], ['/referrals', 'nav.referrals'], ['/cases/new', 'nav.new_case'], ['/emergency', 'nav.emergency']);
    if (first) items.push([`/mechanisms/${first.id}/meetings`, 'nav.meetings']);
  } else if (user.role === 'coordinator') {
    items.push(['/cases', 'nav.cases']);
    if (first) items.push([`/mechanisms/${first.id}/meetings`, 'nav.meetings'], [`/mechanisms/${first.id}/plans`, 'nav.plans']);
    items.push(['/trainings', 'nav.trainings']);
  } else if (user.role === 'national') {
    items.push(['/trainings', 'nav.trainings']);
  }
  // Reports, the national view, the audit log and the administrator's screens (issue 13).
  if (user.role === 'admin')
    items.push(['/admin/users', 'nav.users'], ['/admin/institutions', 'nav.institutions'], ['/admin/mechanisms', 'nav.mechanisms'], ['/admin/municipalities', 'nav.municipalities']);
  if (['coordinator', 'national', 'admin'].includes(user.role)) items.push(['/reports', 'nav.reports']);
  if (['national', 'admin'].includes(user.role)) items.push(['/national', 'nav.national']);
  if (user.role === 'auditor') items.push(['/audit', 'nav.audit']);
  if (user.role === 'admin') items.push(['/tokens', 'nav.tokens']);
  if (['auditor', 'admin'].includes(user.role)) items.push(['/data-protection', 'nav.data_protection']);
  // The intake queue: coordinators, and the staff of the police (the hate-crime contact point,
  // or a report referred to them) and of CSOs (who file reports on a victim's behalf).
  const type = directory.institution(user.institution_id)?.type;
  if (user.role === 'coordinator' || (isStaff(user) && ['police', 'cso'].includes(type))) items.splice(2, 0, ['/intake', 'nav.intake']);
  // Retention, erasure and legal hold (issue 16).
  if (user.role === 'admin') items.push(['/admin/retention', 'nav.retention']);
  items.push(['/notifications', 'nav.notifications']);
  return items;
}

/* Unread notifications, asked again on every change of screen and each minute. */
function useUnread(path) {
  const [count, setCount] = useState(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api
        .get('/notifications?unread=true&limit=100', { quiet: true })
        .then((p) => live && setCount(p.next ? '99+' : p.items.length))
        .catch(() => {});
    load();
    const timer = setInterval(load, 60000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path]);
  return count;
}

function LanguageSwitch() {
  const { setLang } = useSession();
  const lang = useLang();
  const t = useT();
  const choose = (code) => {
    setLang(code);
    api.patch('/me', { locale: code }, { quiet: true }).catch(() => {});
  };
  return (
    <div class="lang-switch" role="group" aria-label={t('nav.language')}>
      {LANGUAGES.map((l) => (
        <button type="button" lang={l.code} aria-pressed={l.code === lang ? 'true' : 'false'} onClick={() => choose(l.code)}>
          {l.name}
        </button>
      ))}
    </div>
  );
}

export function Shell() {
  const { user, directory, signOut, refreshDirectory } = useSession();
  const t = useT();
  const label = useLabel();
  const { path, query } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const unread = useUnread(path);
  const { Screen, params } = route(path);
  const current = (to) => (to === '/' ? path === '/' : path === to || (to !== '/cases' && path.startsWith(`${to}/`)) || (to === '/cases' && /^\/cases\/\d/.test(path)));

  useEffect(() => {
    setMenuOpen(false);
    refreshDirectory();
  }, [path]);

  return (
    <div class="app">
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="#/">
            <span class="brand-mark" aria-hidden="true">U</span>
            <span class="brand-name">Ura</span>
          </a>
          <p class="topbar-who">
            <span class="topbar-user">{user.display_name}</span>
            <span class="topbar-role">
              {label('role', user.role)}
              {user.institution_id ? ` · ${directory.institutionName(user.institution_id)}` : ''}
            </span>
          </p>
          <div class="topbar-tools">
            <LanguageSwitch />
            <a class="topbar-link" href="#/notifications" aria-label={unread === null ? t('nav.notifications') : t('nav.notifications_count', { count: unread })}>
              <Icon name="bell" />
              {unread ? <span class="count">{unread}</span> : null}
            </a>
            <a class="topbar-link" href="#/account">
              {t('nav.account')}
            </a>
            <button type="button" class="button button--quiet" onClick={signOut}>
              {t('nav.sign_out')}
            </button>
          </div>
        </div>
        <nav class="mainnav" aria-label={t('nav.main')}>
          <button type="button" class="menu-button" aria-expanded={menuOpen ? 'true' : 'false'} aria-controls="mainnav-list" onClick={() => setMenuOpen(!menuOpen)}>
            <Icon name="menu" /> {t('nav.menu')}
          </button>
          <ul id="mainnav-list" class={menuOpen ? 'open' : ''}>
            {navItems(user, directory).map(([to, key]) => (
              <li>
                <a href={`#${to}`} aria-current={current(to) ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen key={`${ROUTES.findIndex((r) => r[1] === Screen)}:${params.id ?? ''}`} params={params} query={query} />
      </main>
    </div>
  );
}
