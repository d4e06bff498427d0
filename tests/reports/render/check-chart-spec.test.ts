// Tests checkChartSpec: the Vega-Lite JSON schema accepts real specs and reports a located, readable problem.
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { checkChartSpec } from '../../../reports/render/index.js';

const rows = [{ week: '2024-01-01', orders: 3, channel: 'web' }];

function issuesOf(spec: unknown): ReturnType<typeof checkChartSpec>['issues'] {
  return checkChartSpec(spec as TopLevelSpec).issues;
}

describe('checkChartSpec', () => {
  it.each<[string, TopLevelSpec]>([
    ['a unit spec with a timeUnit, aggregate and legend', {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: rows },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: {
        x: { field: 'week', type: 'temporal', timeUnit: 'yearweek' },
        y: { field: 'orders', type: 'quantitative', aggregate: 'sum', axis: { format: ',.0f' } },
        color: { field: 'channel', type: 'nominal', legend: { orient: 'bottom' } },
      },
    }],
    ['a layer with a rule at a datum', {
      data: { values: rows },
      title: { text: 'Orders', subtitle: 'per week' },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'channel', type: 'nominal', sort: '-y' }, y: { field: 'orders', type: 'quantitative' } } },
        { mark: { type: 'rule', color: 'red' }, encoding: { y: { datum: 2 } } },
      ],
    }],
    ['a facet with transforms and a config', {
      data: { values: rows },
      transform: [{ filter: 'datum.orders > 0' }, { calculate: 'datum.orders * 2', as: 'double' }],
      facet: { field: 'channel', type: 'nominal' },
      columns: 2,
      spec: { mark: 'point', encoding: { x: { field: 'double', type: 'quantitative' } } },
      config: { view: { stroke: null } },
    }],
  ])('accepts %s', (_, spec) => {
    expect(checkChartSpec(spec).issues).toEqual([]);
  });

  it('locates a misspelt enum value and lists the allowed ones', () => {
    expect(issuesOf({ data: { values: rows }, mark: 'bar', encoding: { y: { field: 'orders', type: 'quantitive' } } })).toEqual([
      { path: 'encoding.y.type', message: expect.stringMatching(/^expected one of "quantitative" \| "ordinal" .* \(got "quantitive"\)$/) },
    ]);
  });

  it('locates an unknown mark type', () => {
    const [issue, ...rest] = issuesOf({ data: { values: rows }, mark: 'barr', encoding: {} });

    expect(rest).toEqual([]);
    expect(issue?.path).toBe('mark');
    expect(issue?.message).toContain('"bar"');
    expect(issue?.message).toContain('(got "barr")');
  });

  it('names an unknown property at its nesting', () => {
    const spec = { data: { values: rows }, layer: [{ mark: 'bar', encoding: { x: { field: 'orders', type: 'quantitative', axis: { formatt: 'd' } } } }] };

    expect(issuesOf(spec)).toEqual([{ path: 'layer.0.encoding.x.axis', message: expect.stringContaining('"formatt"') }]);
  });

  it('lists the properties that would make a spec without a mark valid', () => {
    expect(issuesOf({ data: { values: rows } })).toEqual([
      { path: '', message: expect.stringMatching(/^missing a required property: one of .*"mark".*"layer"/) },
    ]);
  });
});
