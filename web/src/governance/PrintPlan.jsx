// A local action plan for print: pillar by pillar, each activity with the responsible
// institution, indicator, target, progress, status and the national objective it serves.
import { useFetch } from '../lib/fetch.js';
import { codesOf, useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { PrintView } from '../screens/PrintView.jsx';

export function PrintPlan({ params }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const plan = useFetch(`/action-plans/${params.id}`, [params.id]);
  const acts = useFetch(`/action-plans/${params.id}/activities?limit=500`, [params.id]);
  if (plan.error) return <Page title={t('plan.print')}><Problem error={plan.error} /></Page>;
  if (!plan.data || !acts.data) return <Loading />;
  const p = plan.data;
  return (
    <PrintView title={t('plan.print_title')} reference={`${p.title} · ${formatDate(p.period_from)} – ${formatDate(p.period_to)}`} back={`#/action-plans/${p.id}`}>
      {codesOf('pillar').map((pillar) => {
        const items = acts.data.items.filter((a) => a.pillar === pillar);
        if (!items.length) return null;
        return (
          <section class="print-section">
            <h2>{label('pillar', pillar)}</h2>
            <table class="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('plan.activity')}</th>
                  <th scope="col">{t('action.responsible')}</th>
                  <th scope="col">{t('plan.indicator')}</th>
                  <th scope="col">{t('plan.progress')}</th>
                  <th scope="col">{t('plan.status')}</th>
                  <th scope="col">{t('plan.national_objective')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr>
                    <td>{a.title}</td>
                    <td>{a.responsible_institution_id ? directory.institutionName(a.responsible_institution_id) : ''}</td>
                    <td>{a.indicator || ''}</td>
                    <td>{a.target ? `${a.progress}/${a.target}` : a.progress}</td>
                    <td>{label('activity_status', a.status)}</td>
                    <td>{a.national_objective || ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </PrintView>
  );
}
