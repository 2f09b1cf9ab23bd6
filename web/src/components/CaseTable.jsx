// Case summaries (no personal data: the API's summaries have none) as a table that becomes a
// list of cards on a phone.
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { RiskBadge, Tag } from './Common.jsx';
import { Icon } from './Icon.jsx';

export function overdueCount(o) {
  return o ? o.referrals + o.actions + o.orders + (o.review ? 1 : 0) : 0;
}

export function OverdueNote({ overdue }) {
  const t = useT();
  if (!overdueCount(overdue)) return null;
  const parts = [];
  if (overdue.referrals) parts.push(t('overdue.referrals', { n: overdue.referrals }));
  if (overdue.actions) parts.push(t('overdue.actions', { n: overdue.actions }));
  if (overdue.orders) parts.push(t('overdue.orders', { n: overdue.orders }));
  if (overdue.review) parts.push(t('overdue.review'));
  return (
    <span class="overdue-note">
      <Icon name="alert" size={16} /> {parts.join(', ')}
    </span>
  );
}

export function CaseTable({ items, caption }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  if (!items.length) return <p class="empty">{t('cases.none')}</p>;
  return (
    <table class="table table--cards">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('case.reference')}</th>
          <th scope="col">{t('case.kind')}</th>
          <th scope="col">{t('case.status')}</th>
          <th scope="col">{t('case.risk')}</th>
          <th scope="col">{t('case.owner')}</th>
          <th scope="col">{t('case.next_review')}</th>
          <th scope="col">{t('case.attention')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr class={overdueCount(c.overdue) ? 'row--overdue' : undefined}>
            <td data-label={t('case.reference')}>
              <a href={`#/cases/${c.id}`}>{c.reference}</a>
            </td>
            <td data-label={t('case.kind')}>{label('case_kind', c.kind)}</td>
            <td data-label={t('case.status')}>
              <Tag group="case_status" code={c.status} />
            </td>
            <td data-label={t('case.risk')}>
              <RiskBadge level={c.risk_level} />
            </td>
            <td data-label={t('case.owner')}>{directory.institutionName(c.owner_institution_id)}</td>
            <td data-label={t('case.next_review')}>{formatDate(c.next_review_on) || '—'}</td>
            <td data-label={t('case.attention')}>
              <OverdueNote overdue={c.overdue} />
              {c.repeat && <span class="tag tag--repeat">{t('case.repeat')}</span>}
              {c.needs_meeting && <span class="tag tag--meeting">{t('case.needs_meeting')}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
