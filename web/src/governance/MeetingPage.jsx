// One meeting: when and where, its agenda (cases put there by risk or repetition, cases and
// topics the coordinator adds), attendance by institution, the minutes, and decisions that
// become actions with a responsible institution and a due date. The coordinator edits; member
// institutions read. Marking it held is refused before it has begun.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Select, TextArea, TextInput } from '../components/Form.jsx';
import { Facts, Loading, Page, Problem, RiskBadge, Tag } from '../components/Common.jsx';
import { Icon } from '../components/Icon.jsx';
import { isCoordinatorOf } from './mechanism.js';
import { Attachments } from '../components/Attachments.jsx';

function Agenda({ meeting, editable, onChange }) {
  const t = useT();
  const cases = useFetch(() => (editable ? api.get(`/cases?mechanism_id=${meeting.mechanism_id}&limit=500`) : Promise.resolve({ items: [] })), [editable]);
  const form = useForm({ case_id: '', topic: '' });
  const onAgenda = new Set(meeting.agenda.filter((a) => a.case_id).map((a) => a.case_id));
  const add = (what) =>
    form.submit(async (v) => {
      await api.post(`/meetings/${meeting.id}/agenda`, what === 'case' ? { case_id: Number(v.case_id) || undefined } : { topic: v.topic });
      form.setValues({ case_id: '', topic: '' });
      onChange();
    });
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('meeting.agenda')}</h2>
      {meeting.agenda.length === 0 ? (
        <p class="empty">{t('meeting.agenda_empty')}</p>
      ) : (
        <ol class="agenda">
          {meeting.agenda.map((a) => (
            <li>
              {a.case_id ? (
                <>
                  <a href={`#/cases/${a.case_id}`}>{a.case_reference}</a> <RiskBadge level={a.risk_level} />
                </>
              ) : (
                a.topic
              )}
              {a.automatic && <span class="tag tag--meeting">{t('meeting.automatic')}</span>}
            </li>
          ))}
        </ol>
      )}
      {editable && (
        <div class="panel">
          <Problem error={form.failure} />
          <ErrorSummary errors={form.errors} prefix={form.prefix} />
          <form onSubmit={add('case')} noValidate>
            <Select
              {...form.field('case_id')}
              label={t('meeting.add_case')}
              placeholder={t('form.choose')}
              options={(cases.data?.items || []).filter((c) => !onAgenda.has(c.id) && c.status !== 'closed').map((c) => ({ value: String(c.id), label: c.reference }))}
            />
            <button class="button button--secondary" type="submit" disabled={form.busy}>
              {t('meeting.add_case_submit')}
            </button>
          </form>
          <form onSubmit={add('topic')} noValidate>
            <TextInput {...form.field('topic')} label={t('meeting.add_topic')} />
            <button class="button button--secondary" type="submit" disabled={form.busy}>
              {t('meeting.add_topic_submit')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

function Attendance({ meeting, members, editable, onSaved }) {
  const t = useT();
  const byId = Object.fromEntries(meeting.attendance.map((a) => [a.institution_id, a]));
  const [rows, setRows] = useState(() => members.map((m) => ({ institution_id: m.institution_id, present: !!byId[m.institution_id]?.present, attendees: byId[m.institution_id]?.attendees ?? 0 })));
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  const set = (i, patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      onSaved(await api.put(`/meetings/${meeting.id}/attendance`, rows.map((r) => ({ ...r, attendees: Number(r.attendees) || 0 }))));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('meeting.attendance')}</h2>
      <Problem error={error} />
      {saved && <p role="status" class="hint">{t('meeting.attendance_saved')}</p>}
      <form onSubmit={save} noValidate>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('meeting.institution')}</th>
              <th scope="col">{t('meeting.present')}</th>
              <th scope="col">{t('meeting.attendees')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m, i) => (
              <tr>
                <th scope="row">{m.name}</th>
                <td>
                  <input
                    type="checkbox"
                    id={`present-${m.institution_id}`}
                    aria-label={t('meeting.present_of', { name: m.name })}
                    checked={rows[i].present}
                    disabled={!editable}
                    onChange={(e) => set(i, { present: e.currentTarget.checked })}
                  />
                </td>
                <td>
                  <input
                    class="input input--day"
                    inputMode="numeric"
                    aria-label={t('meeting.attendees_of', { name: m.name })}
                    value={rows[i].attendees}
                    disabled={!editable}
                    onInput={(e) => set(i, { attendees: e.currentTarget.value.replace(/\D/g, '') })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editable && (
          <button class="button" type="submit">
            {t('meeting.attendance_save')}
          </button>
        )}
      </form>
    </section>
  );
}

function Minutes({ meeting, editable, onSaved }) {
  const t = useT();
  const form = useForm({ text: meeting.minutes || '' });
  const [saved, setSaved] = useState(false);
  const submit = form.submit(async (v) => {
    onSaved(await api.put(`/meetings/${meeting.id}/minutes`, { text: v.text }));
    setSaved(true);
  });
  return (
    <section aria-labelledby="minutes-title">
      <h2 id="minutes-title">{t('meeting.minutes_title')}</h2>
      {!editable ? (
        meeting.minutes ? <p class="narrative">{meeting.minutes}</p> : <p class="empty">{t('meeting.minutes_none')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Problem error={form.failure} />
          <ErrorSummary errors={form.errors} prefix={form.prefix} />
          {saved && <p role="status" class="hint">{t('meeting.minutes_saved')}</p>}
          <TextArea {...form.field('text')} label={t('meeting.minutes_title')} hint={t('meeting.minutes_hint')} rows={8} />
          <button class="button" type="submit" disabled={form.busy}>
            {t('meeting.minutes_save')}
          </button>
        </form>
      )}
    </section>
  );
}

function Decisions({ meeting, members, editable, onChange }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const form = useForm({ text: '', responsible_institution_id: '', due_on: '', case_id: '' }, { prefix: 'decision' });
  const submit = form.submit(async (v) => {
    const body = { text: v.text, responsible_institution_id: Number(v.responsible_institution_id) || undefined, due_on: v.due_on || undefined };
    if (v.case_id) body.case_id = Number(v.case_id);
    await api.post(`/meetings/${meeting.id}/decisions`, body);
    form.setValues({ text: '', responsible_institution_id: '', due_on: '', case_id: '' });
    onChange();
  });
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('meeting.decisions')}</h2>
      {meeting.decisions.length === 0 ? (
        <p class="empty">{t('meeting.decisions_none')}</p>
      ) : (
        <ul class="cards">
          {meeting.decisions.map((d) => (
            <li class="card">
              <p class="card-title">
                {d.text} <Tag group="action_status" code={d.status} />
              </p>
              <p class="hint">
                {directory.institutionName(d.responsible_institution_id)} · {t('action.due', { date: formatDate(d.due_on) })}
                {d.case_id && (
                  <>
                    {' · '}
                    <a href={`#/cases/${d.case_id}`}>{meeting.agenda.find((a) => a.case_id === d.case_id)?.case_reference || t('case.case_n', { id: d.case_id })}</a>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form onSubmit={submit} noValidate class="panel">
          <h3>{t('meeting.decision_add')}</h3>
          <Problem error={form.failure} />
          <ErrorSummary errors={form.errors} prefix={form.prefix} />
          <TextArea {...form.field('text')} label={t('meeting.decision_text')} rows={3} />
          <Select {...form.field('responsible_institution_id')} label={t('action.responsible')} placeholder={t('form.choose')} options={members.map((m) => ({ value: String(m.institution_id), label: m.name }))} />
          <DateInput {...form.field('due_on')} legend={t('action.due_on')} />
          <Select
            {...form.field('case_id')}
            label={t('meeting.decision_case')}
            hint={t('meeting.decision_case_hint')}
            placeholder={t('meeting.no_case')}
            options={meeting.agenda.filter((a) => a.case_id).map((a) => ({ value: String(a.case_id), label: `${a.case_reference} (${label('risk_level', a.risk_level)})` }))}
          />
          <button class="button" type="submit" disabled={form.busy}>
            {t('meeting.decision_save')}
          </button>
        </form>
      )}
    </section>
  );
}

function StatusActions({ meeting, onChange }) {
  const t = useT();
  const [error, setError] = useState(null);
  const [cancelling, setCancelling] = useState(false);
  const move = async (status) => {
    setError(null);
    try {
      onChange(await api.patch(`/meetings/${meeting.id}`, { status }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Problem error={error} />
      <div class="button-row">
        <button class="button" type="button" onClick={() => move('held')}>
          {t('meeting.mark_held')}
        </button>
        {!cancelling ? (
          <button class="button button--secondary" type="button" onClick={() => setCancelling(true)}>
            {t('meeting.cancel')}
          </button>
        ) : (
          <>
            <span>{t('meeting.cancel_confirm')}</span>
            <button class="button button--warning" type="button" onClick={() => move('cancelled')}>
              {t('meeting.cancel_yes')}
            </button>
            <button class="button button--secondary" type="button" onClick={() => setCancelling(false)}>
              {t('common.back')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

export function MeetingPage({ params }) {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  const meeting = useFetch(`/meetings/${params.id}`, [params.id]);
  const m = meeting.data;
  const members = useFetch(() => (m ? api.get(`/mechanisms/${m.mechanism_id}/members`) : Promise.resolve(null)), [m?.mechanism_id]);
  if (meeting.error) return <Page title={t('gov.meetings')}><Problem error={meeting.error} /></Page>;
  if (!m || !members.data) return <Loading />;
  const mechanism = directory.mechanism(m.mechanism_id);
  const tz = directory.timeZoneOf(m.mechanism_id);
  const editable = isCoordinatorOf(user, mechanism) && m.status !== 'cancelled';
  const scheduled = m.status === 'scheduled';
  const replace = (updated) => meeting.setData(updated);
  return (
    <Page title={`${label('meeting_kind', m.kind)}, ${formatDateTime(m.scheduled_at, tz)}`} subtitle={mechanism?.name} wide>
      <p>
        <Tag group="meeting_status" code={m.status} />
      </p>
      <Facts
        items={[
          [t('meeting.when'), formatDateTime(m.scheduled_at, tz)],
          [t('meeting.duration'), t('meeting.minutes', { n: m.duration_minutes })],
          [t('meeting.place'), m.place],
        ]}
      />
      <p class="button-row">
        <a class="button button--secondary button--small" href={`#/meetings/${m.id}/print`}>
          <Icon name="print" size={16} /> {t('meeting.print')}
        </a>
        {mechanism && <a href={`#/mechanisms/${mechanism.id}/meetings`}>{t('meeting.all')}</a>}
      </p>
      {editable && scheduled && <StatusActions meeting={m} onChange={replace} />}
      <Agenda meeting={m} editable={editable && m.status !== 'held'} onChange={meeting.reload} />
      <Attendance meeting={m} members={members.data.items} editable={editable} onSaved={replace} />
      <Minutes meeting={m} editable={editable} onSaved={replace} />
      <Decisions meeting={m} members={members.data.items} editable={editable} onChange={meeting.reload} />
      <Attachments base={`/meetings/${m.id}`} categories={null} canAdd={isCoordinatorOf(user, mechanism)} manage timeZone={tz} />
    </Page>
  );
}
