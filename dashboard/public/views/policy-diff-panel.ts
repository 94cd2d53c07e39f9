/**
 * @module dashboard/views/policy-diff-panel
 * Renders the diff of two policy versions side by side: a summary (rules
 * added, removed, changed, unchanged), the document's other fields, then
 * each rule that differs with its JSON on the left and right, changed lines
 * marked. Unchanged rules are listed by id only.
 */
import { api, seg } from "../lib/api.ts";
import { h } from "../lib/dom.ts";
import { diffPolicies, type LinePair, type RuleDiff } from "../lib/policy-diff.ts";
import { failureBox, stateBox } from "../lib/ui.ts";

function sideBySide(lines: LinePair[], leftLabel: string, rightLabel: string): HTMLElement {
  const rows = lines.map((p) =>
    h(
      "tr",
      { class: `line-${p.kind}` },
      h("td", { class: "side left" }, p.left ?? ""),
      h("td", { class: "side right" }, p.right ?? ""),
    ),
  );
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "sbs" },
      h("thead", null, h("tr", null, h("th", null, leftLabel), h("th", null, rightLabel))),
      h("tbody", null, ...rows),
    ),
  );
}

function ruleBlock(r: RuleDiff, l: string, rt: string): HTMLElement {
  return h(
    "div",
    { class: `rule-diff rule-${r.status}`, data: { rule: r.key, status: r.status } },
    h(
      "h3",
      null,
      h("code", null, r.key),
      " ",
      h(
        "span",
        { class: `badge badge-${r.status === "removed" ? "bad" : r.status === "added" ? "ok" : "warn"}` },
        r.status,
      ),
    ),
    sideBySide(r.lines, l, rt),
  );
}

export async function diffPanel(app: string, left: number, right: number): Promise<HTMLElement> {
  const [a, b] = await Promise.all([
    api<unknown>(`/apps/${seg(app)}/policies/${left}`),
    api<unknown>(`/apps/${seg(app)}/policies/${right}`),
  ]);
  if (!a.ok) return failureBox(`Policy v${left}`, a);
  if (!b.ok) return failureBox(`Policy v${right}`, b);
  const d = diffPolicies(a.data, b.data);
  const l = `v${left}`;
  const r = `v${right}`;
  const changed = d.rules.filter((x) => x.status !== "same");
  const same = d.rules.filter((x) => x.status === "same");
  return h(
    "div",
    { class: "diff", data: { left: String(left), right: String(right) } },
    h(
      "p",
      { class: "diff-summary" },
      `${l} → ${r}: ${d.summary.added} added, ${d.summary.removed} removed, ${d.summary.changed} changed, ${d.summary.same} unchanged rules`,
      d.fieldsChanged ? "; other fields changed" : "",
      ".",
    ),
    d.fieldsChanged ? h("div", null, h("h3", null, "Other fields"), sideBySide(d.fields, l, r)) : null,
    changed.length === 0 && !d.fieldsChanged ? stateBox("empty", "The two versions have the same rules.") : null,
    ...changed.map((x) => ruleBlock(x, l, r)),
    same.length ? h("p", { class: "note" }, `Unchanged: ${same.map((x) => x.key).join(", ")}`) : null,
  );
}
