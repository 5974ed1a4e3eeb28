/**
 * Derived snapshot fields. All arithmetic is src/core's; this module only decides which
 * inputs each derived value uses and stamps it truthfully: the oldest as-of and fetch time
 * of its inputs, and the weakest origin among them.
 */
import { serialFromUnixMs } from "../core/excelDate";
import { blockSubsidyBtc, halvingDateSerial } from "../core/halving";
import { hashpriceUsdPerPhDay, networkEhsFromDifficulty } from "../core/mining";
import { originRank, type DerivedField, type FieldValue, type PrimaryField } from "./model";

/** Block time assumed for the halving-date estimate (the protocol's target). */
export const HALVING_ESTIMATE_BLOCK_MINUTES = 10;

type Inputs = Readonly<Record<PrimaryField, FieldValue>>;

function combine(value: number, source: string, inputs: readonly FieldValue[]): FieldValue {
  let asOf = inputs[0].asOf;
  let fetchedAt = inputs[0].fetchedAt;
  let origin = inputs[0].origin;
  const notes: string[] = [];
  for (const input of inputs) {
    if (Date.parse(input.asOf) < Date.parse(asOf)) asOf = input.asOf;
    if (Date.parse(input.fetchedAt) < Date.parse(fetchedAt)) fetchedAt = input.fetchedAt;
    if (originRank(input.origin) < originRank(origin)) origin = input.origin;
  }
  for (const input of inputs) if (input.origin !== "live") notes.push(`${input.origin.replace("_", " ")} inputs`);
  return {
    value,
    asOf,
    fetchedAt,
    source,
    origin,
    ...(notes.length > 0 ? { note: `uses ${[...new Set(notes)].join(" and ")}` } : {}),
  };
}

export function deriveFields(inputs: Inputs): Record<DerivedField, FieldValue> {
  const { btc_usd, difficulty, fees_btc_per_block, height } = inputs;
  const networkEhs = networkEhsFromDifficulty(difficulty.value);
  const subsidyBtc = blockSubsidyBtc(height.value);
  const hashprice = hashpriceUsdPerPhDay(btc_usd.value, networkEhs, fees_btc_per_block.value, subsidyBtc);
  const halvingSerial = halvingDateSerial(
    1,
    height.value,
    HALVING_ESTIMATE_BLOCK_MINUTES,
    serialFromUnixMs(Date.parse(height.asOf)),
  );
  return {
    network_eh_s: combine(networkEhs, "derived: difficulty × 2^32 / 600 s", [difficulty]),
    subsidy_btc: combine(subsidyBtc, `derived: Bitcoin Core GetBlockSubsidy at height ${height.value}`, [height]),
    hashprice_usd_ph_day: combine(
      hashprice,
      "derived: 144 × (subsidy + fees) × btc_usd ÷ network PH/s (Hashrate Index definition)",
      [btc_usd, difficulty, fees_btc_per_block, height],
    ),
    next_halving_date: combine(
      halvingSerial,
      `derived: estimate at ${HALVING_ESTIMATE_BLOCK_MINUTES} min per block from height ${height.value}`,
      [height],
    ),
  };
}
