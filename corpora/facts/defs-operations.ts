import type { FactDef } from './kinds';
import { clock, code, date, derived, email, hexToken, money, percent, phone, quantity } from './kinds';

const days = { unit: 'days', one: 'day' };
const hours = { unit: 'hours', one: 'hour' };
const minutes = { unit: 'minutes', one: 'minute' };
const months = { unit: 'months', one: 'month' };

export const hazmatFacts: FactDef[] = [
  money('hazmat_fee', 'USD', 35, 150, 5),
  phone('hazmat_emergency_phone', '+1-800'),
  money('lithium_battery_fee', 'USD', 20, 80, 5),
  quantity('hazmat_notice_hours', 24, 72, hours, { step: 2 }),
  money('hazmat_placard_fee', 'USD', 15, 60, 5, { placement: 'deep' }),
  quantity('hazmat_training_months', 12, 36, months, { placement: 'deep' }),
  money('hazmat_reject_fee', 'USD', 100, 400, 10, { placement: 'deep' }),
  email('hazmat_email', 'dangerous-goods'),
];

export const customsFacts: FactDef[] = [
  money('brokerage_fee_us', 'USD', 45, 180, 5),
  money('brokerage_fee_eu', 'EUR', 40, 170, 5),
  money('brokerage_fee_apac', 'SGD', 60, 240, 5),
  money('customs_bond_fee', 'USD', 60, 250, 5),
  quantity('customs_storage_free_days', 2, 5, { unit: 'calendar days', also: ['days'] }),
  money('customs_storage_per_day', 'USD', 20, 90, 5),
  quantity('pars_lead_hours', 2, 12, hours, { placement: 'deep' }),
  money('customs_exam_fee', 'USD', 150, 600, 10, { placement: 'deep' }),
  email('customs_email', 'customs'),
  quantity('commercial_invoice_copies', 2, 5, { unit: 'copies', one: 'copy' }),
  quantity('customs_doc_deadline_hours', 24, 72, hours, { step: 4 }),
];

export const billingFacts: FactDef[] = [
  quantity('payment_terms_days_us', 15, 60, days),
  quantity('payment_terms_days_eu', 15, 60, days, { distinctFrom: ['payment_terms_days_us'] }),
  quantity('payment_terms_days_apac', 15, 60, days, { distinctFrom: ['payment_terms_days_us', 'payment_terms_days_eu'] }),
  percent('late_fee_pct_us', 1, 2.5, 0.1),
  percent('late_fee_pct_eu', 1, 2.5, 0.1, { distinctFrom: ['late_fee_pct_us'] }),
  percent('late_fee_pct_apac', 1, 2.5, 0.1, { distinctFrom: ['late_fee_pct_us', 'late_fee_pct_eu'] }),
  quantity('invoice_dispute_days', 30, 180, days),
  quantity('invoice_dispute_days_old', 30, 180, days, { distinctFrom: ['invoice_dispute_days'] }),
  date('dispute_effective_date', '2025-01-06', '2025-10-06'),
  date('dispute_effective_date_old', '2021-06-01', '2024-09-02'),
  percent('card_surcharge_pct', 1.5, 3.5, 0.1),
  money('credit_auto_limit', 'USD', 5000, 25000, 500),
  email('billing_email', 'billing'),
  money('invoice_reissue_fee', 'USD', 10, 40, 1),
  quantity('collections_days', 60, 120, days, { step: 5 }),
];

export const apiFacts: FactDef[] = [
  quantity('api_rate_limit_rpm', 60, 600, { unit: 'requests per minute', also: ['requests/minute', 'rpm'] }, { step: 10 }),
  quantity('api_rate_limit_rpm_old', 60, 600, { unit: 'requests per minute', also: ['requests/minute', 'rpm'] }, { step: 10, distinctFrom: ['api_rate_limit_rpm'] }),
  date('api_rate_effective_date', '2025-02-03', '2025-09-01'),
  date('api_rate_effective_date_old', '2022-05-02', '2024-11-04'),
  quantity('api_token_ttl_minutes', 15, 120, minutes, { step: 5 }),
  quantity('webhook_retry_attempts', 3, 12, { unit: 'retries', also: ['attempts', 'times'] }),
  quantity('webhook_timeout_seconds', 5, 30, { unit: 'seconds' }),
  date('api_v2_sunset_date', '2025-06-02', '2026-06-29'),
  email('api_support_email', 'api-support'),
  code('err_invalid_postal', 'QF-', 1000, 9999, { placement: 'table' }),
  code('err_weight_limit', 'QF-', 1000, 9999, { placement: 'table', distinctFrom: ['err_invalid_postal'] }),
  code('err_hazmat_forbidden', 'QF-', 1000, 9999, { placement: 'table', distinctFrom: ['err_invalid_postal', 'err_weight_limit'] }),
  code('err_quote_expired', 'QF-', 1000, 9999, { placement: 'table', distinctFrom: ['err_invalid_postal', 'err_weight_limit', 'err_hazmat_forbidden'] }),
  code('err_auth_expired', 'QF-', 1000, 9999, { placement: 'table', distinctFrom: ['err_invalid_postal', 'err_weight_limit', 'err_hazmat_forbidden', 'err_quote_expired'] }),
  quantity('api_page_size_max', 50, 500, { unit: 'records' }, { step: 10 }),
];

