import { setLang, useT } from '../i18n';

export function LangSwitch() {
  const { t, lang } = useT();
  return (
    <div className="lang-switch" role="group" aria-label={t('app.language')}>
      <button type="button" data-testid="lang-zh" className={lang === 'zh' ? 'active' : ''} aria-pressed={lang === 'zh'} onClick={() => setLang('zh')}>
        中文
      </button>
      <button type="button" data-testid="lang-en" className={lang === 'en' ? 'active' : ''} aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
        English
      </button>
    </div>
  );
}
