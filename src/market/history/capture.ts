/**
 * The monthly history that `npm run snapshot:update` bundles (src/market/embedded-history.json):
 * for each calendar month, the last day on which every input was observed (the day's price
 * close, the difficulty in force, the day's mean fees per block and mean height), from the
 * first month with all three to the month of the capture. Only live, validated answers are
 * captured; a month with no such day is left out, never estimated.
 */
import { dailyValue, periods, isoDay, type HistoryInputs } from "./series";
import type { EmbeddedHistoryJson, EmbeddedMonthJson } from "./embedded";
import { parseEmbeddedHistory } from "./embedded";
import { HISTORY_ENDPOINT_IDS, MS_PER_DAY } from "./sources";
import type { HistoryLoad } from "./service";

export function monthlyHistoryJson(
  loaded: HistoryLoad,
  generatedBy: string,
  generatedAtMs: number,
): EmbeddedHistoryJson {
  const notLive = HISTORY_ENDPOINT_IDS.filter((id) => loaded[id]?.origin !== "live");
  if (notLive.length > 0) {
    const why = notLive.map((id) => `${id}: ${loaded[id]?.note ?? loaded[id]?.origin ?? "not loaded"}`).join("; ");
    throw new Error(`history not captured: no live answer from ${why}`);
  }
  const inputs: HistoryInputs = {};
  for (const id of HISTORY_ENDPOINT_IDS) inputs[id] = loaded[id]!.input;
  const fees = inputs["mempool.feeHistory"]!.series;
  const firstDay = Math.max(...HISTORY_ENDPOINT_IDS.map((id) => inputs[id]!.series.days[0]));
  const lastDay = Math.min(...HISTORY_ENDPOINT_IDS.map((id) => Math.floor(Date.parse(loaded[id]!.asOf!) / MS_PER_DAY)));
  const months: EmbeddedMonthJson[] = [];
  for (const p of firstDay <= lastDay ? periods(firstDay, lastDay, "month") : []) {
    for (let day = p.toDay; day >= p.fromDay; day--) {
      const btc = dailyValue("btc_usd", inputs, day);
      const difficulty = dailyValue("difficulty", inputs, day);
      const feesBtc = dailyValue("fees_btc_per_block", inputs, day);
      const i = fees.days.indexOf(day);
      const height = i >= 0 ? fees.heights?.[i] : undefined;
      if (btc !== undefined && difficulty !== undefined && feesBtc !== undefined && height !== undefined) {
        months.push({ date: isoDay(day), btc_usd: btc, difficulty, fees_btc_per_block: feesBtc, height });
        break;
      }
    }
  }
  const asOf = HISTORY_ENDPOINT_IDS.map((id) => loaded[id]!.asOf!).sort()[0];
  const json: EmbeddedHistoryJson = {
    schema: 1,
    as_of: months.length > 0 ? asOf : null,
    generated_at: new Date(generatedAtMs).toISOString(),
    generated_by: generatedBy,
    about: `Month-end observations (the last day of each month with a price close, the difficulty in force, and that day's mean fees per block and height), ${months[0]?.date ?? "none"} to ${months[months.length - 1]?.date ?? "none"}, captured live from mempool and validated by the add-in's history adapters. Regenerate with \`npm run snapshot:update\`.`,
    source: HISTORY_ENDPOINT_IDS.map((id) => `${loaded[id]!.source} (fetched ${loaded[id]!.asOf})`).join("; "),
    months,
  };
  parseEmbeddedHistory(json); // the add-in must accept what is written
  return json;
}
