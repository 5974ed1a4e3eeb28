/**
 * Range.text: a value shown through an Excel number format code, for the codes an add-in
 * writes: General, "@", 0 / 0.00 / #,##0 / #,##0.00 with literal prefixes and suffixes
 * ("$"#,##0, 0.0 "MW", "$"#,##0,," M"), percentages, scientific (0.00E+00), up to four
 * sections (positive;negative;zero;text), [Red]-style colours and [$-409] locales (ignored),
 * and date/time codes (yyyy-mm-dd, m/d/yyyy, mmm d, yyyy, hh:mm) over Excel's 1900 serials.
 * Conditions ([>=1000000]) pick a section. Not a full implementation: fractions (# ?/?) show as General.
 */

type Token = { kind: "lit"; text: string } | { kind: "ph"; ch: string };

function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && !quoted && i + 1 < format.length) {
      cur += ch + format[++i];
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  const lit = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === "lit") last.text += text;
    else tokens.push({ kind: "lit", text });
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      lit(section.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? section.length : end;
    } else if (ch === "\\") {
      lit(section[++i] ?? "");
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      i = end < 0 ? section.length : end; // colours and locales
    } else if (ch === "_") {
      lit(" ");
      i++;
    } else if (ch === "*") {
      i++; // fill character
    } else if ("0#?.,%".includes(ch)) {
      tokens.push({ kind: "ph", ch });
    } else if ((ch === "E" || ch === "e") && (section[i + 1] === "+" || section[i + 1] === "-")) {
      tokens.push({ kind: "ph", ch: `E${section[i + 1]}` });
      i++;
    } else {
      lit(ch);
    }
  }
  return tokens;
}

