// A mechanism's meetings by year: regular meetings, ad hoc meetings and case conferences, and
// for the coordinator a form to schedule one. Anyone who reads the meetings may subscribe to
// them in a calendar app (the address is shown once).
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDateTime, todayIn, zonedToUtc } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { href, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Radios, Select, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem, Tag } from '../components/Common.jsx';
import { MechanismNav } from './MechanismNav.jsx';
import { isCoordinatorOf, useMechanism } from './mechanism.js';

function Schedule({ mechanism, tz, onDone }) {
  const t = useT();
  const options = useOptions();
  const form = useForm({ kind: 'regular', date: '', time: '10:00', place: '', duration_minutes: '120' });
  const submit = form.submit(async (v) => {
    const scheduled_at = zonedToUtc(v.date, v.time, tz);
    if (!scheduled_at) {
      form.setErrors({ date: t('meeting.when_invalid') });
      return;
    }
    const body = { kind: v.kind, scheduled_at, duration_minutes: Number(v.duration_minutes) || undefined };
    if (v.place.trim()) body.place = v.place.trim();
    onDone(await api.post(`/mechanisms/${mechanism.id}/meetings`, body));
  });
  return (
    <section class="panel" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('meeting.schedule')}</h2>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Radios {...form.field('kind')} legend={t('meeting.kind')} options={options('meeting_kind')} />
        <DateInput {...form.field('date')} legend={t('meeting.date')} />
        <TextInput {...form.field('time')} label={t('meeting.time')} hint={t('meeting.time_hint', { zone: tz })} width="code" inputMode="numeric" />
        <TextInput {...form.field('place')} label={t('meeting.place')} />
        <Select
          {...form.field('duration_minutes')}
          label={t('meeting.duration')}
          options={[60, 90, 120, 180, 240].map((m) => ({ value: String(m), label: t('meeting.minutes', { n: m }) }))}
        />
        <button class="button" type="submit" disabled={form.busy}>
          {t('meeting.schedule_submit')}
        </button>
      </form>
    </section>
  );
}

function Subscribe({ mechanism }) {
  const t = useT();
  const [made, setMade] = useState(null);
  const [error, setError] = useState(null);
  const make = async () => {
    try {
      setMade(await api.post(`/mechanisms/${mechanism.id}/calendar-subscription`, {}));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="panel" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">{t('calendar.title')}</h2>
      <p class="hint">{t('calendar.explain')}</p>
      <Problem error={error} />
      {made ? (
        <Notice kind="success" role="status" title={t('calendar.made')}>
          <p>{t('calendar.once')}</p>
          <p>
            <code class="secret">{`${location.origin}${made.url}`}</code>
          </p>
        </Notice>
      ) : (
        <button class="button button--secondary" type="button" onClick={make}>
          {t('calendar.make')}
        </button>
      )}
    </section>
  );
}

export function Meetings({ params, query: q }) {
  const t = useT();
  const label = useLabel();
  const { user } = useSession();
  const { mechanism, mine, tz } = useMechanism(params.id);
  const year = q.year || todayIn(tz).slice(0, 4);
  const list = useFetch(() => (mechanism ? api.get(`/mechanisms/${mechanism.id}/meetings${query({ year })}`) : Promise.resolve({ items: [] })), [mechanism?.id, year]);
  const [scheduling, setScheduling] = useState(false);
  if (!mechanism) return <Page title={t('gov.meetings')}><Notice kind="warning"><p>{t('gov.no_mechanism')}</p></Notice></Page>;
  const coordinator = isCoordinatorOf(user, mechanism);
  const years = [Number(year) - 1, Number(year), Number(year) + 1];
  return (
    <Page title={t('gov.meetings')} subtitle={mechanism.name} wide>
      <MechanismNav mechanism={mechanism} current="/meetings" mine={mine} coordinator={coordinator} />
      <nav class="year-nav" aria-label={t('meeting.years')}>
        {years.map((y) => (
          <a href={href(`/mechanisms/${mechanism.id}/meetings`, { year: String(y) })} aria-current={String(y) === year ? 'page' : undefined}>
            {y}
          </a>
        ))}
      </nav>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('meeting.none', { year })}</p>
      ) : (
        <table class="table table--cards">
          <thead>
            <tr>
              <th scope="col">{t('meeting.when')}</th>
              <th scope="col">{t('meeting.kind')}</th>
              <th scope="col">{t('meeting.status')}</th>
              <th scope="col">{t('meeting.place')}</th>
              <th scope="col">{t('meeting.agenda')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((m) => (
              <tr>
                <td data-label={t('meeting.when')}>
                  <a href={`#/meetings/${m.id}`}>{formatDateTime(m.scheduled_at, tz)}</a>
                </td>
                <td data-label={t('meeting.kind')}>{label('meeting_kind', m.kind)}</td>
                <td data-label={t('meeting.status')}>
                  <Tag group="meeting_status" code={m.status} />
                </td>
                <td data-label={t('meeting.place')}>{m.place || '—'}</td>
                <td data-label={t('meeting.agenda')}>{t('meeting.agenda_count', { n: (m.agenda || []).length })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {coordinator &&
        (scheduling ? (
          <Schedule mechanism={mechanism} tz={tz} onDone={(m) => navigate(`/meetings/${m.id}`)} />
        ) : (
          <button class="button" type="button" onClick={() => setScheduling(true)}>
            {t('meeting.schedule')}
          </button>
        ))}
      <Subscribe mechanism={mechanism} />
    </Page>
  );
}
