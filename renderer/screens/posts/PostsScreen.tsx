// 岗位: unified post settings for the whole community (issue #5, DOMAIN §4). Tabs: quotas per unit,
// ratio sets (with the rounding rule), the staffing pool, appointments, the overrides made past a
// cap, competition rounds, and the reports (structure, chart, expiring terms, 县管乡用 roster).
// The staff register is its own screen under 岗位 in the navigation (renderer/screens/staff/).
import { Suspense, lazy, useState } from 'react';
import { useT } from '../../i18n';
import { ScreenHeader } from '../ScreenHeader';
import { AppointmentsTab, OverridesTab } from './AppointmentsTab';
import { Tabs } from './common';
import { ExpiringTab, SecondmentsTab } from './ListsTab';
import { PoolTab } from './PoolTab';
import { QuotasTab } from './QuotasTab';
import { RatioSetsTab } from './RatioSetsTab';
import { RoundsTab } from './RoundsTab';
import { StructureTab } from './StructureTab';
import './posts.css';

// ECharts only when the chart is opened: its own chunk, loaded from the bundle ('self' in the CSP).
const ChartTab = lazy(() => import('./ChartTab').then((m) => ({ default: m.ChartTab })));

export const POSTS_TABS = ['structure', 'quotas', 'ratios', 'pool', 'appointments', 'overrides', 'rounds', 'chart', 'expiring', 'secondments'] as const;
export type PostsTab = (typeof POSTS_TABS)[number];

export function PostsScreen({ initialTab = 'structure' }: { initialTab?: PostsTab }) {
  const { t } = useT();
  const [tab, setTab] = useState<PostsTab>(initialTab);
  return (
    <div className="screen" data-testid="posts-screen">
      <ScreenHeader title={t('posts.title')} crumbs={`${t('nav.posts')} › ${t(`posts.tabs.${tab}`)}`} />
      <Tabs tabs={POSTS_TABS} value={tab} onChange={setTab} label={(k) => t(`posts.tabs.${k}`)} prefix="posts-tab" />
      <div className="posts-body">
        {tab === 'structure' && <StructureTab />}
        {tab === 'quotas' && <QuotasTab />}
        {tab === 'ratios' && <RatioSetsTab />}
        {tab === 'pool' && <PoolTab />}
        {tab === 'appointments' && <AppointmentsTab />}
        {tab === 'overrides' && <OverridesTab />}
        {tab === 'rounds' && <RoundsTab />}
        {tab === 'chart' && (
          <Suspense fallback={<div className="posts-panel">{t('common.loading')}</div>}>
            <ChartTab />
          </Suspense>
        )}
        {tab === 'expiring' && <ExpiringTab />}
        {tab === 'secondments' && <SecondmentsTab />}
      </div>
    </div>
  );
}
