// The coordinator's dashboard: the mechanism's open cases by risk level and what is late
// (referrals, risk reviews, protection orders, actions), requests for ad hoc meetings, and this
// year's compliance (regular meetings held per quarter against the minimum). Every number
// leads to the list behind it, which shows what the coordinator may see: case summaries.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { href } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';
import { MechanismNav } from './MechanismNav.jsx';
import { isCoordinatorOf, useMechanism } from './mechanism.js';

const RISKS = ['extreme', 'high', 'medium', 'standard', 'unassessed'];

function Count({ n, label, to, alert }) {
  return (
    <li class={`count-card${!n ? ' count-card--zero' : alert ? ' count-card--alert' : ''}`}>
      <a href={to}>
        <span class="count-number">{n}</span>
        <span class="count-label">{label}</span>
      </a>
    </li>
  );
}

function Compliance({ c }) {
  const t = useT();
  const perQuarter = Math.ceil(c.minimum_per_year / 4);
  return (
    <section aria-labelledby="compliance-title">
      <h2 id="compliance-title">{t('dash.compliance', { year: c.year })}</h2>
      <p class={c.meets_minimum ? 'compliance compliance--ok' : 'compliance compliance--short'}>
        {t('dash.held_of', { held: c.held, minimum: c.minimum_per_year })}{' '}
        <strong>{c.meets_minimum ? t('dash.meets') : t('dash.short')}</strong>
      </p>
      <table class="table quarters">
        <caption class="visually-hidden">{t('dash.quarters_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.quarter')}</th>
            <th scope="col">{t('dash.regular_held')}</th>
            <th scope="col">{t('dash.all_held')}</th>
          </tr>
        </thead>
        <tbody>
          {c.quarters.map((q) => (
            <tr class={q.regular < 1 ? 'row--overdue' : undefined}>
              <th scope="row">{t('dash.q', { n: q.quarter })}</th>
              <td>
                <span class="bar" aria-hidden="true">
                  <span class="bar-fill" style={{ width: `${Math.min(100, (q.regular / Math.max(1, perQuarter)) * 100)}%` }} />
                </span>{' '}
                {q.regular}
              </td>
              <td>{q.held}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Dashboard({ params }) {
  const t = useT();
  const label = useLabel();
  const { user } = useSession();
  const { mechanism, mine } = useMechanism(params.id);
  const id = mechanism?.id;
  const { data, error } = useFetch(() => (id ? api.get(`/mechanisms/${id}/dashboard`) : Promise.resolve(null)), [id]);
  if (!mechanism)
    return (
      <Page title={t('dash.title')}>
        <Notice kind="warning">
          <p>{t('gov.no_mechanism')}</p>
        </Notice>
      </Page>
    );
  const cases = (extra) => href('/cases', { mechanism_id: String(id), ...extra });
  return (
    <Page title={t('dash.title')} subtitle={mechanism.name} wide>
      <MechanismNav mechanism={mechanism} current="" mine={mine} coordinator={isCoordinatorOf(user, mechanism)} />
      {error ? (
        <Problem error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <section aria-labelledby="open-title">
            <h2 id="open-title">{t('dash.open_cases', { n: data.open_cases.total })}</h2>
            <ul class="counts">
              {RISKS.map((r) => (
                <Count n={data.open_cases[r]} label={label('risk_level', r)} to={cases({ risk_level: r })} alert={r === 'extreme' || r === 'high'} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="late-title">
            <h2 id="late-title">{t('dash.late')}</h2>
            <ul class="counts">
              <Count n={data.referrals_overdue} label={t('dash.referrals_overdue')} to={cases({ overdue: 'referrals' })} alert />
              <Count n={data.reviews_due} label={t('dash.reviews_due')} to={cases({ overdue: 'review' })} alert />
              <Count n={data.orders_expiring} label={t('dash.orders_expiring')} to={cases({ expiring_order: 'true' })} alert />
              <Count n={data.actions_overdue} label={t('dash.actions_overdue')} to={cases({ overdue: 'actions' })} alert />
              <Count n={data.meeting_requests_open} label={t('dash.requests_open')} to={`#/mechanisms/${id}/requests`} alert />
            </ul>
          </section>
          <Compliance c={data.compliance} />
        </>
      )}
    </Page>
  );
}