export function formatGeneral(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e11 || abs < 1e-9) {
    const [m, e] = x.toExponential(5).split("e");
    const exp = Number(e);
    return `${m.replace(/\.?0+$/, "")}E${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const digits = Math.max(0, 10 - Math.floor(Math.log10(abs)));
  return String(Number(x.toFixed(Math.min(digits, 15))));
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatNumberSection(x: number, tokens: Token[]): string {
  const phIdx = tokens.map((t, i) => (t.kind === "ph" && t.ch !== "%" ? i : -1)).filter((i) => i >= 0);
  const percent = tokens.filter((t) => t.kind === "ph" && t.ch === "%").length;
  let value = x * 100 ** percent;
  if (phIdx.length === 0) return tokens.map((t) => (t.kind === "lit" ? t.text : "%")).join("");
  const first = phIdx[0];
  const last = phIdx[phIdx.length - 1];
  const pattern = tokens
    .slice(first, last + 1)
    .map((t) => (t.kind === "ph" ? t.ch : ""))
    .join("");
  const expAt = pattern.search(/E[+-]/);
  let mantissa = expAt >= 0 ? pattern.slice(0, expAt) : pattern;
  // Commas at the end of the number scale by 1,000 each ("#,##0.0,," shows millions).
  while (mantissa.endsWith(",")) {
    mantissa = mantissa.slice(0, -1);
    value /= 1000;
  }
  const dot = mantissa.indexOf(".");
  let intPart = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const decPart = dot >= 0 ? mantissa.slice(dot + 1).replace(/,/g, "") : "";
  // Trailing commas scale by 1,000 each.
  while (intPart.endsWith(",")) {
    intPart = intPart.slice(0, -1);
    value /= 1000;
  }
  const grouping = intPart.includes(",");
  const minInt = (intPart.match(/0/g) ?? []).length;
  const decimals = decPart.length;
  const minDec = (decPart.match(/0/g) ?? []).length;
  let body: string;
  if (expAt >= 0) {
    const expDigits = pattern.slice(expAt + 2).length || 2;
    const [m, e] = Math.abs(value).toExponential(decimals).split("e");
    const exp = Number(e);
    const sign = exp < 0 ? "-" : pattern[expAt + 1] === "+" ? "+" : "";
    body = `${m}E${sign}${String(Math.abs(exp)).padStart(expDigits, "0")}`;
  } else {
    const fixed = Math.abs(value).toFixed(decimals);
    let [i, d = ""] = fixed.split(".");
    while (d.length > minDec && d.endsWith("0")) d = d.slice(0, -1);
    if (i === "0" && minInt === 0) i = "";
    i = i.padStart(minInt, "0");
    if (grouping) i = group(i);
    body = d.length > 0 ? `${i}.${d}` : i;
  }
  const prefix = tokens
    .slice(0, first)
    .map((t) => (t.kind === "lit" ? t.text : "%"))
    .join("");
  const suffix = tokens
    .slice(last + 1)
    .map((t) => (t.kind === "lit" ? t.text : "%"))
    .join("");
  const middle = tokens
    .slice(first, last + 1)
    .filter((t) => t.kind === "lit")
    .map((t) => (t as { text: string }).text)
    .join("");
  return `${prefix}${body}${middle}${suffix}`;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Excel 1900 serial → UTC date parts (serial 60 is Excel's fictitious 1900-02-29). */
export function serialToDate(serial: number): {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
  dow: number;
} {
  const days = Math.floor(serial);
  const frac = serial - days;
  let ms: number;
  if (days === 60) return { y: 1900, m: 2, d: 29, h: 0, min: 0, s: 0, dow: 3 };
  if (days < 60) ms = Date.UTC(1899, 11, 31) + (days - 0) * 86400000;
  else ms = Date.UTC(1899, 11, 30) + days * 86400000;
  const dt = new Date(ms);
  const secs = Math.round(frac * 86400);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: Math.floor(secs / 3600),
    min: Math.floor((secs % 3600) / 60),
    s: secs % 60,
    dow: dt.getUTCDay(),
  };
}

function isDateSection(section: string): boolean {
  const stripped = section
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[ydhs]/i.test(stripped) || (/m/i.test(stripped) && !/[0#?]/.test(stripped));
}

function formatDate(serial: number, section: string): string {
  const t = serialToDate(serial);
  const src = section.replace(/\[[^\]]*\]/g, "");
  const ampm = /AM\/PM/i.test(src);
  let out = "";
  let lastWasHour = false;
  for (let i = 0; i < src.length;) {
    const rest = src.slice(i);
    const run = (ch: string): number => {
      let n = 0;
      while (rest[n] !== undefined && rest[n].toLowerCase() === ch) n++;
      return n;
    };
    const c = rest[0];
    const lc = c.toLowerCase();
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      out += src.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? src.length : end + 1;
      continue;
    }
    if (c === "\\") {
      out += src[i + 1] ?? "";
      i += 2;
      continue;
    }
    if (/^AM\/PM/i.test(rest)) {
      out += t.h < 12 ? "AM" : "PM";
      i += 5;
      continue;
    }
    if (lc === "y") {
      const n = run("y");
      out += n <= 2 ? String(t.y % 100).padStart(2, "0") : String(t.y);
      i += n;
    } else if (lc === "m") {
      const n = run("m");
      // "m" after an hour or before seconds is minutes.
      const minutes = lastWasHour || /^m{1,2}\W*s/i.test(rest);
      if (minutes && n <= 2) out += n === 2 ? String(t.min).padStart(2, "0") : String(t.min);
      else if (n === 1) out += String(t.m);
      else if (n === 2) out += String(t.m).padStart(2, "0");
      else if (n === 3) out += MONTHS[t.m - 1].slice(0, 3);
      else if (n === 5) out += MONTHS[t.m - 1][0];
      else out += MONTHS[t.m - 1];
      i += n;
      lastWasHour = false;
      continue;
    } else if (lc === "d") {
      const n = run("d");
      out +=
        n === 1
          ? String(t.d)
          : n === 2
            ? String(t.d).padStart(2, "0")
            : n === 3
              ? DAYS[t.dow].slice(0, 3)
              : DAYS[t.dow];
      i += n;
    } else if (lc === "h") {
      const n = run("h");
      const h = ampm ? ((t.h + 11) % 12) + 1 : t.h;
      out += n >= 2 ? String(h).padStart(2, "0") : String(h);
      i += n;
      lastWasHour = true;
      continue;
    } else if (lc === "s") {
      const n = run("s");
      out += n >= 2 ? String(t.s).padStart(2, "0") : String(t.s);
      i += n;
    } else {
      out += c;
      i += 1;
      if (c === ":" && lastWasHour) continue;
    }
    lastWasHour = false;
  }
  return out;
}

const CONDITION = /^\s*\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\]/;

function holds(op: string, x: number, limit: number): boolean {
  switch (op) {
    case "<":
      return x < limit;
    case "<=":
      return x <= limit;
    case ">":
      return x > limit;
    case ">=":
      return x >= limit;
    case "=":
      return x === limit;
    default:
      return x !== limit;
  }
}

/**
 * Conditional sections ("[>=1000000]$#,##0.0,,\"m\";$#,##0"): the first section whose
 * condition holds, else the next section without one (which shows a minus sign itself for a
 * negative value, as Excel does). Undefined when the first section has no condition.
 */
function conditionalSection(sections: readonly string[], x: number): { section: string; signed: boolean } | undefined {
  if (!CONDITION.test(sections[0])) return undefined;
  for (const s of sections) {
    const m = CONDITION.exec(s);
    if (m === null) return { section: s, signed: true };
    if (holds(m[1], x, Number(m[2]))) return { section: s.slice(m[0].length), signed: false };
  }
  return { section: "General", signed: true };
}

/** The text Excel shows for `value` under `format`. */
export function formatValue(value: number | string | boolean | null, format: string): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  const sections = splitSections(format || "General");
  if (typeof value === "string") {
    if (value.startsWith("#")) return value;
    const textSection = sections[3] ?? (sections.length === 1 && sections[0].includes("@") ? sections[0] : undefined);
    return textSection === undefined ? value : textSection.replace(/"([^"]*)"/g, "$1").replace(/@/g, value);
  }
  if (!Number.isFinite(value)) return "#NUM!";
  const conditional = conditionalSection(sections, value);
  if (conditional !== undefined) {
    const text = formatNumberSection(Math.abs(value), tokenize(conditional.section));
    return value < 0 && conditional.signed && /[1-9]/.test(text) ? `-${text}` : text;
  }
  let section = sections[0];
  let x = value;
  let explicitNegative = false;
  if (value < 0 && sections.length >= 2) {
    section = sections[1];
    x = -value;
    explicitNegative = true;
  } else if (value === 0 && sections.length >= 3) {
    section = sections[2];
  }
  if (/^general$/i.test(section.trim()) || section.trim() === "" || section.trim() === "@") {
    return explicitNegative ? formatGeneral(x) : formatGeneral(value);
  }
  if (isDateSection(section)) return formatDate(x, section);
  const text = formatNumberSection(x, tokenize(section));
  const shownZero = !/[1-9]/.test(text);
  return x < 0 && !explicitNegative && !shownZero ? `-${text}` : text;
}
