// The referral form for print: the packet as this institution reads it.
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Loading, Page, Problem } from '../components/Common.jsx';
import { ReferralPacket } from './ReferralPage.jsx';
import { PrintView } from './PrintView.jsx';

export function PrintReferral({ params }) {
  const t = useT();
  const { directory } = useSession();
  const { data, error } = useFetch(`/referrals/${params.id}`, [params.id]);
  if (error) return <Page title={t('print.referral')}><Problem error={error} /></Page>;
  if (!data) return <Loading />;
  return (
    <PrintView title={t('print.referral_title')} reference={data.case_reference} back={`#/referrals/${data.id}`}>
      <ReferralPacket referral={data} timeZone={directory.tz} />
    </PrintView>
  );
}
