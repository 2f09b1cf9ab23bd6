// The case's documents (issue 16): those of the categories this institution reads, and a
// form to add one of those categories where it may write on the case.
import { codesOf } from '../lib/i18n.js';
import { Attachments } from '../components/Attachments.jsx';
import { can } from './CasePage.jsx';

export function CaseAttachments({ doc, timeZone }) {
  const readable = codesOf('category').filter((c) => !doc.withheld.includes(c));
  return (
    <Attachments
      base={`/cases/${doc.id}`}
      categories={readable}
      canAdd={can(doc, 'note') && doc.status !== 'closed'}
      manage={doc.access === 'owner'}
      timeZone={timeZone}
    />
  );
}
