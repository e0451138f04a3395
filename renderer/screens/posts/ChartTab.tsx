// 结构图: the post structure per unit type (posts.chart) — filled posts per band stacked for each
// unit type, as counts or as shares — with the numbers underneath. ECharts, only the parts used
// (core + BarChart + grid/tooltip/legend + canvas renderer), so the bundle stays small; the canvas
// renderer needs nothing beyond the CSP's script-src 'self' and inline styles.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChartSeries } from '../../../shared/api/posts';
import { UNIT_TYPE_EN } from '../../../shared/domain/org';
import { BANDS, CATEGORY_EN } from '../../../shared/domain/posts/catalogue';
import { asLedgerError, send } from '../../api/client';
import { errorText, useT } from '../../i18n';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One colour family per category: management blues, professional greens→ambers, workers greys. */
const BAND_COLOURS: Record<string, string> = {
  管理一至四级: '#1f3b73',
  管理五至六级: '#2f5597',
  管理七至八级: '#4a76c0',
  管理九至十级: '#8eaadb',
  正高: '#b03a2e',
  副高: '#e07b39',
  中级: '#f2c14e',
  初级: '#7fb77e',
  技术工: '#7f8c8d',
  普通工: '#bdc3c7',
};

export type ChartMode = 'count' | 'share';

/** The ECharts option for the stacked bars (exported for tests of the shape). */
export function chartOption(series: ChartSeries[], mode: ChartMode, lang: 'zh' | 'en', t: (k: string, o?: Record<string, unknown>) => string): echarts.EChartsCoreOption {
  const types = series.map((s) => (lang === 'en' ? UNIT_TYPE_EN[s.unitType] : s.unitType));
  const totals = series.map((s) => s.bands.reduce((n, b) => n + b.filled, 0));
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (mode === 'share' ? `${Number(v).toFixed(1)}%` : String(v)),
    },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: types.map((x, i) => `${x}\n${t('posts.chart.unitsN', { n: series[i]!.units })}`), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', name: mode === 'share' ? '%' : t('posts.chart.posts'), max: mode === 'share' ? 100 : undefined },
    series: BANDS.map((b) => ({
      name: lang === 'en' ? `${b.en}` : b.band,
      type: 'bar',
      stack: 'filled',
      itemStyle: { color: BAND_COLOURS[b.band] },
      emphasis: { focus: 'series' },
      data: series.map((s, i) => {
        const n = s.bands.find((x) => x.band === b.band)?.filled ?? 0;
        return mode === 'share' ? (totals[i] ? Math.round((n / totals[i]!) * 1000) / 10 : 0) : n;
      }),
    })),
  };
}

export function ChartTab() {
  const { t, lang } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [data, setData] = useState<ChartSeries[] | null>(null);
  const [mode, setMode] = useState<ChartMode>('share');
  const [err, setErr] = useState<string | null>(null);

  useEffect(() => {
    send('posts.chart', {}).then(setData, (e: unknown) => setErr(errorText(asLedgerError(e), lang)));
  }, [lang]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (data && chart.current) chart.current.setOption(chartOption(data, mode, lang, t), { notMerge: true });
  }, [data, mode, lang, t]);

  const cats = useMemo(() => [...new Set(BANDS.map((b) => b.category))], []);
  return (
    <div className="posts-scroll posts-chart-tab" data-testid="chart">
      <div className="posts-summary">
        <span className="posts-label">{t('posts.chart.title')}</span>
        <div className="toolbar-spacer" />
        <div className="posts-seg" role="group">
          {(['count', 'share'] as const).map((m) => (
            <button key={m} type="button" className={`btn btn-small${mode === m ? ' btn-primary' : ''}`} data-testid={`chart-mode-${m}`} onClick={() => setMode(m)}>
              {t(`posts.chart.${m}`)}
            </button>
          ))}
        </div>
      </div>
      {err && <div className="form-error">{err}</div>}
      <div className="posts-panel">
        <div ref={ref} className="posts-chart" data-testid="chart-canvas" />
      </div>
      {data && (
        <div className="posts-panel posts-table-wrap">
          <table className="data-table" data-testid="chart-table">
            <thead>
              <tr>
                <th rowSpan={2}>{t('units.type')}</th>
                <th rowSpan={2} className="num">
                  {t('posts.chart.units')}
                </th>
                {cats.map((c) => (
                  <th key={c} colSpan={BANDS.filter((b) => b.category === c).length} className="posts-group">
                    {lang === 'en' ? CATEGORY_EN[c] : c}
                  </th>
                ))}
              </tr>
              <tr>
                {BANDS.map((b) => (
                  <th key={b.band} className="num posts-sub">
                    {lang === 'en' ? b.en : b.band}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((s) => (
                <tr key={s.unitType}>
                  <td>{lang === 'en' ? UNIT_TYPE_EN[s.unitType] : s.unitType}</td>
                  <td className="num">{s.units}</td>
                  {BANDS.map((b) => {
                    const x = s.bands.find((y) => y.band === b.band);
                    return (
                      <td key={b.band} className="num" title={t('posts.chart.cellTitle', { filled: x?.filled ?? 0, approved: x?.approved ?? 0 })}>
                        {x?.filled ?? 0}
                        {x && x.approved > 0 ? <span className="muted"> / {x.approved}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="posts-note">{t('posts.chart.note')}</div>
        </div>
      )}
    </div>
  );
}
