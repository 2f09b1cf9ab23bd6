// Retention: the administrator's dry run — the closed cases past their retention period, by
// reference, kind, closure date and rule, nothing personal — and the confirmation that
// anonymises those not under a legal hold. Anonymising cannot be undone: the screen says so
// and asks for a tick before the button acts.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { Checkbox } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';

function DueTable({ items }) {
  const t = useT();
  const label = useLabel();
  return (
    <table class="table">
      <caption>{t('retention.caption', { count: items.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('retention.reference')}</th>
          <th scope="col">{t('retention.kind')}</th>
          <th scope="col">{t('retention.closed_on')}</th>
          <th scope="col">{t('retention.rule')}</th>
          <th scope="col">{t('retention.expires_on')}</th>
          <th scope="col">{t('retention.hold')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr>
            <td data-label={t('retention.reference')}>
              <code>{i.reference}</code>
            </td>
            <td data-label={t('retention.kind')}>{label('case_kind', i.kind)}</td>
            <td data-label={t('retention.closed_on')}>{formatDate(i.closed_on)}</td>
            <td data-label={t('retention.rule')}>{label('retention_rule', i.rule)}</td>
            <td data-label={t('retention.expires_on')}>{formatDate(i.expires_on)}</td>
            <td data-label={t('retention.hold')}>{i.held ? <span class="tag tag--warning">{t('retention.held')}</span> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Confirm({ ids, onDone }) {
  const t = useT();
  const [sure, setSure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = async (e) => {
    e.preventDefault();
    if (!sure || busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post('/retention/apply', { case_ids: ids }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={go} noValidate>
      <Problem error={error} />
      <Checkbox name="retention-sure" label={t('retention.sure', { count: ids.length })} hint={t('retention.sure_hint')} value={sure} onValue={setSure} />
      <button class="button button--warning" type="submit" disabled={!sure || busy}>
        {t('retention.apply', { count: ids.length })}
      </button>
    </form>
  );
}

export function Retention() {
  const t = useT();
  const due = useFetch('/retention?limit=100', []);
  const [done, setDone] = useState(null);
  const items = due.data?.items || [];
  const ids = items.filter((i) => !i.held).map((i) => i.case_id);
  const finished = (result) => {
    setDone(result);
    due.reload();
  };
  return (
    <Page wide title={t('retention.title')} subtitle={t('retention.subtitle')}>
      {done && (
        <Notice kind="success" title={t('retention.done', { count: done.anonymised.length })} role="status">
          {done.skipped.length > 0 && <p>{t('retention.skipped', { count: done.skipped.length })}</p>}
        </Notice>
      )}
      {due.error ? (
        <Problem error={due.error} />
      ) : !due.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('retention.nothing')}</p>
      ) : (
        <>
          {due.data.auto_apply && <Notice>{t('retention.auto_apply')}</Notice>}
          <DueTable items={items} />
          {due.data.next && <p class="hint">{t('retention.more')}</p>}
          {ids.length > 0 && <Confirm key={ids.join(',')} ids={ids} onDone={finished} />}
        </>
      )}
    </Page>
  );
}
