// Release and reintegration (a case of kind reintegration): the release date and variant, the
// pre-release timeline by due date with each task's state and "Mark done", and for the
// violent-extremism variant the needs checklist (yes / no / unknown with a note; no score).
// The timeline and the checklist are the server's (data/reintegration.json); institutions on
// the case write (the case's `note` permission), the others read.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useLang, useOptions, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Radios, TextArea } from '../components/Form.jsx';
import { Loading, Problem, Tag } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

function ReleaseForm({ doc, release, onSaved }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({ release_on: release.release_on || '', variant: release.variant || 'standard' });
  const submit = form.submit(async (v) => {
    onSaved(await api.put(`/cases/${doc.id}/release`, v));
  });
  return (
    <section class="panel" aria-labelledby="release-form">
      <h3 id="release-form">{release.release_on ? t('release.change') : t('release.set')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} labels={{ release_on: t('release.release_on'), variant: t('release.variant') }} />
      <form onSubmit={submit} noValidate>
        <DateInput {...form.field('release_on')} legend={t('release.release_on')} />
        <Radios {...form.field('variant')} legend={t('release.variant')} hint={t('release.variant_hint')} options={options('release_variant')} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('release.save')}
        </button>
      </form>
    </section>
  );
}

const TONES = { done: 'done', overdue: 'danger', due_soon: 'warning', open: 'open' };

function stateText(t, task) {
  if (task.state === 'done') return t('release.done_on', { date: formatDate(task.done_at.slice(0, 10)) });
  if (task.state === 'overdue') return t('release.overdue_by', { n: -task.days_left });
  if (task.days_left === 0) return t('release.due_today');
  return t('release.due_in', { n: task.days_left });
}

function Timeline({ tasks, mayWrite, onChanged }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const done = async (task) => {
    await api.patch(`/reintegration-tasks/${task.id}`, { status: 'done' });
    onChanged();
  };
  if (tasks.length === 0) return <p class="empty">{t('release.no_tasks')}</p>;
  return (
    <ol class="cards release-timeline" aria-label={t('release.timeline')}>
      {tasks.map((task) => (
        <li class={`card${task.state === 'overdue' ? ' card--overdue' : ''}`}>
          <p class="card-title">
            {label('reintegration_task', task.code)} <Tag group="task_state" code={task.state} tone={TONES[task.state]} />
          </p>
          <p class="hint">
            {t('release.due', { date: formatDate(task.due_on) })} · {stateText(t, task)} · {directory.institutionName(task.institution_id)} ({label('institution_type', task.institution_type)})
          </p>
          {mayWrite && task.status === 'open' && (
            <div class="button-row">
              <button class="button button--secondary button--small" type="button" onClick={() => done(task)} aria-label={t('release.mark_done_of', { task: label('reintegration_task', task.code) })}>
                {t('release.mark_done')}
              </button>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function Needs({ doc, mayWrite }) {
  const t = useT();
  const lang = useLang();
  const options = useOptions();
  const plan = useFetch('/reintegration/plan', []);
  const saved = useFetch(`/cases/${doc.id}/reintegration/needs`, [doc.id]);
  if (plan.error || saved.error) return <Problem error={plan.error || saved.error} />;
  if (!plan.data || !saved.data) return <Loading />;
  return <NeedsForm doc={doc} instrument={plan.data.instrument} answers={saved.data.answers} mayWrite={mayWrite} lang={lang} t={t} options={options} onSaved={saved.setData} />;
}

function NeedsForm({ doc, instrument, answers, mayWrite, lang, t, options, onSaved }) {
  const form = useForm({ answers: Object.fromEntries(instrument.items.map((i) => [i.id, { answer: answers[i.id]?.answer || '', note: answers[i.id]?.note || '' }])) });
  const submit = form.submit(async (v) => {
    const body = {};
    for (const [id, a] of Object.entries(v.answers)) if (a.answer) body[id] = a.note.trim() ? { answer: a.answer, note: a.note.trim() } : { answer: a.answer };
    onSaved(await api.put(`/cases/${doc.id}/reintegration/needs`, { answers: body }));
  });
  return (
    <section class="panel" aria-labelledby="needs-title">
      <h3 id="needs-title">{instrument.title[lang] ?? instrument.title.en}</h3>
      <p class="hint">{instrument.note?.[lang] ?? instrument.note?.en}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        {instrument.items.map((item) => (
          <fieldset class="needs-item">
            <legend>{item.text[lang] ?? item.text.en}</legend>
            <Radios {...form.field(`answers.${item.id}.answer`)} legend={t('release.answer')} options={options('needs_answer')} inline />
            <TextArea {...form.field(`answers.${item.id}.note`)} label={t('release.note')} rows={2} disabled={!mayWrite} />
          </fieldset>
        ))}
        {mayWrite && (
          <button class="button" type="submit" disabled={form.busy}>
            {t('release.save_needs')}
          </button>
        )}
      </form>
    </section>
  );
}

export function Reintegration({ doc }) {
  const t = useT();
  const label = useLabel();
  const timeline = useFetch(`/cases/${doc.id}/reintegration`, [doc.id]);
  const mayWrite = can(doc, 'note');
  if (timeline.error) return <Problem error={timeline.error} />;
  if (!timeline.data) return <Loading />;
  const r = timeline.data;
  return (
    <div>
      <h2>{t('tab.release')}</h2>
      {r.release_on ? (
        <dl class="facts">
          <div>
            <dt>{t('release.release_on')}</dt>
            <dd>{formatDate(r.release_on)}</dd>
          </div>
          <div>
            <dt>{t('release.variant')}</dt>
            <dd>{label('release_variant', r.variant)}</dd>
          </div>
          <div>
            <dt>{t('release.plan_starts_on')}</dt>
            <dd>{formatDate(r.plan_starts_on)}</dd>
          </div>
        </dl>
      ) : (
        <p class="empty">{t('release.none', { n: r.lead_months })}</p>
      )}
      {r.release_on && (
        <>
          <h3>{t('release.timeline')}</h3>
          <Timeline tasks={r.tasks} mayWrite={mayWrite} onChanged={timeline.reload} />
        </>
      )}
      {mayWrite && <ReleaseForm key={`${r.release_on}-${r.variant}`} doc={doc} release={r} onSaved={timeline.setData} />}
      {r.variant === 'violent_extremism' && doc.withheld.includes('risk') === false && <Needs doc={doc} mayWrite={mayWrite} />}
    </div>
  );
}
