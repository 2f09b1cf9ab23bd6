// One case: a header with what matters at a glance (reference, kind, risk, status, owner,
// assigned worker, overdue items), then one tab per part of the work. Parts the protocol does
// not let this institution read are not fetched and are named as withheld; writes are offered
// only where the server's `permissions` for this case allow them.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { takeFlash } from '../lib/flash.js';
import { useSession } from '../lib/session.js';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { CaseHeader, CaseFlash } from './CaseHeader.jsx';
import { Overview } from './Overview.jsx';
import { EditCase } from './EditCase.jsx';
import { Incidents } from './Incidents.jsx';
import { Consents } from './Consents.jsx';
import { Risk } from './Risk.jsx';
import { Orders } from './Orders.jsx';
import { Actions } from './Actions.jsx';
import { CaseReferrals } from './CaseReferrals.jsx';
import { Notes } from './Notes.jsx';
import { CaseAttachments } from './Attachments.jsx';
import { Manage } from './Manage.jsx';
import { HateOutcome } from './HateOutcome.jsx';
import { Reintegration } from './Reintegration.jsx';
import { LegalHold } from './LegalHold.jsx';

export const TABS = [
  ['overview', Overview, () => true],
  ['incidents', Incidents, (d) => !d.withheld.includes('incident')],
  ['risk', Risk, (d) => !d.withheld.includes('risk')],
  ['orders', Orders, (d) => !d.withheld.includes('legal')],
  ['plan', Actions, () => true],
  ['release', Reintegration, (d) => d.kind === 'reintegration'],
  ['referrals', CaseReferrals, () => true],
  ['notes', Notes, () => true],
  ['attachments', CaseAttachments, (d) => d.access !== 'summary'],
  ['outcome', HateOutcome, (d) => d.kind === 'hate_crime'],
  ['consent', Consents, (d) => Array.isArray(d.consents)],
  ['manage', Manage, (d) => d.permissions?.some((p) => ['close', 'transfer', 'assign'].includes(p))],
  // A manager of the owner institution places or lifts a legal hold (issue 16).
  ['hold', LegalHold, (d, user) => user?.role === 'manager' && user.institution_id === d.owner_institution_id],
];

export function can(doc, permission) {
  return !!doc.permissions?.includes(permission);
}

/* The case and its ETag, and a way to replace both after a write. */
function useCase(id) {
  const [state, setState] = useState({ doc: null, etag: null, error: null });
  const load = () =>
    request('GET', `/cases/${id}`)
      .then((r) => setState({ doc: r.data, etag: r.etag, error: null }))
      .catch((error) => setState({ doc: null, etag: null, error }));
  useEffect(() => {
    load();
  }, [id]);
  return { ...state, reload: load, replace: (doc, etag) => setState({ doc, etag: etag || `"${doc.version}"`, error: null }) };
}

export function CasePage({ params }) {
  const t = useT();
  const { directory, user } = useSession();
  const [flash] = useState(takeFlash);
  const kase = useCase(params.id);
  const tab = params.tab || 'overview';
  if (kase.error) return <Page title={t('case.title')}><Problem error={kase.error} /></Page>;
  if (!kase.doc) return <Loading />;
  const doc = kase.doc;
  const tabs = TABS.filter(([, , shown]) => shown(doc, user));
  const edit = tab === 'edit';
  const [, Tab] = tabs.find(([name]) => name === tab) || (edit ? ['edit', EditCase] : tabs[0]);
  const props = { doc, etag: kase.etag, reload: kase.reload, replace: kase.replace, timeZone: directory.timeZoneOf(doc.mechanism_id) };
  return (
    <Page title={t('case.title_ref', { reference: doc.reference })} wide>
      <CaseFlash flash={flash} />
      <CaseHeader {...props} />
      <nav class="tabs" aria-label={t('case.parts')}>
        <ul>
          {tabs.map(([name]) => (
            <li>
              <a href={`#/cases/${doc.id}${name === 'overview' ? '' : `/${name}`}`} aria-current={name === tab || (edit && name === 'overview') ? 'page' : undefined}>
                {t(`tab.${name}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="tab-panel">
        <Tab {...props} />
      </div>
    </Page>
  );
}
