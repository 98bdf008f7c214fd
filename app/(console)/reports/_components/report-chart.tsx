'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import { type ChartRow, type ChartSeries, shortDay } from './chart-theme';

// One chart component for every report (recharts' ComposedChart: bars, lines or both). It is a picture
// for sighted readers: screen readers get the data table below it instead (the chart is aria-hidden and
// out of the tab order: recharts' keyboard layer would be a focusable element inside hidden content).

const DASHES = [undefined, '6 3', '2 2'];

function ChartTooltip({
  active,
  payload,
  label,
  unit,
  rightUnit,
  rightKeys,
  order,
}: Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & {
  unit: string;
  rightUnit?: string;
  rightKeys: Set<string>;
  /** Series keys in their order (the payload arrives sorted by name). */
  order: string[];
}) {
  if (!active || !payload?.length) return null;
  const items = [...payload].sort(
    (a, b) => order.indexOf(String(a.dataKey)) - order.indexOf(String(b.dataKey)),
  );
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium">{shortDay(label as string)}</p>
      <ul className="space-y-0.5">
        {items.map((item) => (
          <li key={String(item.dataKey)} className="flex items-center gap-2">
            <span aria-hidden className="inline-block size-2 rounded-sm" style={{ background: item.color }} />
            <span>{item.name}:</span>
            <span className="font-mono">
              {item.value === null || item.value === undefined
                ? '—'
                : `${item.value} ${rightKeys.has(String(item.dataKey)) ? (rightUnit ?? '') : unit}`.trim()}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportChart({
  data,
  xKey,
  series,
  unit,
  rightUnit,
  percent = false,
  height = 240,
}: {
  data: ChartRow[];
  xKey: string;
  series: ChartSeries[];
  /** The left axis's unit ('min', 'h', '%', '' for counts). */
  unit: string;
  rightUnit?: string;
  /** A 0–100 % axis. */
  percent?: boolean;
  height?: number;
}) {
  const hasRight = series.some((s) => s.right);
  const rightKeys = new Set(series.filter((s) => s.right).map((s) => s.key));
  let line = 0;
  return (
    <div aria-hidden="true" className="text-zinc-600 dark:text-zinc-400" data-testid="report-chart">
      <ComposedChart
        responsive
        accessibilityLayer={false}
        data={data}
        style={{ width: '100%', height }}
        margin={{ top: 8, right: hasRight ? 8 : 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis
          dataKey={xKey}
          tickFormatter={shortDay}
          tick={{ fill: 'currentColor', fontSize: 11 }}
          stroke="currentColor"
          strokeOpacity={0.4}
          minTickGap={12}
        />
        <YAxis
          yAxisId="left"
          tick={{ fill: 'currentColor', fontSize: 11 }}
          stroke="currentColor"
          strokeOpacity={0.4}
          allowDecimals={!percent && unit !== ''}
          domain={percent ? [0, 100] : [0, 'auto']}
          unit={unit === '%' ? '%' : undefined}
          width={48}
          label={
            unit && unit !== '%'
              ? { value: unit, angle: -90, position: 'insideLeft', fill: 'currentColor', fontSize: 11 }
              : undefined
          }
        />
        {hasRight && (
          <YAxis
            yAxisId="right"
            orientation="right"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            stroke="currentColor"
            strokeOpacity={0.4}
            width={48}
            label={
              rightUnit
                ? { value: rightUnit, angle: 90, position: 'insideRight', fill: 'currentColor', fontSize: 11 }
                : undefined
            }
          />
        )}
        <Tooltip
          cursor={{ fill: 'currentColor', fillOpacity: 0.06 }}
          content={({ active, payload, label }) => (
            <ChartTooltip
              active={active}
              payload={payload}
              label={label}
              unit={unit}
              rightUnit={rightUnit}
              rightKeys={rightKeys}
              order={series.map((s) => s.key)}
            />
          )}
        />
        {/* In the series' own order (recharts sorts by name by default). */}
        <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s) =>
          s.type === 'bar' ? (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.colour}
              stackId={s.stack}
              yAxisId="left"
              maxBarSize={36}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.colour}
              strokeWidth={2}
              strokeDasharray={DASHES[line++ % DASHES.length]}
              dot={{ r: 3 }}
              connectNulls
              yAxisId={s.right ? 'right' : 'left'}
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
    </div>
  );
}
