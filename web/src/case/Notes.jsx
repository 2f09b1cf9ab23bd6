// Case notes, oldest first: a note for the writer's institution only, or for every institution
// involved in the case that may read notes.
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { ErrorSummary, Radios, TextArea } from '../components/Form.jsx';
import { Loading, Problem } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

function AddNote({ doc, onDone }) {
  const t = useT();
  const form = useForm({ body: '', visibility: 'institution' });
  const submit = form.submit(async (v) => {
    await api.post(`/cases/${doc.id}/notes`, v);
    form.setValues({ body: '', visibility: v.visibility });
    onDone();
  });
  return (
    <section class="panel" aria-labelledby="add-note">
      <h3 id="add-note">{t('note.add')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextArea {...form.field('body')} label={t('note.body')} rows={4} />
        <Radios
          {...form.field('visibility')}
          legend={t('note.visibility')}
          options={[
            { value: 'institution', label: t('note.visibility_institution') },
            { value: 'involved', label: t('note.visibility_involved') },
          ]}
        />
        <button class="button" type="submit" disabled={form.busy}>
          {t('note.save')}
        </button>
      </form>
    </section>
  );
}

export function Notes({ doc, timeZone }) {
  const t = useT();
  const { directory } = useSession();
  const list = useFetch(`/cases/${doc.id}/notes?limit=500`, [doc.id]);
  return (
    <div>
      <h2>{t('tab.notes')}</h2>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('note.none')}</p>
      ) : (
        <ol class="timeline">
          {list.data.items.map((n) => (
            <li class="timeline-item">
              <p class="timeline-when">
                {formatDateTime(n.created_at, timeZone)} · {directory.institutionName(n.institution_id)} ·{' '}
                {n.visibility === 'involved' ? t('note.visibility_involved_short') : t('note.visibility_institution_short')}
              </p>
              <p class="narrative">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      {can(doc, 'note') && <AddNote doc={doc} onDone={list.reload} />}
    </div>
  );
}
