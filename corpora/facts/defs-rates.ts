import type { Currency, FactDef } from './kinds';
import { date, money, percent, plainNumber, quantity } from './kinds';

export const RATE_REGIONS = [
  { key: 'us', currency: 'USD' as Currency, base: 14, perZone: 7 },
  { key: 'eu', currency: 'EUR' as Currency, base: 20, perZone: 9 },
  { key: 'apac', currency: 'SGD' as Currency, base: 22, perZone: 10 },
] as const;
export const ZONES = [1, 2, 3, 4, 5] as const;
/** Weight bands of the LTL base-rate tables; US in lb, EU and APAC in kg. */
export const BANDS = [1, 2, 3, 4] as const;
export const BAND_LIMITS = {
  us: [
    [100, 499],
    [500, 999],
    [1000, 4999],
    [5000, 9999],
  ],
  eu: [
    [50, 249],
    [250, 499],
    [500, 2499],
    [2500, 4999],
  ],
  apac: [
    [50, 249],
    [250, 499],
    [500, 2499],
    [2500, 4999],
  ],
} as const;

function rateCells(): FactDef[] {
  const out: FactDef[] = [];
  for (const r of RATE_REGIONS) {
    for (const z of ZONES) {
      for (const b of BANDS) {
        const centre = (r.base + r.perZone * z) * (1 - 0.14 * (b - 1));
        const lo = Math.round(centre * 0.75 * 100) / 100;
        const hi = Math.round(centre * 1.25 * 100) / 100;
        out.push(money(`rate_z${z}_b${b}_${r.key}`, r.currency, lo, hi, 0.01, { placement: 'table' }));
      }
    }
  }
  return out;
}

export const rateFacts: FactDef[] = [
  ...rateCells(),
  money('min_charge_us', 'USD', 95, 240, 5),
  money('min_charge_eu', 'EUR', 80, 220, 5),
  money('min_charge_apac', 'SGD', 110, 320, 5),
  percent('fuel_surcharge_pct', 14, 34.5, 0.5),
  percent('fuel_surcharge_pct_old', 10, 38, 0.5, { distinctFrom: ['fuel_surcharge_pct'] }),
  date('fuel_effective_date', '2025-01-06', '2025-09-29'),
  date('fuel_effective_date_old', '2023-01-02', '2024-10-31'),
  plainNumber('dim_divisor', 120, 320),
  plainNumber('dim_divisor_old', 120, 320, { distinctFrom: ['dim_divisor'] }),
  date('dim_effective_date', '2024-11-01', '2025-08-29'),
  date('dim_effective_date_old', '2021-01-04', '2024-06-28'),
  quantity('linear_foot_rule_ft', 10, 20, { unit: 'linear feet', one: 'linear foot', also: ['feet', 'ft'] }),
  quantity('quote_validity_days', 7, 45, { unit: 'days', one: 'day' }),
  quantity('volume_quote_pallets', 6, 16, { unit: 'pallets', also: ['pallet positions'] }),
  quantity('volume_quote_lbs', 7500, 15000, { unit: 'lb', also: ['lbs', 'pounds'] }, { step: 250 }),
  percent('guaranteed_surcharge_pct', 15, 45, 1),
  percent('guaranteed_am_surcharge_pct', 46, 90, 1),
  quantity('zone1_max_miles', 80, 180, { unit: 'miles', also: ['mi'] }, { step: 5, placement: 'table' }),
  quantity('zone2_max_miles', 250, 500, { unit: 'miles', also: ['mi'] }, { step: 10, placement: 'table' }),
  quantity('zone3_max_miles', 600, 1000, { unit: 'miles', also: ['mi'] }, { step: 25, placement: 'table' }),
  quantity('zone4_max_miles', 1200, 1800, { unit: 'miles', also: ['mi'] }, { step: 25, placement: 'table' }),
  quantity('transit_days_z1', 1, 2, { unit: 'business days', one: 'business day', also: ['days'] }, { placement: 'table' }),
  quantity('transit_days_z2', 2, 3, { unit: 'business days', also: ['days'] }, { placement: 'table' }),
  quantity('transit_days_z3', 3, 5, { unit: 'business days', also: ['days'] }, { placement: 'table' }),
  quantity('transit_days_z4', 4, 7, { unit: 'business days', also: ['days'] }, { placement: 'table' }),
  quantity('transit_days_z5', 6, 10, { unit: 'business days', also: ['days'] }, { placement: 'table' }),
];
