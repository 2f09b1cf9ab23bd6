// The referrals of this case that this institution sent or received, and the form to send one.
import { useState } from 'preact/hooks';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Loading, Problem } from '../components/Common.jsx';
import { ReferralTable } from '../components/ReferralTable.jsx';
import { ReferralForm, SentNotice } from './ReferralForm.jsx';
import { can } from './CasePage.jsx';

export function CaseReferrals({ doc, timeZone }) {
  const t = useT();
  const { user } = useSession();
  const list = useFetch(`/cases/${doc.id}/referrals`, [doc.version]);
  const [sent, setSent] = useState(null);
  const [open, setOpen] = useState(false);
  const box = user.institution_id === doc.owner_institution_id ? 'outgoing' : 'incoming';
  const onSent = (r) => {
    setSent(r);
    setOpen(false);
    list.reload();
  };
  return (
    <div>
      <h2>{t('tab.referrals')}</h2>
      <SentNotice referral={sent} timeZone={timeZone} />
      {list.error ? <Problem error={list.error} /> : !list.data ? <Loading /> : <ReferralTable items={list.data.items} box={box} />}
      {can(doc, 'refer') &&
        (open ? (
          <ReferralForm doc={doc} onSent={onSent} />
        ) : (
          <button class="button" type="button" onClick={() => setOpen(true)}>
            {t('referral.new')}
          </button>
        ))}
    </div>
  );
}
