// A meeting's agenda and minutes for print (A4): case references and risk only, as the agenda
// holds them; attendance; decisions with who does what by when.
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Facts, Loading, Page, Problem } from '../components/Common.jsx';
import { PrintView } from '../screens/PrintView.jsx';

export function PrintMeeting({ params }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const { data: m, error } = useFetch(`/meetings/${params.id}`, [params.id]);
  if (error) return <Page title={t('meeting.print')}><Problem error={error} /></Page>;
  if (!m) return <Loading />;
  const tz = directory.timeZoneOf(m.mechanism_id);
  const mechanism = directory.mechanism(m.mechanism_id);
  return (
    <PrintView title={t('meeting.print_title')} reference={`${label('meeting_kind', m.kind)} · ${formatDateTime(m.scheduled_at, tz)}`} back={`#/meetings/${m.id}`}>
      <Facts
        items={[
          [t('case.mechanism'), mechanism?.name],
          [t('meeting.place'), m.place],
          [t('meeting.status'), label('meeting_status', m.status)],
        ]}
      />
      <section class="print-section">
        <h2>{t('meeting.agenda')}</h2>
        <ol>
          {m.agenda.map((a) => (
            <li>{a.case_id ? `${a.case_reference} — ${label('risk_level', a.risk_level)}` : a.topic}</li>
          ))}
        </ol>
      </section>
      <section class="print-section">
        <h2>{t('meeting.attendance')}</h2>
        <ul>
          {m.attendance.filter((a) => a.present).map((a) => (
            <li>
              {directory.institutionName(a.institution_id)} ({a.attendees})
            </li>
          ))}
        </ul>
      </section>
      <section class="print-section">
        <h2>{t('meeting.minutes_title')}</h2>
        <p class="narrative">{m.minutes || '—'}</p>
      </section>
      <section class="print-section">
        <h2>{t('meeting.decisions')}</h2>
        <ol>
          {m.decisions.map((d) => (
            <li>
              {d.text} — {directory.institutionName(d.responsible_institution_id)}, {formatDate(d.due_on)}
            </li>
          ))}
        </ol>
      </section>
    </PrintView>
  );
}
