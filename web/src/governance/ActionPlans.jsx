// The mechanism's local action plans under the national strategy: the list, and for the
// coordinator a new plan for a period.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';
import { MechanismNav } from './MechanismNav.jsx';
import { isCoordinatorOf, useMechanism } from './mechanism.js';

function NewPlan({ mechanism }) {
  const t = useT();
  const form = useForm({ title: '', period_from: '', period_to: '' });
  const submit = form.submit(async (v) => {
    const plan = await api.post(`/mechanisms/${mechanism.id}/action-plans`, v);
    navigate(`/action-plans/${plan.id}`);
  });
  return (
    <section class="panel" aria-labelledby="new-plan-title">
      <h2 id="new-plan-title">{t('plan.new')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextInput {...form.field('title')} label={t('plan.title_field')} />
        <DateInput {...form.field('period_from')} legend={t('plan.from')} />
        <DateInput {...form.field('period_to')} legend={t('plan.to')} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('plan.create')}
        </button>
      </form>
    </section>
  );
}

export function ActionPlans({ params }) {
  const t = useT();
  const { user } = useSession();
  const { mechanism, mine } = useMechanism(params.id);
  const list = useFetch(() => (mechanism ? api.get(`/mechanisms/${mechanism.id}/action-plans`) : Promise.resolve({ items: [] })), [mechanism?.id]);
  if (!mechanism) return <Page title={t('gov.plans')}><Notice kind="warning"><p>{t('gov.no_mechanism')}</p></Notice></Page>;
  const coordinator = isCoordinatorOf(user, mechanism);
  return (
    <Page title={t('gov.plans')} subtitle={mechanism.name} wide>
      <MechanismNav mechanism={mechanism} current="/plans" mine={mine} coordinator={coordinator} />
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('plan.none')}</p>
      ) : (
        <ul class="cards">
          {list.data.items.map((p) => (
            <li class="card">
              <p class="card-title">
                <a href={`#/action-plans/${p.id}`}>{p.title}</a>
              </p>
              <p class="hint">
                {formatDate(p.period_from)} – {formatDate(p.period_to)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {coordinator && <NewPlan mechanism={mechanism} />}
    </Page>
  );
}
