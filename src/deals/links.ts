/**
 * The one rule for a link that the add-in may make live (a hyperlink on a sheet, a source link in
 * the pane): an absolute https URL with a host and no user-info part. `https://user:pass@host/`
 * is refused because its text can read like one host ("www.sec.gov@evil.example") and go to
 * another. Anything else is kept as plain text by the caller, never made clickable.
 */

/** The normalised href of a safe link, or undefined when `text` is not one. */
export function safeHttpsUrl(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  const trimmed = text.trim();
  if (trimmed === "" || hasSpaceOrControl(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.hostname === "") return undefined;
  if (url.username !== "" || url.password !== "") return undefined;
  // `new URL` drops an empty user-info ("https://@host/"); the text itself must not carry one.
  const authority = trimmed.slice("https://".length).split(/[/?#]/, 1)[0];
  if (authority.includes("@")) return undefined;
  return url.href;
}

/** Why `text` is not a safe link, for a validation message; undefined when it is one. */
export function unsafeLinkReason(text: unknown): string | undefined {
  if (safeHttpsUrl(text) !== undefined) return undefined;
  if (typeof text === "string" && /^https:\/\/[^/?#]*@/i.test(text.trim()))
    return "must not contain a user name or password before the host (the link could read like another site)";
  return "must be an absolute https URL";
}

function hasSpaceOrControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || /\s/.test(s[i])) return true;
  }
  return false;
}
