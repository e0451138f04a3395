import { MODULES, type ModuleId } from '../../app/routes';
import { useT } from '../../i18n';

export function PlaceholderScreen({ module }: { module: ModuleId }) {
  const { t } = useT();
  const icon = MODULES.find((m) => m.id === module)?.icon ?? '◻';
  return (
    <div className="placeholder" data-testid={`placeholder-${module}`}>
      <div className="placeholder-icon" aria-hidden>
        {icon}
      </div>
      <h1>
        {t(`nav.${module}`)}
        <span className="badge">{t('placeholder.title')}</span>
      </h1>
      <p className="placeholder-what">{t(`placeholder.${module}`)}</p>
      <p className="muted">{t('placeholder.body', { name: t(`nav.${module}`) })}</p>
    </div>
  );
}
