import type { Currency, FactDef } from './kinds';
import { date, email, money, percent, quantity } from './kinds';

const REGIONAL: { key: string; currency: Currency; scale: number }[] = [
  { key: 'us', currency: 'USD', scale: 1 },
  { key: 'eu', currency: 'EUR', scale: 0.95 },
  { key: 'apac', currency: 'SGD', scale: 1.35 },
];

export const ACCESSORIAL_FEES = [
  { key: 'liftgate_fee', label: 'Liftgate at delivery', min: 45, max: 180 },
  { key: 'residential_fee', label: 'Residential delivery', min: 60, max: 210 },
  { key: 'inside_delivery_fee', label: 'Inside delivery', min: 75, max: 260 },
  { key: 'limited_access_fee', label: 'Limited-access location', min: 50, max: 190 },
  { key: 'appointment_fee', label: 'Delivery appointment', min: 15, max: 85 },
  { key: 'notify_fee', label: 'Notify before delivery', min: 10, max: 55 },
  { key: 'redelivery_fee', label: 'Redelivery (second attempt)', min: 90, max: 320 },
] as const;

function accessorialCells(): FactDef[] {
  const out: FactDef[] = [];
  for (const fee of ACCESSORIAL_FEES) {
    const names = REGIONAL.map((r) => `${fee.key}_${r.key}`);
    REGIONAL.forEach((r, i) => {
      out.push(
        money(names[i] as string, r.currency, Math.round(fee.min * r.scale), Math.round(fee.max * r.scale), 0.5, {
          placement: 'table',
          distinctFrom: names.slice(0, i),
        }),
      );
    });
  }
  return out;
}

const days = { unit: 'days', one: 'day' };
const lb = { unit: 'lb', also: ['lbs', 'pounds'] };

export const accessorialFacts: FactDef[] = [
  ...accessorialCells(),
  quantity('liftgate_max_lbs', 1500, 3000, lb, { step: 50 }),
  quantity('liftgate_max_lbs_forum', 1500, 3000, lb, { step: 50, distinctFrom: ['liftgate_max_lbs'] }),
  quantity('detention_free_minutes', 30, 120, { unit: 'minutes' }, { step: 5 }),
  quantity('detention_free_minutes_old', 30, 120, { unit: 'minutes' }, { step: 5, distinctFrom: ['detention_free_minutes'] }),
  money('detention_per_hour', 'USD', 45, 140, 5),
  money('detention_per_hour_old', 'USD', 45, 140, 5, { distinctFrom: ['detention_per_hour'] }),
  date('detention_effective_date', '2025-02-03', '2025-10-27'),
  date('detention_effective_date_old', '2022-01-03', '2024-09-30'),
  quantity('storage_free_days', 1, 5, { unit: 'business days', one: 'business day', also: ['days'] }),
  money('storage_per_pallet_day', 'USD', 8, 45, 0.5),
  money('reweigh_fee', 'USD', 25, 95, 5),
];

export const claimsFacts: FactDef[] = [
  quantity('claim_window_days_us', 60, 270, days),
  quantity('claim_window_days_eu', 30, 365, days, { distinctFrom: ['claim_window_days_us'] }),
  quantity('claim_window_days_apac', 30, 180, days, { distinctFrom: ['claim_window_days_us', 'claim_window_days_eu'] }),
  quantity('claim_window_days_forum', 30, 365, days, { distinctFrom: ['claim_window_days_us', 'claim_window_days_eu', 'claim_window_days_apac'] }),
  quantity('concealed_damage_notice_days', 3, 15, { unit: 'business days', also: ['days'] }),
  quantity('claim_ack_days', 5, 30, days),
  quantity('claim_resolution_days', 45, 120, days),
  money('liability_per_lb_new', 'USD', 5, 25, 0.25),
  money('liability_per_lb_new_old', 'USD', 5, 25, 0.25, { distinctFrom: ['liability_per_lb_new'] }),
  money('liability_per_lb_used', 'USD', 0.1, 2, 0.05),
  money('liability_max_shipment', 'USD', 50000, 150000, 2500),
  money('liability_max_shipment_old', 'USD', 50000, 150000, 2500, { distinctFrom: ['liability_max_shipment'] }),
  date('liability_effective_date', '2025-01-02', '2025-09-30'),
  date('liability_effective_date_old', '2021-03-01', '2024-08-30'),
  money('excess_value_rate', 'USD', 0.55, 2.5, 0.05),
  money('excess_value_max', 'USD', 100000, 500000, 10000),
  percent('salvage_fee_pct', 5, 25, 1, { placement: 'deep' }),
  quantity('claim_appeal_days', 15, 90, days, { placement: 'deep' }),
  quantity('inspection_request_hours', 24, 96, { unit: 'hours' }, { step: 4, placement: 'deep' }),
  email('claims_email', 'claims'),
  money('claim_fast_track_max', 'USD', 250, 1000, 25),
];

export const palletFacts: FactDef[] = [
  quantity('max_pallet_height_in', 60, 96, { unit: 'inches', also: ['in', '"'] }),
  quantity('max_pallet_weight_lbs', 1800, 3500, lb, { step: 50 }),
  quantity('max_pallet_weight_lbs_old', 1800, 3500, lb, { step: 50, distinctFrom: ['max_pallet_weight_lbs'] }),
  date('pallet_effective_date', '2025-03-03', '2025-11-03'),
  date('pallet_effective_date_old', '2022-02-01', '2024-12-02'),
  money('pallet_exchange_fee', 'USD', 8, 30, 0.5),
  quantity('overlength_threshold_ft', 8, 14, { unit: 'feet', one: 'foot', also: ['ft'] }),
  money('overlength_fee_t1', 'USD', 60, 150, 5, { placement: 'table' }),
  money('overlength_fee_t2', 'USD', 160, 300, 5, { placement: 'table' }),
  money('overlength_fee_t3', 'USD', 310, 600, 5, { placement: 'table' }),
  quantity('shrink_wrap_min_wraps', 3, 8, { unit: 'full wraps', also: ['wraps', 'revolutions'] }),
  money('crate_value_threshold', 'USD', 2500, 10000, 250),
];
