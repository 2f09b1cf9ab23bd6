// The top of a case page: what a caseworker must see first, the break-glass banner with the
// time left on the grant, and the warnings the server gave when the case was created.
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate, formatSpan, minutesUntil } from '../lib/format.js';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useSession } from '../lib/session.js';
import { Facts, Notice, RiskBadge, Tag } from '../components/Common.jsx';
import { OverdueNote } from '../components/CaseTable.jsx';
import { Icon } from '../components/Icon.jsx';
import { ExportForPerson } from './SubjectAccess.jsx';

export function CaseFlash({ flash }) {
  const t = useT();
  if (!flash) return null;
  const dup = flash.possible_duplicates || { ids: [], hidden: 0 };
  return (
    <>
      <Notice kind="success" role="status" title={t('case.created')} />
      {(dup.ids.length > 0 || dup.hidden > 0) && (
        <Notice kind="warning" title={t('case.duplicates_title')}>
          {dup.ids.length > 0 && (
            <p>
              {t('case.duplicates_visible')}{' '}
              {dup.ids.map((id, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={`#/cases/${id}`}>{t('case.case_n', { id })}</a>
                </>
              ))}
            </p>
          )}
          {dup.hidden > 0 && <p>{t('case.duplicates_hidden', { n: dup.hidden })}</p>}
        </Notice>
      )}
      {flash.repeat && (
        <Notice kind="warning" title={t('case.repeat_title')}>
          <p>{t('case.repeat_explain')}</p>
        </Notice>
      )}
    </>
  );
}

function AssignedWorker({ doc }) {
  const t = useT();
  const { user } = useSession();
  const mine = user.institution_id === doc.owner_institution_id;
  const staff = useFetch(
    () => (mine ? api.get(`/institutions/${doc.owner_institution_id}/staff`) : Promise.resolve({ items: [] })),
    [doc.owner_institution_id],
  );
  if (!doc.assigned_user_id) return t('case.unassigned');
  if (doc.assigned_user_id === user.id) return t('case.assigned_you');
  return staff.data?.items.find((s) => s.id === doc.assigned_user_id)?.display_name || t('case.assigned_someone');
}

export function CaseHeader({ doc, timeZone }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const left = doc.access === 'emergency' && doc.emergency_expires_at ? minutesUntil(doc.emergency_expires_at) : null;
  return (
    <div class="case-header">
      {left !== null && (
        <div class="banner banner--emergency" role="status">
          <Icon name="alert" />
          <p>
            <strong>{t('emergency.banner_title')}</strong> {t('emergency.banner', { span: formatSpan(Math.max(left, 0), t) })}
          </p>
        </div>
      )}
      <div class="case-badges">
        <RiskBadge level={doc.risk_level} />
        <Tag group="case_status" code={doc.status} />
        <span class="tag tag--kind">{label('case_kind', doc.kind)}</span>
        {doc.imminent_danger && <span class="tag tag--danger">{t('case.imminent_danger_short')}</span>}
        {doc.repeat && <span class="tag tag--repeat">{t('case.repeat')}</span>}
        <OverdueNote overdue={doc.overdue} />
      </div>
      <Facts
        items={[
          [t('case.owner'), directory.institutionName(doc.owner_institution_id)],
          [t('case.mechanism'), directory.mechanism(doc.mechanism_id)?.name],
          [t('case.assigned'), doc.access === 'summary' ? null : <AssignedWorker doc={doc} />],
          [t('case.next_review'), formatDate(doc.next_review_on)],
          [t('case.opened'), formatDate(doc.created_at?.slice(0, 10))],
          [t('case.outcome'), doc.outcome ? label('outcome', doc.outcome) : null],
        ]}
      />
      {doc.withheld.length > 0 && (
        <p class="withheld">
          <Icon name="lock" size={16} /> {t('case.withheld_list', { parts: doc.withheld.map((c) => label('category', c)).join(', ') })}
        </p>
      )}
      <p class="case-tools">
        <a class="button button--secondary button--small" href={`#/cases/${doc.id}/print`}>
          <Icon name="print" size={16} /> {t('print.case')}
        </a>
      </p>
      <ExportForPerson doc={doc} />
    </div>
  );
}
