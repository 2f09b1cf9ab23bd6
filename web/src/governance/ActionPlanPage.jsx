// A local action plan: progress per pillar of the national strategy, then each pillar's
// activities with the responsible institution, the indicator and target, progress and status,
// and the national objective each serves. The coordinator adds activities; the coordinator or
// the responsible institution updates progress and status.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { codesOf, useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Select, TextInput } from '../components/Form.jsx';
import { Facts, Loading, Page, Problem, Tag } from '../components/Common.jsx';
import { Icon } from '../components/Icon.jsx';
import { isCoordinatorOf } from './mechanism.js';

export function percent(progress, target) {
  return target > 0 ? Math.min(100, Math.round((progress / target) * 100)) : null;
}

function Bar({ value }) {
  return value === null ? null : (
    <span class="bar" aria-hidden="true">
      <span class="bar-fill" style={{ width: `${value}%` }} />
    </span>
  );
}

function Update({ activity, onDone }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({ progress: String(activity.progress ?? 0), status: activity.status }, { prefix: `activity${activity.id}` });
  const submit = form.submit(async (v) => onDone(await api.patch(`/activities/${activity.id}`, { progress: Number(v.progress), status: v.status })));
  return (
    <form onSubmit={submit} noValidate class="subform inline-form" aria-label={t('plan.update', { title: activity.title })}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <TextInput {...form.field('progress')} label={t('plan.progress')} width="code" inputMode="numeric" />
      <Select {...form.field('status')} label={t('plan.status')} options={options('activity_status')} />
      <button class="button button--secondary button--small" type="submit" disabled={form.busy}>
        {t('common.save')}
      </button>
    </form>
  );
}

function AddActivity({ plan, onDone }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const form = useForm({ pillar: '', title: '', responsible_institution_id: '', indicator: '', target: '', national_objective: '', starts_on: '', ends_on: '' });
  const submit = form.submit(async (v) => {
    const body = part({ ...v, responsible_institution_id: Number(v.responsible_institution_id) || '', target: v.target === '' ? '' : Number(v.target) }) || {};
    await api.post(`/action-plans/${plan.id}/activities`, body);
    form.setValues({ ...v, title: '', indicator: '', target: '', national_objective: '' });
    onDone();
  });
  return (
    <section class="panel" aria-labelledby="add-activity">
      <h2 id="add-activity">{t('plan.add_activity')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <form onSubmit={submit} noValidate>
        <Select {...form.field('pillar')} label={t('plan.pillar')} placeholder={t('form.choose')} options={options('pillar')} />
        <TextInput {...form.field('title')} label={t('plan.activity')} />
        <Select
          {...form.field('responsible_institution_id')}
          label={t('action.responsible')}
          placeholder={t('form.choose')}
          options={directory.institutions.map((i) => ({ value: String(i.id), label: i.name }))}
        />
        <TextInput {...form.field('indicator')} label={t('plan.indicator')} />
        <TextInput {...form.field('target')} label={t('plan.target')} width="code" inputMode="numeric" />
        <TextInput {...form.field('national_objective')} label={t('plan.national_objective')} hint={t('plan.national_objective_hint')} />
        <DateInput {...form.field('starts_on')} legend={t('plan.starts_on')} />
        <DateInput {...form.field('ends_on')} legend={t('plan.ends_on')} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('plan.save_activity')}
        </button>
      </form>
    </section>
  );
}

export function ActionPlanPage({ params }) {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  const plan = useFetch(`/action-plans/${params.id}`, [params.id]);
  const activities = useFetch(`/action-plans/${params.id}/activities?limit=500`, [params.id]);
  const [editing, setEditing] = useState(null);
  if (plan.error) return <Page title={t('gov.plans')}><Problem error={plan.error} /></Page>;
  if (!plan.data || !activities.data) return <Loading />;
  const p = plan.data;
  const mechanism = directory.mechanism(p.mechanism_id);
  const coordinator = isCoordinatorOf(user, mechanism);
  const reload = () => {
    plan.reload();
    activities.reload();
  };
  const byPillar = Object.fromEntries((p.progress || []).map((x) => [x.pillar, x]));
  return (
    <Page title={p.title} subtitle={`${mechanism?.name || ''} · ${formatDate(p.period_from)} – ${formatDate(p.period_to)}`} wide>
      <p class="button-row">
        <a class="button button--secondary button--small" href={`#/action-plans/${p.id}/print`}>
          <Icon name="print" size={16} /> {t('plan.print')}
        </a>
        {mechanism && <a href={`#/mechanisms/${mechanism.id}/plans`}>{t('plan.all')}</a>}
      </p>
      {codesOf('pillar').map((pillar) => {
        const items = activities.data.items.filter((a) => a.pillar === pillar);
        const prog = byPillar[pillar];
        if (!items.length && !prog) return null;
        return (
          <section aria-labelledby={`pillar-${pillar}`} class="pillar">
            <h2 id={`pillar-${pillar}`}>{label('pillar', pillar)}</h2>
            {prog && (
              <p>
                {t('plan.pillar_progress', { done: prog.done, activities: prog.activities })} <Bar value={percent(prog.progress_sum, prog.target_sum)} />{' '}
                {prog.target_sum > 0 && t('plan.of_target', { progress: prog.progress_sum, target: prog.target_sum })}
              </p>
            )}
            <ul class="cards">
              {items.map((a) => (
                <li class="card">
                  <p class="card-title">
                    {a.title} <Tag group="activity_status" code={a.status} tone={a.status === 'delayed' ? 'urgent' : a.status} />
                  </p>
                  <Facts
                    items={[
                      [t('action.responsible'), a.responsible_institution_id && directory.institutionName(a.responsible_institution_id)],
                      [t('plan.indicator'), a.indicator],
                      [t('plan.progress'), a.target ? t('plan.of_target', { progress: a.progress, target: a.target }) : String(a.progress ?? 0)],
                      [t('plan.national_objective'), a.national_objective],
                      [t('plan.period'), a.starts_on && `${formatDate(a.starts_on)} – ${formatDate(a.ends_on)}`],
                    ]}
                  />
                  <Bar value={percent(a.progress, a.target)} />
                  {(coordinator || user.institution_id === a.responsible_institution_id) &&
                    (editing === a.id ? (
                      <Update
                        activity={a}
                        onDone={() => {
                          setEditing(null);
                          reload();
                        }}
                      />
                    ) : (
                      <button class="button button--secondary button--small" type="button" onClick={() => setEditing(a.id)}>
                        {t('plan.update_button')}
                      </button>
                    ))}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {activities.data.items.length === 0 && <p class="empty">{t('plan.no_activities')}</p>}
      {coordinator && <AddActivity plan={p} onDone={reload} />}
    </Page>
  );
}
