// resamend's page: plain JavaScript, no framework, no network but this server.
// Every answer comes from the JSON API under /api/, which gives the same bytes
// as the resamend command; errors are its one-line message.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

// --- tabs (arrow keys move between them) -------------------------------------

function selectTab(tab) {
  for (const other of $$('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
  }
  tab.focus();
}

function setUpTabs() {
  const tabs = $$('[role="tab"]');
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const at = tabs.indexOf(tab);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      selectTab(tabs[(to + tabs.length) % tabs.length]);
    });
  }
}

// --- files: chosen or dropped ----------------------------------------------------

function setUpDropZones() {
  for (const zone of $$(".drop")) {
    const input = $('input[type="file"]', zone);
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (!event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
}

// --- talking to the API ------------------------------------------------------------

class ApiError extends Error {}

async function call(endpoint, form, fields, query) {
  const body = new FormData();
  for (const name of fields) {
    const input = $(`input[type="file"][name="${name}"]`, form);
    if (input.files.length) body.append(name, input.files[0], input.files[0].name);
  }
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== "" && value !== null && value !== undefined));
  let response;
  try {
    response = await fetch(`/api/${endpoint}?${params}`, { method: "POST", body });
  } catch (error) {
    throw new ApiError("the resamend server does not answer; is `resamend serve` still running?");
  }
  if (!response.ok) {
    let message = `the server answered ${response.status}`;
    try { message = (await response.json()).error || message; } catch (error) { /* not JSON */ }
    throw new ApiError(message);
  }
  return response;
}

function diagnosticsOf(response) {
  try { return JSON.parse(response.headers.get("X-Resamend-Diagnostics") || "[]"); } catch (error) { return []; }
}

