// The incidents of a case, newest first, and a form to record another one.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { ErrorSummary } from '../components/Form.jsx';
import { Notice, Problem } from '../components/Common.jsx';
import { IncidentFields } from './IncidentFields.jsx';
import { can } from './CasePage.jsx';

const EMPTY = { occurred_on: '', forms: [], place: '', narrative: '', bias: [] };

function AddIncident({ doc, reload }) {
  const t = useT();
  const [saved, setSaved] = useState(null);
  const form = useForm(EMPTY);
  const submit = form.submit(async (v) => {
    const incident = await api.post(`/cases/${doc.id}/incidents`, part(v) || {});
    form.setValues(EMPTY);
    setSaved(incident);
    reload();
  });
  return (
    <section class="panel" aria-labelledby="add-incident">
      <h3 id="add-incident">{t('incident.add')}</h3>
      {saved && (
        <Notice kind={saved.repeat ? 'warning' : 'success'} role="status" title={t('incident.saved')}>
          {saved.repeat && <p>{t('incident.repeat_explain')}</p>}
        </Notice>
      )}
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <IncidentFields form={form} kind={doc.kind} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('incident.save')}
        </button>
      </form>
    </section>
  );
}

export function Incidents({ doc, reload }) {
  const t = useT();
  const label = useLabel();
  const incidents = [...(doc.incidents || [])].reverse();
  return (
    <div>
      <h2>{t('tab.incidents')}</h2>
      {incidents.length === 0 && <p class="empty">{t('incident.none')}</p>}
      <ol class="timeline">
        {incidents.map((i) => (
          <li class="timeline-item">
            <p class="timeline-when">
              {formatDate(i.occurred_on)}{' '}
              {i.repeat && <span class="tag tag--repeat">{t('case.repeat')}</span>}
            </p>
            <p>
              <strong>{i.forms.map((f) => label('form', f)).join(', ')}</strong>
              {i.place && ` — ${label('place', i.place)}`}
            </p>
            {i.bias?.length > 0 && (
              <p>
                {t('incident.bias')}: {i.bias.map((b) => label('bias', b)).join(', ')}
              </p>
            )}
            {i.narrative && <p class="narrative">{i.narrative}</p>}
          </li>
        ))}
      </ol>
      {can(doc, 'incident') && <AddIncident doc={doc} reload={reload} />}
    </div>
  );
}
