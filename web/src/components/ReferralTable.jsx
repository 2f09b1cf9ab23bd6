// Referrals as a table (a list of cards on a phone): the case reference, the service, urgency,
// the other institution, the status and, while unanswered, the time left to answer.
import { useLabel, useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Tag } from './Common.jsx';
import { TimeLeft } from './TimeLeft.jsx';

export function ReferralTable({ items, box, caption }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  if (!items.length) return <p class="empty">{t('referrals.none')}</p>;
  return (
    <table class="table table--cards">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('referral.case')}</th>
          <th scope="col">{t('referral.service')}</th>
          <th scope="col">{t('referral.urgency')}</th>
          <th scope="col">{box === 'outgoing' ? t('referral.to') : t('referral.from')}</th>
          <th scope="col">{t('referral.status')}</th>
          <th scope="col">{t('referral.respond_by')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => {
          const overdue = r.status === 'sent' && new Date(r.respond_by).getTime() < Date.now();
          return (
            <tr class={overdue ? 'row--overdue' : undefined}>
              <td data-label={t('referral.case')}>
                <a href={`#/referrals/${r.id}`}>{r.case_reference}</a>
              </td>
              <td data-label={t('referral.service')}>{label('service', r.service)}</td>
              <td data-label={t('referral.urgency')}>
                <Tag group="urgency" code={r.urgency} />
              </td>
              <td data-label={box === 'outgoing' ? t('referral.to') : t('referral.from')}>
                {directory.institutionName(box === 'outgoing' ? r.to_institution_id : r.from_institution_id)}
              </td>
              <td data-label={t('referral.status')}>
                <Tag group="referral_status" code={r.status} />
              </td>
              <td data-label={t('referral.respond_by')}>
                {r.status === 'sent' ? <TimeLeft until={r.respond_by} timeZone={directory.tz} /> : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
