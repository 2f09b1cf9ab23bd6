// The case plan and the safety plan: actions with the institution responsible and a due date.
// The owner adds them; the owner or the responsible institution moves them along.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDate, todayIn } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Radios, Select, TextInput } from '../components/Form.jsx';
import { Loading, Problem, Tag } from '../components/Common.jsx';
import { Icon } from '../components/Icon.jsx';
import { can } from './CasePage.jsx';

const NEXT = { open: ['in_progress', 'done', 'cancelled'], in_progress: ['done', 'cancelled'] };

function Move({ action, mayMove, onDone }) {
  const t = useT();
  const label = useLabel();
  if (!mayMove || !NEXT[action.status]) return null;
  const move = async (status) => {
    await api.patch(`/actions/${action.id}`, { status });
    onDone();
  };
  return (
    <div class="button-row">
      {NEXT[action.status].map((s) => (
        <button class="button button--secondary button--small" type="button" onClick={() => move(s)}>
          {t('action.mark', { status: label('action_status', s) })}
        </button>
      ))}
    </div>
  );
}

function AddAction({ doc, onDone }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const form = useForm({ kind: 'case_plan', title: '', responsible_institution_id: '', due_on: '' });
  const submit = form.submit(async (v) => {
    await api.post(`/cases/${doc.id}/actions`, part(v) || {});
    form.setValues({ ...v, title: '', due_on: '' });
    onDone();
  });
  return (
    <section class="panel" aria-labelledby="add-action">
      <h3 id="add-action">{t('action.add')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Radios {...form.field('kind')} legend={t('action.kind')} options={options('action_kind')} inline />
        <TextInput {...form.field('title')} label={t('action.title')} />
        <Select
          {...form.field('responsible_institution_id')}
          numeric
          label={t('action.responsible')}
          placeholder={t('form.choose')}
          options={directory.institutions.map((i) => ({ value: i.id, label: i.name }))}
        />
        <DateInput {...form.field('due_on')} legend={t('action.due_on')} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('action.save')}
        </button>
      </form>
    </section>
  );
}

export function Actions({ doc, reload: reloadCase, timeZone }) {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  const list = useFetch(`/cases/${doc.id}/actions`, [doc.version]);
  const reload = () => {
    list.reload();
    reloadCase();
  };
  const today = todayIn(timeZone);
  return (
    <div>
      <h2>{t('tab.plan')}</h2>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('action.none')}</p>
      ) : (
        <ul class="cards">
          {list.data.items.map((a) => {
            const late = ['open', 'in_progress'].includes(a.status) && a.due_on < today;
            return (
              <li class={`card${late ? ' card--overdue' : ''}`}>
                <p class="card-title">
                  {a.title || label('action_kind', a.kind)} <Tag group="action_status" code={a.status} />
                  {late && (
                    <span class="overdue-note">
                      <Icon name="alert" size={16} /> {t('action.overdue')}
                    </span>
                  )}
                </p>
                <p class="hint">
                  {label('action_kind', a.kind)} · {directory.institutionName(a.responsible_institution_id)} · {t('action.due', { date: formatDate(a.due_on) })}
                </p>
                <Move action={a} mayMove={can(doc, 'action') || user.institution_id === a.responsible_institution_id} onDone={reload} />
              </li>
            );
          })}
        </ul>
      )}
      {can(doc, 'action') && <AddAction doc={doc} onDone={reload} />}
    </div>
  );
}
