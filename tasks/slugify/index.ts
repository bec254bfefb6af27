// A plain-ABI module taking and returning an AssemblyScript string: the host passes it
// through @assemblyscript/loader, which needs the runtime exports the build adds.

export function slugify(text: string): string {
  let slug = "";
  let pendingDash = false;
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const keep = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (keep) {
      if (pendingDash && slug.length > 0) slug += "-";
      slug += String.fromCharCode(c);
      pendingDash = false;
    } else {
      pendingDash = true;
    }
  }
  return slug;
}
