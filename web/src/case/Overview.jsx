// The people in the case as this institution may read them: the survivor, the children, the
// alleged perpetrator and the cases linked to them. A part the protocol withholds says so.
import { useLabel, useT } from '../lib/i18n.js';
import { formatDate } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Facts, Withheld } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

function Links({ links, text }) {
  const t = useT();
  if (!links || (links.ids.length === 0 && links.hidden === 0)) return null;
  return (
    <div class="links-note">
      <p>{text}</p>
      {links.ids.length > 0 && (
        <ul class="inline-list">
          {links.ids.map((id) => (
            <li>
              <a href={`#/cases/${id}`}>{t('case.case_n', { id })}</a>
            </li>
          ))}
        </ul>
      )}
      {links.hidden > 0 && <p class="hint">{t('case.links_hidden', { n: links.hidden })}</p>}
    </div>
  );
}

function Survivor({ doc }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const s = doc.survivor;
  const identity = !doc.withheld.includes('identity');
  const contact = !doc.withheld.includes('contact');
  const addressWithheld = doc.withheld_fields?.includes('survivor.address');
  if (!s || (!identity && !contact)) return <Withheld />;
  return (
    <>
      {identity ? (
        <Facts
          items={[
            [t('person.name'), [s.given_name, s.family_name].filter(Boolean).join(' ')],
            [t('person.sex'), s.sex && label('sex', s.sex)],
            [t('person.date_of_birth'), formatDate(s.date_of_birth)],
            [t('person.personal_number'), s.personal_number],
            [t('person.municipality'), s.municipality_id && directory.municipalities.find((m) => m.id === s.municipality_id)?.name],
          ]}
        />
      ) : (
        <Withheld>{t('case.withheld_named', { part: label('category', 'identity') })}</Withheld>
      )}
      {contact ? (
        <>
          <Facts
            items={[
              [t('person.phone'), s.phone],
              [t('person.address'), s.address],
            ]}
          />
          {s.address_confidential && <p class="tag tag--danger">{t('person.address_is_confidential')}</p>}
          {addressWithheld && <Withheld>{t('person.address_withheld')}</Withheld>}
        </>
      ) : (
        <Withheld>{t('case.withheld_named', { part: label('category', 'contact') })}</Withheld>
      )}
    </>
  );
}

export function Overview({ doc }) {
  const t = useT();
  const label = useLabel();
  const latest = doc.incidents?.[doc.incidents.length - 1];
  return (
    <div class="overview">
      {can(doc, 'update') && (
        <p>
          <a class="button" href={`#/cases/${doc.id}/edit`}>
            {t('case.edit')}
          </a>
        </p>
      )}
      <section aria-labelledby="ov-survivor">
        <h2 id="ov-survivor">{doc.kind === 'reintegration' ? t('person.released_title') : t('person.survivor_title')}</h2>
        <Survivor doc={doc} />
        <Links links={doc.possible_duplicates} text={t('case.possible_duplicates')} />
      </section>
      <section aria-labelledby="ov-children">
        <h2 id="ov-children">{t('children.title')}</h2>
        {doc.withheld.includes('children') ? (
          <Withheld />
        ) : doc.children?.length ? (
          <ul class="plain-list">
            {doc.children.map((c) => (
              <li>
                {c.given_name}
                {c.date_of_birth && `, ${formatDate(c.date_of_birth)}`}
                {c.sex && `, ${label('sex', c.sex)}`}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{t('children.none_recorded')}</p>
        )}
      </section>
      <section aria-labelledby="ov-perpetrator">
        <h2 id="ov-perpetrator">{t('perpetrator.title')}</h2>
        {doc.withheld.includes('perpetrator') ? (
          <Withheld />
        ) : doc.perpetrator ? (
          <>
            <Facts
              items={[
                [t('person.name'), [doc.perpetrator.given_name, doc.perpetrator.family_name].filter(Boolean).join(' ')],
                [t('perpetrator.relationship'), doc.perpetrator.relationship && label('relationship', doc.perpetrator.relationship)],
                [t('person.date_of_birth'), formatDate(doc.perpetrator.date_of_birth)],
              ]}
            />
            <Links links={doc.perpetrator_links} text={t('perpetrator.links')} />
          </>
        ) : (
          <p class="empty">{t('perpetrator.none_recorded')}</p>
        )}
      </section>
      <section aria-labelledby="ov-incident">
        <h2 id="ov-incident">{t('incident.latest')}</h2>
        {doc.withheld.includes('incident') ? (
          <Withheld />
        ) : latest ? (
          <p>
            {formatDate(latest.occurred_on)} — {latest.forms.map((f) => label('form', f)).join(', ')}
            {latest.place && ` — ${label('place', latest.place)}`}{' '}
            <a href={`#/cases/${doc.id}/incidents`}>{t('incident.all', { n: doc.incidents.length })}</a>
          </p>
        ) : (
          <p class="empty">{t('incident.none')}</p>
        )}
      </section>
    </div>
  );
}
