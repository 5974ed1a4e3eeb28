/**
 * The Monte Carlo's argument limits, apart from the simulation itself: the function argument
 * specs (src/functions/args.ts) state them in every function's domain, and functions.js
 * carries those specs at load while the simulation's code is fetched on its first call
 * (src/functions/lazy.ts). core/simulation and core/random re-export them.
 */

/** Most path-months one call may simulate: 5,000,000 (10,000 paths × 180 months is 1,800,000). */
export const MAX_SIM_STEPS = 5_000_000;
/** Highest annualised volatility accepted: 5 = 500% (a percentage typed as a whole number is refused). */
export const MAX_VOL_YR = 5;
/** Largest seed accepted: 2^53 − 1, the largest whole number a spreadsheet cell holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
