// The auditor's screen: the audit log, newest first, filtered by case, user, institution, action
// (exact, or every action of a kind) and period, read page by page; quick filters for each break
// glass and for referrals made on an emergency basis (shared without consent: their basis,
// categories and the sender's justification); and the check of the hash chain. Other entries
// name fields, never values, and the filters are numbers and codes, so the address may hold them.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { ACTIONS, PREFIXES, QUICK, actionLabel, isEmergency, withoutConsent } from '../lib/audit.js';
import { useLabel, useLang, useOptions, useT } from '../lib/i18n.js';
import { formatDateTime, startOfDayIn } from '../lib/format.js';
import { usePaged } from '../lib/paged.js';
import { href, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { Select, TextInput } from '../components/Form.jsx';
import { Period } from '../components/Period.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';

const FILTERS = ['case_id', 'user_id', 'institution_id', 'action', 'from', 'to', 'flagged', 'basis'];
const PAGE = 100;

const fullDate = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d || '');
/* The last second of a day in the zone (the API's `to` is inclusive). */
const endOfDayIn = (d, tz) => new Date(Date.parse(startOfDayIn(d, tz, 1)) - 1000).toISOString().replace(/\.\d+Z$/, 'Z');

/* The API's query for the filters of the address; days begin and end in the mechanisms' zone. */
function apiParams(f, tz) {
  return {
    case_id: f.case_id,
    user_id: f.user_id,
    institution_id: f.institution_id,
    action: f.action,
    flagged: f.flagged,
    basis: f.basis,
    from: fullDate(f.from) ? startOfDayIn(f.from, tz) : f.from,
    to: fullDate(f.to) ? endOfDayIn(f.to, tz) : f.to,
  };
}

/* A page of entries, filtered by the server. */
function loadEntries(params, cursor) {
  return api.get(`/audit${query({ ...params, limit: PAGE, cursor })}`);
}

function Verify() {
  const t = useT();
  const [state, setState] = useState({ busy: false, result: null, error: null });
  const run = async () => {
    setState({ busy: true, result: null, error: null });
    try {
      setState({ busy: false, result: await api.get('/audit/verify'), error: null });
    } catch (error) {
      setState({ busy: false, result: null, error });
    }
  };
  const r = state.result;
  return (
    <section class="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('audit.verify_title')}</h2>
      <p>{t('audit.verify_explain')}</p>
      <button class="button button--secondary" type="button" onClick={run} disabled={state.busy}>
        {t('audit.verify')}
      </button>
      <div role="status" class="verify-result">
        {state.busy && <p class="loading">{t('audit.verifying')}</p>}
        {r && r.intact && <Notice kind="success" title={t('audit.intact', { n: r.entries })} />}
        {r && !r.intact && (
          <Notice kind="danger" title={t('audit.broken', { id: r.first_bad_id })}>
            <p>{t('audit.broken_explain', { n: r.entries })}</p>
            {r.reason && <p><code>{r.reason}</code></p>}
          </Notice>
        )}
      </div>
      <Problem error={state.error} />
    </section>
  );
}

