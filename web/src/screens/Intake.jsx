// The intake queue: reports made without an account and reports CSOs filed on a victim's
// behalf, waiting for triage by the coordinator, the police hate-crime contact point or the
// police a report was referred to — with their age in working days and an overdue marker, and
// never any free text or contact. A CSO's staff file reports here ("Report on someone's
// behalf") and see their own, passing a held one to the police.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { href } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Loading, Notice, Page, Problem, Tag } from '../components/Common.jsx';
import { IntakeFile } from './IntakeFile.jsx';

/* Whether the person signed in files third-party reports (staff of a CSO). */
export function filesReports(user, directory) {
  return ['caseworker', 'manager'].includes(user.role) && directory.institution(user.institution_id)?.type === 'cso';
}

function PassButton({ report, onDone }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const pass = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/intake/${report.id}/pass`);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Problem error={error} />
      <button class="button button--secondary button--small" type="button" disabled={busy} onClick={pass}>
        {t('intake.pass')}
      </button>
    </>
  );
}

function IntakeTable({ items, cso, onChanged }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const muni = (id) => directory.municipalities.find((m) => m.id === id)?.name ?? `#${id}`;
  const list = (group, codes) => codes.map((c) => label(group, c)).join(', ') || '—';
  return (
    <table class="table table--cards">
      <caption class="visually-hidden">{t('intake.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('intake.received')}</th>
          <th scope="col">{t('intake.kind')}</th>
          <th scope="col">{t('intake.municipality')}</th>
          <th scope="col">{t('intake.what')}</th>
          <th scope="col">{t('intake.source')}</th>
          <th scope="col">{t('intake.status')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr class={r.overdue ? 'row--overdue' : undefined}>
            <td data-label={t('intake.received')}>
              <div>
                <a href={`#/intake/${r.id}`}>{r.received_at ? formatDate(r.received_at) : formatDate(r.created_at)}</a>
                {r.age_working_days !== null && <span class="hint"> · {t('intake.age', { days: r.age_working_days })}</span>}
                {r.overdue && (
                  <>
                    {' '}
                    <span class="tag tag--danger">{t('intake.overdue')}</span>
                  </>
                )}
              </div>
            </td>
            <td data-label={t('intake.kind')}>{label('case_kind', r.kind)}</td>
            <td data-label={t('intake.municipality')}>{muni(r.municipality_id)}</td>
            <td data-label={t('intake.what')}>
              <div>
                {list('form', r.forms)}
                {r.bias.length > 0 && <span class="hint"> · {list('bias', r.bias)}</span>}
              </div>
            </td>
            <td data-label={t('intake.source')}>
              <div>
                {label('intake_source', r.source)}
                {r.reporter && <span class="hint"> · {label('reporter', r.reporter)}</span>}
                {r.wants_contact && <span class="hint"> · {t('intake.wants_contact')}</span>}
              </div>
            </td>
            <td data-label={t('intake.status')}>
              <div>
                <Tag group="intake_status" code={r.status} tone={r.status === 'received' ? 'sent' : r.status === 'closed' ? 'declined' : 'done'} />
                {cso && <span class="hint"> · {label('police_disclosure', r.police_disclosure)}</span>}
                {cso && r.held && <PassButton report={r} onDone={onChanged} />}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Intake({ query: q }) {
  const t = useT();
  const { user, directory } = useSession();
  const cso = filesReports(user, directory);
  const status = q.status === 'all' ? 'all' : 'open';
  const [filing, setFiling] = useState(false);
  const [filed, setFiled] = useState(null);
  const [extra, setExtra] = useState({ items: [], next: null });
  const list = useFetch(() => api.get(`/intake${query({ status, limit: 50 })}`), [status]);
  const page = list.data ? { items: [...list.data.items, ...extra.items], next: extra.next ?? list.data.next } : null;
  const more = async () => {
    const p = await api.get(`/intake${query({ status, limit: 50, cursor: page.next })}`);
    setExtra({ items: [...extra.items, ...p.items], next: p.next });
  };
  const tab = (s, key) => (
    <li>
      <a href={href('/intake', s === 'open' ? {} : { status: s })} aria-current={status === s ? 'page' : undefined}>
        {t(key)}
      </a>
    </li>
  );
  return (
    <Page
      wide
      title={t('intake.title')}
      actions={
        cso && !filing ? (
          <button class="button" type="button" onClick={() => setFiling(true)}>
            {t('intake.file')}
          </button>
        ) : null
      }
    >
      <p class="hint">{cso ? t('intake.intro_cso') : t('intake.intro')}</p>
      {filed && (
        <Notice kind="success" role="status" title={t('intake.filed')}>
          <p>
            {t('intake.receipt_for_victim')} <strong class="receipt">{filed.receipt}</strong>
          </p>
          <p class="hint">{t('intake.receipt_once')}</p>
        </Notice>
      )}
      {filing && (
        <IntakeFile
          onCancel={() => setFiling(false)}
          onFiled={(r) => {
            setFiling(false);
            setFiled(r);
            list.reload();
          }}
        />
      )}
      <nav class="tabs" aria-label={t('intake.which')}>
        <ul>
          {tab('open', cso ? 'intake.open_cso' : 'intake.open')}
          {tab('all', 'intake.all')}
        </ul>
      </nav>
      {list.error ? (
        <Problem error={list.error} />
      ) : !page ? (
        <Loading />
      ) : page.items.length === 0 ? (
        <p class="empty">{t('intake.none')}</p>
      ) : (
        <IntakeTable items={page.items} cso={cso} onChanged={() => list.reload()} />
      )}
      {page?.next && (
        <button class="button button--secondary" type="button" onClick={more}>
          {t('common.more')}
        </button>
      )}
    </Page>
  );
}