function fileNameOf(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

async function download(response, fallback) {
  const url = URL.createObjectURL(await response.blob());
  const link = element("a", { href: url, download: fileNameOf(response, fallback) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// A writer's standalone HTML page, shown in a sandboxed frame (no scripts run
// there).  From a blob: URL, so that the links of its summary ("paragraph 6")
// move within it instead of loading this page into the frame.
function showPage(frame, html) {
  if (frame.dataset.url) URL.revokeObjectURL(frame.dataset.url);
  frame.dataset.url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
  frame.src = frame.dataset.url;
}

// --- showing progress, errors and diagnostics ------------------------------------------

async function busy(section, buttons, work) {
  const status = $(".status", section);
  status.replaceChildren();
  section.setAttribute("aria-busy", "true");
  for (const button of buttons) button.disabled = true;
  const timer = setTimeout(() => status.replaceChildren(element("progress", { "aria-label": "Working" }), "Working…"), 150);
  try {
    await work();
    status.replaceChildren();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    status.replaceChildren(element("p", { class: "error", role: "alert" }, `resamend: error: ${error.message}`));
  } finally {
    clearTimeout(timer);
    section.removeAttribute("aria-busy");
    for (const button of buttons) button.disabled = false;
  }
}

// Where a finding is, in the words of `resamend check`'s report.
function where(location) {
  if (!location) return "";
  const parts = [];
  if (location.label) parts.push(`paragraph ${location.label}`);
  else if (location.block !== undefined && location.block !== null) parts.push(`block ${location.block + 1}`);
  if (location.line) parts.push(`line ${location.line}`);
  else if (location.origin) parts.push(location.origin);
  return parts.join(", ");
}

function diagnosticItem(d) {
  const place = where(d.location);
  return element("li", {}, element("span", { class: `sev sev-${d.severity}` }, d.severity), d.message,
    place ? element("span", { class: "where" }, ` — ${place}`) : "", element("span", { class: "where" }, ` [${d.code}]`));
}

function showDiagnostics(container, diagnostics) {
  const seen = new Set();
  const unique = diagnostics.filter((d) => {
    const key = `${d.code}|${d.message}|${JSON.stringify(d.location)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const loud = unique.filter((d) => d.severity !== "info");
  const quiet = unique.filter((d) => d.severity === "info");
  const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  container.replaceChildren();
  if (!unique.length) return;
  const title = [loud.length ? count(loud.length, "warning") : "no warnings", quiet.length ? count(quiet.length, "note") : ""].filter(Boolean).join(", ");
  const list = element("details", { class: loud.length ? "loud" : "" }, element("summary", {}, `resamend says: ${title}`),
    element("ul", {}, ...loud.map(diagnosticItem), ...quiet.map(diagnosticItem)));
  list.open = loud.length > 0;
  container.append(list);
}

// CriticMarkup ({++new++}, {--old--}, {~~old~>new~~}) as <ins>/<del>, built as text nodes.
function criticNodes(text) {
  const out = [];
  const pattern = /\{\+\+([\s\S]*?)\+\+\}|\{--([\s\S]*?)--\}|\{~~([\s\S]*?)~>([\s\S]*?)~~\}/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    out.push(text.slice(at, match.index));
    if (match[1] !== undefined) out.push(element("ins", {}, match[1]));
    else if (match[2] !== undefined) out.push(element("del", {}, match[2]));
    else out.push(element("del", {}, match[3]), element("ins", {}, match[4]));
    at = match.index + match[0].length;
  }
  out.push(text.slice(at));
  return out;
}

// --- consolidate -------------------------------------------------------------------------

function consolidateQuery(form) {
  const data = new FormData(form);
  return {
    original: data.get("original") ? "1" : "",
    renumber: data.get("no_renumber") ? "0" : "",
    cop: data.get("cop"), annex: data.get("annex"), marks: data.get("marks"),
  };
}

async function consolidate(section, form) {
  const query = consolidateQuery(form);
  const [applied, redline, inspected] = await Promise.all([
    call("apply", form, ["draft"], { ...query, to: "html" }),
    call("redline", form, ["draft"], { to: "html", instrument: "1", annex: query.annex, marks: query.marks }),
    call("inspect", form, ["draft"], { annex: query.annex, marks: query.marks }),
  ]);
  const report = await inspected.json();
  showPage($(".consolidated", section), await applied.text());
  showPage($(".redline", section), await redline.text());
  $(".consolidated-caption", section).textContent = query.original ? "Original text (before the amendments)" : "Consolidated text";
  const summary = $(".summary", section);
  summary.replaceChildren();
  if (report.instrument) {
    summary.append(element("b", {}, report.instrument), ` ${report.revision || "(no revision tag)"}`);
    if (!query.original && report.next_revision) summary.append(` → ${report.next_revision}`);
  } else {
    summary.append("No resolution or decision heading was recognised: the whole text is shown.");
  }
  const moves = (report.renumbering || []).filter(([from, to]) => from !== to);
  if (!query.original && !query.renumber && moves.length) {
    const shown = moves.slice(0, 2).map(([from, to]) => `${from} → ${to}`).join(", ");
    summary.append(` · ${moves.length} paragraph${moves.length === 1 ? "" : "s"} renumbered (${shown}${moves.length > 2 ? ", …" : ""})`);
  }
  showDiagnostics($(".warnings", section), [...diagnosticsOf(applied), ...(report.diagnostics || [])]);
  $(".result", section).hidden = false;
}

// --- compare -------------------------------------------------------------------------------

function compareQuery(form, extra = {}) {
  const data = new FormData(form);
  return { granularity: data.get("granularity"), ...extra };
}

function trackedQuery(form) {
  const data = new FormData(form);
  return { track_changes: "1", author: data.get("author").trim(), date: data.get("date").trim() };
}

async function compare(section, form) {
  const response = await call("diff", form, ["old", "new"], compareQuery(form, { to: "html" }));
  showPage($(".redline", section), await response.text());
  const differ = response.headers.get("X-Resamend-Exit-Status") === "1";
  $(".summary", section).textContent = differ ? "The two versions differ: underlined text is new, struck-through text is deleted." : "The two versions are the same.";
  showDiagnostics($(".warnings", section), diagnosticsOf(response));
  $(".result", section).hidden = false;
}

// --- check ----------------------------------------------------------------------------------

function checkQuery(form, extra = {}) {
  const data = new FormData(form);
  return { strict: data.get("strict") ? "1" : "", verbose: data.get("verbose") ? "1" : "", ...extra };
}

function findingRow(f) {
  return element("tr", {},
    element("td", {}, element("span", { class: `sev sev-${f.severity}` }, f.severity)),
    element("td", {}, where(f.location)),
    element("td", {}, f.message, element("span", { class: "where" }, ` [${f.code}]`)),
    element("td", { class: "critic" }, ...criticNodes(f.redline || "")));
}

async function check(section, form) {
  const response = await call("check", form, ["draft", "base", "expect"], checkQuery(form, { to: "json" }));
  const report = await response.json();
  const file = report.files[0];
  const summary = $(".summary", section);
  const findings = $(".findings", section);
  findings.replaceChildren();
  const data = new FormData(form);
  const shown = file.findings.filter((f) => f.severity !== "info" || data.get("verbose"));
  if (file.status === "trouble") {
    summary.replaceChildren(element("p", { class: "error", role: "alert" }, `resamend: error: ${file.error}`));
  } else {
    const counted = file.findings.filter((f) => f.counts).length;
    const checks = Object.entries(file.checks).map(([name, result]) => `${name}: ${result}`).join(", ");
    summary.replaceChildren(element("b", {}, counted ? `${counted} finding${counted === 1 ? "" : "s"}` : "Clean"),
      ` — ${[file.instrument, file.revision].filter(Boolean).join(" ")} (${checks})`);
  }
  if (shown.length) {
    findings.append(element("table", {},
      element("thead", {}, element("tr", {}, element("th", {}, "severity"), element("th", {}, "where"), element("th", {}, "finding"), element("th", {}, "redline"))),
      element("tbody", {}, ...shown.map(findingRow))));
  }
  $(".result", section).hidden = false;
}

// --- wiring ------------------------------------------------------------------------------------

const ACTIONS = {
  consolidate: { run: consolidate, download: (form, fmt) => call("apply", form, ["draft"], { ...consolidateQuery(form), to: fmt }) },
  compare: {
    run: compare,
    download: (form, fmt, button) => call("diff", form, ["old", "new"], compareQuery(form, { to: fmt, ...(button.dataset.trackChanges ? trackedQuery(form) : {}) })),
  },
  check: { run: check, download: (form, fmt) => call("check", form, ["draft", "base", "expect"], checkQuery(form, { to: fmt })) },
};

function setUpForms() {
  for (const form of $$("form[data-kind]")) {
    const section = form.closest("section");
    const action = ACTIONS[form.dataset.kind];
    const buttons = $$("button", section);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(section, buttons, () => action.run(section, form));
    });
    if (form.dataset.kind === "consolidate") {
      $('input[type="file"]', form).addEventListener("change", () => { if (form.checkValidity()) form.requestSubmit(); });
    }
    for (const button of $$("[data-download]", section)) {
      button.addEventListener("click", () => busy(section, buttons, async () => download(await action.download(form, button.dataset.download, button), `resamend.${button.dataset.download}`)));
    }
  }
}

// A file dropped beside the drop zones must not replace this page with itself.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (event) => event.preventDefault());

setUpTabs();
setUpDropZones();
setUpForms();