export const accountFacts: FactDef[] = [
  quantity('password_min_length', 10, 24, { unit: 'characters' }),
  quantity('lockout_attempts', 3, 10, { unit: 'failed attempts', also: ['attempts'] }),
  quantity('lockout_minutes', 10, 60, minutes, { step: 5 }),
  quantity('session_timeout_minutes', 15, 240, minutes, { step: 15 }),
  email('security_email', 'security'),
  quantity('retention_months_us', 24, 120, months, { step: 6 }),
  quantity('retention_months_eu', 24, 120, months, { step: 6, distinctFrom: ['retention_months_us'] }),
  quantity('retention_months_apac', 24, 120, months, { step: 6, distinctFrom: ['retention_months_us', 'retention_months_eu'] }),
  quantity('api_key_rotation_days', 60, 365, days, { step: 5 }),
  hexToken('canary_token', 8),
  derived('canary_email', (f) => {
    const value = `verify-${f.canary_token?.value}@quillfeather-accounts.example`;
    return { name: 'canary_email', value, aliases: [f.canary_token?.value as string, value.toUpperCase()] };
  }),
  phone('support_phone', '+1-888'),
  clock('support_close_time', '17:00', '21:00', 15),
  email('support_email', 'help'),
  quantity('invite_expiry_days', 2, 14, days),
];

export const trackingFacts: FactDef[] = [
  quantity('pod_available_hours', 2, 48, hours),
  quantity('pod_retention_months', 12, 84, months, { step: 6 }),
  quantity('tracking_refresh_minutes', 15, 60, minutes, { step: 5 }),
  code('exc_code_weather', 'X', 10, 99, { placement: 'table' }),
  code('exc_code_closed', 'X', 10, 99, { placement: 'table', distinctFrom: ['exc_code_weather'] }),
  code('exc_code_refused', 'X', 10, 99, { placement: 'table', distinctFrom: ['exc_code_weather', 'exc_code_closed'] }),
  code('exc_code_address', 'X', 10, 99, { placement: 'table', distinctFrom: ['exc_code_weather', 'exc_code_closed', 'exc_code_refused'] }),
  code('exc_code_damaged', 'X', 10, 99, { placement: 'table', distinctFrom: ['exc_code_weather', 'exc_code_closed', 'exc_code_refused', 'exc_code_address'] }),
];

export const pickupFacts: FactDef[] = [
  clock('pickup_cutoff_us', '13:00', '17:30', 5),
  clock('pickup_cutoff_eu', '13:00', '17:30', 5, { distinctFrom: ['pickup_cutoff_us'] }),
  clock('pickup_cutoff_apac', '13:00', '17:30', 5, { distinctFrom: ['pickup_cutoff_us', 'pickup_cutoff_eu'] }),
  clock('same_day_request_cutoff', '09:00', '12:55', 5),
  quantity('pickup_window_hours', 2, 4, hours),
  money('missed_pickup_credit', 'USD', 25, 100, 5),
  percent('peak_surcharge_pct', 3, 15, 0.5),
  percent('peak_surcharge_pct_old', 3, 15, 0.5, { distinctFrom: ['peak_surcharge_pct'] }),
  date('peak_start_date', '2025-10-01', '2025-11-28'),
  date('peak_start_date_old', '2024-10-01', '2024-11-29'),
];

export const slaFacts: FactDef[] = [
  percent('sla_credit_1day_pct', 5, 20, 1, { placement: 'table' }),
  percent('sla_credit_2day_pct', 21, 45, 1, { placement: 'table' }),
  percent('sla_credit_4day_pct', 46, 100, 1, { placement: 'table' }),
  percent('sla_credit_1day_pct_old', 5, 20, 1, { placement: 'table', distinctFrom: ['sla_credit_1day_pct'] }),
  percent('sla_credit_2day_pct_old', 21, 45, 1, { placement: 'table', distinctFrom: ['sla_credit_2day_pct'] }),
  percent('sla_credit_4day_pct_old', 46, 100, 1, { placement: 'table', distinctFrom: ['sla_credit_4day_pct'] }),
  date('sla_effective_date', '2025-01-06', '2025-07-28'),
  date('sla_effective_date_old', '2022-01-03', '2024-06-03'),
  quantity('sla_credit_request_days', 15, 60, days),
  percent('sla_credit_cap_pct', 10, 50, 1),
  percent('sla_on_time_target_pct', 95, 99.5, 0.1),
  quantity('msa_termination_notice_days', 30, 120, days, { step: 5, placement: 'deep' }),
  quantity('msa_price_notice_days', 15, 60, days, { placement: 'deep' }),
  quantity('msa_suit_limit_months', 12, 36, months, { placement: 'deep' }),
];

export const ltlFacts: FactDef[] = [
  quantity('ltl_max_pallets', 6, 14, { unit: 'pallets' }, { distinctFrom: ['volume_quote_pallets'] }),
  quantity('ltl_max_lbs', 10000, 20000, { unit: 'lb', also: ['lbs', 'pounds'] }, { step: 500 }),
  money('ftl_rate_dry_van', 'USD', 1.8, 3.5, 0.01, { placement: 'table' }),
  money('ftl_rate_reefer', 'USD', 2.4, 4.5, 0.01, { placement: 'table' }),
  money('ftl_rate_flatbed', 'USD', 2.2, 4.2, 0.01, { placement: 'table' }),
  money('ftl_min_charge', 'USD', 450, 1200, 25),
  money('ftl_stop_off_fee', 'USD', 75, 250, 5),
  quantity('return_label_days', 7, 60, days),
  percent('refused_return_pct', 50, 100, 5),
  money('reconsignment_fee', 'USD', 50, 175, 5),
];
