// Section: net revenue, counted orders and average order value for the period, with the revenue trend.
import type { ReportSection } from '../../report-section.js';
import { figure, noData, notComputed, ratio } from '../section-view.js';
import { moneyUnit, orderFigures, yearAgoComparison } from '../order-periods.js';
import { missingTable } from '../../missing-table.js';
import { orderValuesTable } from '../upstream-tables.js';
import { periodBarSpec } from '../period-bar-spec.js';
import { tableTerm } from '../../glossary.js';
import { orderValues } from '../../../transforms/contracts/index.js';

export const revenueOrders: ReportSection = {
  id: 'revenue-orders',
  title: 'Revenue and orders',
  definition: 'Orders placed in the period (UTC), valued net of refunds, returns and cancellations.',
  glossary: [tableTerm(orderValues)],
  async build(wh, params) {
    const { period } = params;
    const missing = await missingTable(wh, ...orderValuesTable);
    if (missing) return notComputed(missing);
    const { periods: rows, yearAgo } = await orderFigures(wh, params);
    const ago = (value: Parameters<typeof yearAgoComparison>[1]) => ({ yearAgo: yearAgoComparison(yearAgo, value) });
    const unit = await moneyUnit(wh, params);
    const [prev, cur] = [rows.at(-2)!, rows.at(-1)!];
    const previousLabel = period.previous.label;
    const figures = [
      figure({ label: `Net revenue${unit}`, value: cur.revenue, previous: prev.revenue, previousLabel, ...ago((y) => y.figures.revenue), unit: 'money', better: 'up',
        definition: 'Sum of order values net of refunds and returns; cancelled orders count zero; includes orders with no known customer.' }),
      figure({ label: 'Orders', value: cur.orders, previous: prev.orders, previousLabel, ...ago((y) => y.figures.orders), unit: 'count', better: 'up',
        definition: 'Orders with a net value above zero.' }),
      figure({ label: `Average order value${unit}`, value: ratio(cur.countedValue, cur.orders), previous: ratio(prev.countedValue, prev.orders),
        previousLabel, ...ago((y) => ratio(y.figures.countedValue, y.figures.orders)), unit: 'money', better: 'up',
        definition: 'Net value of the counted orders divided by their number.' }),
    ];
    if (rows.every((r) => r.orders === 0 && r.revenue === 0)) return noData(`No orders in the ${rows.length} ${period.kind}s up to ${period.current.label}.`, figures);
    return {
      figures,
      chart: { kind: 'chart', spec: periodBarSpec({ title: `Net revenue by ${period.kind}${unit}`, rows, field: 'revenue', axisTitle: 'Net revenue', current: period.current.start, format: ',.0f' }) },
    };
  },
};
