/**
 * Display formatting for the task pane: pure functions of their arguments (the clock is
 * passed in), so the panels stay simple and the rules are tested on their own.
 *
 * Locale: en-US throughout, like the sheets the workbook layer writes; dates are shown in
 * UTC (an as-of is a UTC instant, and a halving date is a UTC day), so nothing depends on
 * the machine's time zone.
 */
import type { MarketField } from "../market";

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Excel serial of 1970-01-01 (the 1900 date system). */
const UNIX_EPOCH_SERIAL = 25_569;

/**
 * How long ago `asOfIso` was, relative to `nowMs`: "just now" (under a minute), "3 min ago",
 * "2 h ago", "5 days ago". A time ahead of the clock (skew) reads "just now"; an unreadable
 * time reads "unknown age" rather than a wrong number.
 */
export function formatAge(asOfIso: string, nowMs: number): string {
  const asOfMs = Date.parse(asOfIso);
  if (Number.isNaN(asOfMs)) return "unknown age";
  const ageMs = nowMs - asOfMs;
  if (ageMs < MS_PER_MINUTE) return "just now";
  const minutes = Math.floor(ageMs / MS_PER_MINUTE);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** An ISO instant as "2026-01-12 14:05 UTC" (for tooltips and titles). */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** An Excel date serial (UTC) as an ISO day, e.g. 46850 → "2028-04-07". */
export function formatSerialDate(serial: number): string {
  const ms = Math.round((serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })`,
 * which is defined as formatting with that Intl.NumberFormat: one formatter per digit count,
 * built once, instead of one per call (the Market panel formats every value at each render).
 */
const FIXED = new Map<number, Intl.NumberFormat>();
function fixed(value: number, digits: number): string {
  let format = FIXED.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    FIXED.set(digits, format);
  }
  return format.format(value);
}

/** Labels of the market inputs the Market panel lists, in its order. */
export const MARKET_ROWS: readonly { readonly field: MarketField; readonly label: string }[] = [
  { field: "btc_usd", label: "BTC price" },
  { field: "difficulty", label: "Difficulty" },
  { field: "network_eh_s", label: "Network hashrate" },
  { field: "fees_btc_per_block", label: "Fees per block" },
  { field: "height", label: "Block height" },
  { field: "subsidy_btc", label: "Block subsidy" },
  { field: "hashprice_usd_ph_day", label: "Hashprice" },
  { field: "next_halving_date", label: "Next halving" },
];

/** A market value with its unit, as the Market panel shows it. */
export function formatMarketValue(field: MarketField, value: number): string {
  switch (field) {
    case "btc_usd":
      return `$${fixed(value, 0)}`;
    case "difficulty":
      return `${fixed(value / 1e12, 2)} T`;
    case "network_eh_s":
    case "network_eh_s_estimate":
      return `${fixed(value, 1)} EH/s`;
    case "fees_btc_per_block":
      return `${fixed(value, 4)} BTC`;
    case "height":
      return fixed(value, 0);
    case "subsidy_btc":
      return `${fixed(value, 4)} BTC`;
    case "hashprice_usd_ph_day":
      return `$${fixed(value, 2)}/PH/day`;
    case "next_halving_date":
      return `${formatSerialDate(value)} (est.)`;
  }
}

/**
 * USD in millions or billions, as analysts write them: 16_800_000_000 → "$16.8bn",
 * 3_700_000_000 → "$3.7bn", 950_000_000 → "$950m", 12_500_000 → "$12.5m"; three significant
 * figures at most, trailing zeros dropped. Absent → an em dash.
 */
export function formatUsdShort(usd: number | undefined): string {
  if (usd === undefined || !Number.isFinite(usd)) return "—";
  const sign = usd < 0 ? "-" : "";
  const abs = Math.abs(usd);
  const [scaled, unit] = abs >= 1e9 ? [abs / 1e9, "bn"] : [abs / 1e6, "m"];
  const digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  const text = scaled.toLocaleString("en-US", { maximumFractionDigits: digits });
  return `${sign}$${text}${unit}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An ISO instant's UTC day in words: "2026-01-12T00:00:00Z" → "12 Jan 2026". */
export function formatDateWords(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "an unknown date";
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A dataset's as-of line in words, from the first date it contains: "… as of 2026-05" →
 * "May 2026", "2026-05-14" → "14 May 2026". A line with no date reads "an unstated date",
 * never the line itself (it may be a file name).
 */
export function datasetDateWords(asOf: string): string {
  const m = /\b(\d{4})-(\d{2})(?:-(\d{2}))?\b/.exec(asOf);
  if (m === null) return "an unstated date";
  const month = Number(m[2]);
  if (month < 1 || month > 12) return "an unstated date";
  const monthYear = `${MONTHS[month - 1]} ${m[1]}`;
  return m[3] === undefined ? monthYear : `${Number(m[3])} ${monthYear}`;
}

/** People's names of the live market sources, by the first word of their source label. */
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  mempool: "mempool.space",
  coinbase: "Coinbase",
  kraken: "Kraken",
};

/**
 * A value's source as a person names it: "mempool (mempool.space/api/v1/prices)" →
 * "mempool.space", "coinbase (…)" → "Coinbase"; a bundled value's short label as the snapshot
 * gives it ("Hashrate Index 2026-01-12"); a derived value → "derived". The full text (URL,
 * arithmetic) belongs in the details.
 */
export function sourceName(value: { readonly source: string; readonly label?: string }): string {
  const first = /^([a-z]+)[\s(.]/i.exec(value.source)?.[1]?.toLowerCase();
  if (first !== undefined && SOURCE_NAMES[first] !== undefined) return SOURCE_NAMES[first];
  if (value.label !== undefined && value.label !== "") return value.label;
  if (/^derived\b/i.test(value.source)) return "derived";
  return value.source.length > 36 ? `${value.source.slice(0, 35)}…` : value.source;
}

/**
 * Text from the market store (notes, failure reasons) with its endpoint keys named for
 * people: "mempool.prices: timed out" → "mempool.space: timed out".
 */
export function peopleText(text: string): string {
  return text.replace(
    /\b(mempool|coinbase|kraken)\.[a-z_]+\b/gi,
    (_, name: string) => SOURCE_NAMES[name.toLowerCase()],
  );
}

/** A plain number with `digits` decimals, or an em dash when absent. */
export function formatNumber(value: number | undefined, digits: number): string {
  return value === undefined ? "—" : fixed(value, digits);
}
