import { useT } from '../lib/i18n.js';
import { Page } from '../components/Common.jsx';

export function NotFound() {
  const t = useT();
  return (
    <Page title={t('notfound.title')}>
      <p>{t('notfound.text')}</p>
      <p>
        <a href="#/">{t('nav.home')}</a>
      </p>
    </Page>
  );
}
