// The sub-navigation of a mechanism's governance screens, and the choice among several
// mechanisms for a coordinator who has more than one.
import { useT } from '../lib/i18n.js';
import { navigate } from '../lib/router.js';

const PARTS = [
  ['', 'gov.dashboard', true],
  ['/meetings', 'gov.meetings', false],
  ['/requests', 'gov.requests', false],
  ['/plans', 'gov.plans', false],
  ['/police-feedback', 'gov.police_feedback', false],
];

export function MechanismNav({ mechanism, current, mine, coordinator }) {
  const t = useT();
  return (
    <>
      {mine.length > 1 && (
        <div class="field mechanism-choice">
          <label for="f-mechanism-choice">{t('gov.choose_mechanism')}</label>
          <select id="f-mechanism-choice" class="input" onChange={(e) => navigate(`/mechanisms/${e.currentTarget.value}${current}`)}>
            {mine.map((m) => (
              <option value={m.id} selected={m.id === mechanism.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <nav class="tabs" aria-label={t('gov.parts')}>
        <ul>
          {PARTS.filter(([, , coordOnly]) => coordinator || !coordOnly).map(([path, key]) => (
            <li>
              <a href={`#/mechanisms/${mechanism.id}${path}`} aria-current={current === path ? 'page' : undefined}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