function QuickFilters({ current }) {
  const t = useT();
  const active = (params) => Object.entries(params).every(([k, v]) => current[k] === v) && FILTERS.every((k) => k in params || !current[k]);
  return (
    <nav class="quick-filters" aria-label={t('audit.quick')}>
      <ul>
        {QUICK.map(([key, params]) => (
          <li>
            <a href={href('/audit', params)} aria-current={active(params) ? 'true' : undefined}>
              {t(`audit.quick_${key}`)}
            </a>
          </li>
        ))}
        <li>
          <a href="#/audit" aria-current={FILTERS.every((k) => !current[k]) ? 'true' : undefined}>
            {t('audit.quick_all')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

function Filters({ current, errors }) {
  const t = useT();
  const options = useOptions();
  const lang = useLang();
  const { directory } = useSession();
  const [v, setV] = useState(current);
  useEffect(() => setV(current), [JSON.stringify(current)]);
  const set = (k) => (x) => setV({ ...v, [k]: x });
  const apply = (e) => {
    e.preventDefault();
    navigate(href('/audit', v));
  };
  const actions = [
    ...PREFIXES.map((p) => ({ value: p, label: t(`audit.prefix_${p.slice(0, -1)}`) })),
    ...ACTIONS.map((a) => ({ value: a, label: `${actionLabel(lang, a)} (${a})` })),
  ];
  if (v.action && !actions.some((a) => a.value === v.action)) actions.push({ value: v.action, label: v.action });
  const institutions = directory.institutions.slice().sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form class="filters filters--audit" onSubmit={apply} aria-label={t('audit.filters')} noValidate>
      <TextInput name="case_id" label={t('audit.case_id')} hint={t('audit.case_id_hint')} value={v.case_id} onValue={set('case_id')} inputMode="numeric" width="medium" error={errors.case_id} />
      <TextInput name="user_id" label={t('audit.user_id')} hint={t('audit.user_id_hint')} value={v.user_id} onValue={set('user_id')} inputMode="numeric" width="medium" error={errors.user_id} />
      <Select name="institution_id" label={t('audit.institution')} value={v.institution_id} onValue={set('institution_id')} placeholder={t('filter.any')} options={institutions.map((i) => ({ value: String(i.id), label: i.name }))} error={errors.institution_id} />
      <Select name="action" label={t('audit.action')} value={v.action} onValue={set('action')} placeholder={t('filter.any')} options={actions} error={errors.action} />
      <Select
        name="basis"
        label={t('audit.basis')}
        value={v.basis}
        onValue={set('basis')}
        placeholder={t('filter.any')}
        options={options('referral_basis')}
        error={errors.basis}
      />
      <Select
        name="flagged"
        label={t('audit.flagged')}
        value={v.flagged}
        onValue={set('flagged')}
        placeholder={t('filter.any')}
        options={[
          { value: 'true', label: t('audit.flagged_only') },
          { value: 'false', label: t('audit.flagged_not') },
        ]}
        error={errors.flagged}
      />
      <Period legend={t('audit.period')} hint={t('form.date_hint')} values={v} set={set} errors={errors} fromLabel={t('audit.from')} toLabel={t('audit.to')} />
      <div class="filters-actions">
        <button class="button" type="submit">
          {t('filter.apply')}
        </button>
        <a class="button button--secondary" href="#/audit">
          {t('filter.clear')}
        </a>
      </div>
    </form>
  );
}

/* What a referral's entry records beyond its fields: the basis it shared on, the categories,
 * and, in the list of emergency-basis referrals, the justification its sender wrote. */
function Detail({ e }) {
  const t = useT();
  const label = useLabel();
  const d = e.detail;
  if (!d || !d.basis) return null;
  return (
    <dl class="audit-detail">
      <dt>{t('audit.basis')}</dt>
      <dd>{label('referral_basis', d.basis)}</dd>
      <dt>{t('audit.shared')}</dt>
      <dd>{d.share?.length ? d.share.map((c) => label('category', c)).join(', ') : t('audit.shared_nothing')}</dd>
      {e.justification && (
        <>
          <dt>{t('audit.justification')}</dt>
          <dd class="audit-justification">{e.justification}</dd>
        </>
      )}
    </dl>
  );
}

function Entry({ e }) {
  const t = useT();
  const lang = useLang();
  const { directory } = useSession();
  return (
    <tr class={isEmergency(e) ? 'audit-row--emergency' : e.flagged ? 'audit-row--flagged' : undefined}>
      <td data-label={t('audit.when')}>
        <time datetime={e.at}>{formatDateTime(e.at, directory.tz)}</time>
      </td>
      <td data-label={t('audit.who')}>
        <div>
          {e.actor_user_id ? <a href={href('/audit', { user_id: String(e.actor_user_id) })}>{t('audit.user_n', { id: e.actor_user_id })}</a> : t('audit.system')}
          {e.institution_id && <span class="audit-institution">{directory.institutionName(e.institution_id)}</span>}
        </div>
      </td>
      <td data-label={t('audit.action')}>
        <div>
          <span class="audit-action">{actionLabel(lang, e.action)}</span> <code>{e.action}</code>
          {isEmergency(e) && !withoutConsent(e) ? (
            <span class="tag tag--danger">{t('audit.tag_break_glass')}</span>
          ) : withoutConsent(e) ? (
            <span class="tag tag--danger">{t('audit.tag_without_consent')}</span>
          ) : null}
          {e.flagged && <span class="tag tag--warning">{t('audit.tag_flagged')}</span>}
        </div>
      </td>
      <td data-label={t('audit.object')}>
        <code>
          {e.object_type}
          {e.object_id ? ` #${e.object_id}` : ''}
        </code>
      </td>
      <td data-label={t('audit.case')}>
        {e.case_id ? (
          <span class="audit-case">
            <a href={href('/audit', { case_id: String(e.case_id) })}>{e.case_reference || t('audit.case_n', { id: e.case_id })}</a>
            <a class="audit-hold" href={`#/legal-hold/${e.case_id}`}>
              {t('hold.link')}
            </a>
          </span>
        ) : '—'}
      </td>
      <td data-label={t('audit.fields')}>
        <div>
          {e.fields.length ? <code class="audit-fields">{e.fields.join(', ')}</code> : '—'}
          <Detail e={e} />
        </div>
      </td>
    </tr>
  );
}

export function AuditLog({ query: q }) {
  const t = useT();
  const { directory } = useSession();
  const current = Object.fromEntries(FILTERS.map((k) => [k, q[k] || '']));
  const params = apiParams(current, directory.tz);
  const list = usePaged((cursor) => loadEntries(params, cursor), [JSON.stringify(current)]);
  const errors = list.error?.fieldErrors || {};
  return (
    <Page wide title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <QuickFilters current={current} />
      <Filters current={current} errors={errors} />
      {current.basis === 'emergency' && <p class="hint">{t('audit.emergency_basis_hint')}</p>}
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.loaded ? (
        <Loading />
      ) : list.items.length === 0 && !list.next ? (
        <p class="empty">{t('audit.none')}</p>
      ) : (
        <>
          <p class="result-count" role="status">
            {t('audit.shown', { n: list.items.length })}
          </p>
          {list.items.length > 0 && (
            <table class="table table--cards table--compact table--audit">
              <caption class="visually-hidden">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.object')}</th>
                  <th scope="col">{t('audit.case')}</th>
                  <th scope="col">{t('audit.fields')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((e) => (
                  <Entry e={e} />
                ))}
              </tbody>
            </table>
          )}
          {list.next && (
            <button class="button button--secondary" type="button" onClick={list.more} disabled={list.loading}>
              {t('audit.older')}
            </button>
          )}
        </>
      )}
      <Verify />
    </Page>
  );
}
