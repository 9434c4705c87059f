// The demo page: embeds the widget, keeps it in window.incidentMap, and loads files the user
// picks or drops. Everything from a file is shown with textContent, never as HTML.
import init, { IncidentMap } from "./pkg/incident_map.js";

await init();

const canvas = document.getElementById("map");
const lang = document.getElementById("lang");
const report = document.getElementById("report");
const reportSummary = document.getElementById("report-summary");
const reportIssues = document.getElementById("report-issues");

function create(options = {}) {
  window.incidentMap?.destroy();
  // hash: the view, window, selection, language and filter are kept in the address, so a link
  // shares a moment, and back and forward follow what the reader did.
  window.incidentMap = new IncidentMap(canvas, { lang: lang.value, hash: true, ...options });
  lang.value = window.incidentMap.lang();
  return window.incidentMap;
}

function showReport(name, result, error) {
  report.hidden = false;
  reportIssues.replaceChildren();
  reportSummary.className = error ? "error" : "";
  if (error) {
    reportSummary.textContent = `${name}: not loaded — ${error.message}`;
    return;
  }
  const skipped = result.issues.filter((i) => i.skipped).length;
  reportSummary.textContent =
    `${name} (${result.format}): ${result.loaded} incidents loaded, ${skipped} skipped, ` +
    `${result.issues.length - skipped} warnings.`;
  for (const issue of result.issues) {
    const li = document.createElement("li");
    // In the widget's language at load time: Arabic reads right to left.
    li.dir = "auto";
    li.textContent = issue.message;
    reportIssues.append(li);
  }
}

async function loadFile(file) {
  try {
    // Streamed: the widget shows a progress bar with a Cancel button, and the page stays usable.
    showReport(file.name, await window.incidentMap.loadStream(file.stream(), file.size));
  } catch (error) {
    showReport(file.name, null, error);
  }
}

create();
// Back and forward may change the language (the address keeps it): the selector follows. The
// widget's own listeners, added first, have applied the address by then.
for (const event of ["popstate", "hashchange"]) {
  window.addEventListener(event, () => (lang.value = window.incidentMap.lang()));
}
// The language changes in place: a loaded file, the view, the window and the filter stay.
lang.addEventListener("change", () => window.incidentMap.setLang(lang.value));
document.getElementById("reset").addEventListener("click", () => {
  // Back to the record as it opens: the address's link goes too, or the new map would follow it.
  history.replaceState(null, "", location.pathname + location.search);
  create();
  report.hidden = true;
});
/** Saves `blob` as a file named `name`. */
function download(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
document.getElementById("export").addEventListener("click", async () => {
  const text = await window.incidentMap.toGeoJson();
  download(new Blob([text], { type: "application/geo+json" }), "incidents.geojson");
});
// The map as it is, with the legend, the window's dates and the credits below it.
document.getElementById("image").addEventListener("click", async () => {
  download(await window.incidentMap.toBlob({ legend: true }), "incident-map.png");
});
document.getElementById("file").addEventListener("change", (e) => {
  const file = e.target.files?.[0];
  if (file) loadFile(file);
});
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
document.addEventListener("drop", (e) => {
  e.preventDefault();
  document.body.classList.remove("dragging");
  const file = e.dataTransfer?.files?.[0];
  if (file) loadFile(file);
});
