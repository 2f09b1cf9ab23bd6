// Home: what needs doing today. For caseworkers and managers, the counts of their institution's
// work (each a link to the list behind it), the referral inbox with the time left to answer,
// and the cases assigned to them. A coordinator's home is their mechanism's dashboard;
// the national user, the auditor and the administrator their work (RoleHome.jsx).
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { isStaff, useSession } from '../lib/session.js';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { ReferralTable } from '../components/ReferralTable.jsx';
import { CaseTable } from '../components/CaseTable.jsx';
import { Dashboard } from '../governance/Dashboard.jsx';
import { RoleHome } from './RoleHome.jsx';

const COUNTS = [
  ['referrals_new', '/referrals?box=incoming&status=sent'],
  ['referrals_overdue', '/referrals?box=incoming&status=sent'],
  ['reviews_due', '/cases?overdue=true'],
  ['actions_overdue', '/cases?overdue=true'],
  ['orders_decision_overdue', '/cases?overdue=true'],
  ['orders_expiring', '/cases?status=active'],
  ['transfers_pending', '/transfers'],
  ['assigned_to_me', '/cases?assigned_to=me'],
  ['notifications_unread', '/notifications'],
];

function Today() {
  const t = useT();
  const { data, error } = useFetch('/worklist');
  if (error) return <Problem error={error} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title">{t('home.today')}</h2>
      <ul class="counts">
        {COUNTS.map(([key, to]) => (
          <li class={`count-card${!data[key] ? ' count-card--zero' : /overdue|due/.test(key) ? ' count-card--alert' : ''}`}>
            <a href={`#${to}`}>
              <span class="count-number">{data[key] ?? 0}</span>
              <span class="count-label">{t(`worklist.${key}`)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Inbox() {
  const t = useT();
  const { data, error } = useFetch(() => api.get(`/referrals${query({ box: 'incoming', status: 'sent', limit: 20 })}`));
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('home.inbox')}</h2>
      {error ? <Problem error={error} /> : !data ? <Loading /> : <ReferralTable items={data.items} box="incoming" />}
      <p>
        <a href="#/referrals">{t('home.all_referrals')}</a>
      </p>
    </section>
  );
}

function CaseSection({ title, params, more }) {
  const { data, error } = useFetch(() => api.get(`/cases${query({ ...params, limit: 20 })}`));
  const id = `cases-${Object.keys(params).join('-')}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {error ? <Problem error={error} /> : !data ? <Loading /> : <CaseTable items={data.items} />}
      {more}
    </section>
  );
}

export function Home() {
  const t = useT();
  const { user, directory } = useSession();
  const greeting = t('home.greeting', { name: user.display_name });
  if (isStaff(user))
    return (
      <Page title={t('home.title')} subtitle={greeting}>
        <Today />
        <Inbox />
        <CaseSection
          title={t('home.my_cases')}
          params={{ assigned_to: 'me' }}
          more={
            <p>
              <a href="#/cases">{t('home.all_cases')}</a>
            </p>
          }
        />
      </Page>
    );
  // A coordinator's home is the dashboard of their (first) mechanism.
  if (user.role === 'coordinator') return <Dashboard params={{ id: directory.myMechanisms[0]?.id }} />;
  return <RoleHome />;
}
