// Home for the roles that hold no cases: the national user, the auditor and the administrator.
// Each sees what their work is and where it starts; none of it shows case data.
import { href } from '../lib/router.js';
import { useT } from '../lib/i18n.js';
import { QUICK } from '../lib/audit.js';
import { useSession } from '../lib/session.js';
import { Page } from '../components/Common.jsx';

/* [address, title key, description key] per role. */
const WORK = {
  national: [
    ['#/national', 'nav.national', 'rolehome.national_view'],
    ['#/reports', 'nav.reports', 'rolehome.reports'],
  ],
  auditor: [
    ['#/audit', 'nav.audit', 'rolehome.audit'],
    ...QUICK.map(([key, params]) => [href('/audit', params), `audit.quick_${key}`, `rolehome.audit_${key}`]),
  ],
  admin: [
    ['#/admin/users', 'nav.users', 'rolehome.users'],
    ['#/admin/institutions', 'nav.institutions', 'rolehome.institutions'],
    ['#/admin/mechanisms', 'nav.mechanisms', 'rolehome.mechanisms'],
    ['#/admin/municipalities', 'nav.municipalities', 'rolehome.municipalities'],
    ['#/reports', 'nav.reports', 'rolehome.reports'],
    ['#/national', 'nav.national', 'rolehome.national_view'],
    ['#/tokens', 'nav.tokens', 'rolehome.tokens'],
  ],
};

export function RoleHome() {
  const t = useT();
  const { user } = useSession();
  return (
    <Page title={t('home.title')} subtitle={t('home.greeting', { name: user.display_name })}>
      <p>{t(`home.role_${user.role}`)}</p>
      <section aria-labelledby="work-title">
        <h2 id="work-title">{t('rolehome.your_work')}</h2>
        <ul class="work-links">
          {(WORK[user.role] || []).map(([to, title, text]) => (
            <li>
              <a href={to}>{t(title)}</a>
              <p>{t(text)}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
