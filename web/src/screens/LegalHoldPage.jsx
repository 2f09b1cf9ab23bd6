// A case's legal hold on a page of its own: the data-protection auditor, who reads no case,
// reaches it from the audit log's entries of the case.
import { useT } from '../lib/i18n.js';
import { Page } from '../components/Common.jsx';
import { LegalHoldPanel } from '../case/LegalHold.jsx';

export function LegalHoldPage({ params }) {
  const t = useT();
  return (
    <Page title={t('hold.page_title', { id: params.id })}>
      <LegalHoldPanel caseId={params.id} />
    </Page>
  );
}
