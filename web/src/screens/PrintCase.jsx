// The case summary for print, as this reader may see it: a confidential address the reader may
// not read is absent from the API's answer, so it cannot be printed.
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Facts, Loading, Page, Problem, Withheld } from '../components/Common.jsx';
import { PrintView } from './PrintView.jsx';

function Section({ title, withheld, children }) {
  return (
    <section class="print-section">
      <h2>{title}</h2>
      {withheld ? <Withheld /> : children}
    </section>
  );
}

export function PrintCase({ params }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const { data: doc, error } = useFetch(`/cases/${params.id}`, [params.id]);
  if (error) return <Page title={t('print.case')}><Problem error={error} /></Page>;
  if (!doc) return <Loading />;
  const w = (c) => doc.withheld.includes(c);
  const s = doc.survivor || {};
  return (
    <PrintView title={t('print.case_title')} reference={doc.reference} back={`#/cases/${doc.id}`}>
      <Facts
        items={[
          [t('case.kind'), label('case_kind', doc.kind)],
          [t('case.status'), label('case_status', doc.status)],
          [t('case.risk'), label('risk_level', doc.risk_level)],
          [t('case.owner'), directory.institutionName(doc.owner_institution_id)],
          [t('case.mechanism'), directory.mechanism(doc.mechanism_id)?.name],
          [t('case.opened'), formatDate(doc.created_at?.slice(0, 10))],
          [t('case.next_review'), formatDate(doc.next_review_on)],
        ]}
      />
      <Section title={t('person.survivor_title')} withheld={w('identity') && w('contact')}>
        <Facts
          items={[
            [t('person.name'), !w('identity') && [s.given_name, s.family_name].filter(Boolean).join(' ')],
            [t('person.sex'), !w('identity') && s.sex && label('sex', s.sex)],
            [t('person.date_of_birth'), !w('identity') && formatDate(s.date_of_birth)],
            [t('person.personal_number'), !w('identity') && s.personal_number],
            [t('person.phone'), !w('contact') && s.phone],
            [t('person.address'), !w('contact') && s.address],
          ]}
        />
      </Section>
      <Section title={t('children.title')} withheld={w('children')}>
        {doc.children?.length ? (
          <ul>
            {doc.children.map((c) => (
              <li>
                {c.given_name}
                {c.date_of_birth && `, ${formatDate(c.date_of_birth)}`}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('children.none_recorded')}</p>
        )}
      </Section>
      <Section title={t('perpetrator.title')} withheld={w('perpetrator')}>
        {doc.perpetrator ? (
          <Facts
            items={[
              [t('person.name'), [doc.perpetrator.given_name, doc.perpetrator.family_name].filter(Boolean).join(' ')],
              [t('perpetrator.relationship'), doc.perpetrator.relationship && label('relationship', doc.perpetrator.relationship)],
            ]}
          />
        ) : (
          <p>{t('perpetrator.none_recorded')}</p>
        )}
      </Section>
      <Section title={t('tab.incidents')} withheld={w('incident')}>
        {(doc.incidents || []).map((i) => (
          <div class="print-incident">
            <p>
              <strong>{formatDate(i.occurred_on)}</strong> — {i.forms.map((f) => label('form', f)).join(', ')}
              {i.place && ` — ${label('place', i.place)}`}
            </p>
            {i.narrative && <p class="narrative">{i.narrative}</p>}
          </div>
        ))}
      </Section>
    </PrintView>
  );
}
