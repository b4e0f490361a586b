// renkei app: the page's script. Plain JavaScript, no build step, nothing
// fetched from elsewhere. Whatever comes from the user's files is put in
// the page as text (textContent, new Option), never as markup; reports
// are shown in a frame that runs no script.
"use strict";

const LANG = document.body.dataset.lang;
// The page's words, from the body's data-w-* attributes (role_id: data-w-role-id).
const W = (key) =>
  document.body.dataset["w" + key.split("_").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("")] || key;

// The address's token is now a cookie (set by the server): take it out of
// the address bar so that it is not shown on a shared screen.
if (location.search.includes("token=")) {
  history.replaceState(null, "", "/?lang=" + LANG);
}

function withLang(path) {
  return path + (path.includes("?") ? "&" : "?") + "lang=" + LANG;
}

async function api(path, options) {
  const response = await fetch(withLang(path), Object.assign({ credentials: "same-origin" }, options || {}));
  let body;
  try {
    body = await response.json();
  } catch (e) {
    body = { error: response.status + " " + response.statusText };
  }
  if (!response.ok) {
    throw new Error(body.error || String(response.status));
  }
  return body;
}

function upload(slot, file) {
  return api("/api/upload/" + slot, {
    method: "POST",
    body: file,
    headers: { "X-File-Name": encodeURIComponent(file.name) },
  });
}

function showError(element, error) {
  element.textContent = error ? error.message || String(error) : "";
}

// A report: a frame showing its HTML and a link per download format.
function showResult(container, result) {
  container.replaceChildren();
  const links = document.createElement("p");
  links.className = "downloads";
  links.append(W("download") + " ");
  const formats = ["xlsx", "pptx", "html", "csv", "json"];
  if (result.charts > 0) {
    formats.push("png", "svg");
  }
  for (const ext of formats) {
    const a = document.createElement("a");
    a.href = withLang("/download/" + result.id + "." + ext);
    a.textContent = ext.toUpperCase();
    a.setAttribute("download", "");
    a.dataset.format = ext;
    links.append(a, " ");
  }
  container.append(links, frame("/view/" + result.id));
}

function frame(path) {
  const f = document.createElement("iframe");
  f.setAttribute("sandbox", "allow-same-origin");
  f.title = "report";
  f.src = withLang(path);
  f.addEventListener("load", () => {
    const doc = f.contentDocument;
    if (doc && doc.documentElement) {
      // The frame takes the report's whole size; a wide table scrolls
      // the page sideways instead of hiding its last columns.
      const root = doc.documentElement;
      if (root.scrollWidth > f.clientWidth) {
        f.style.width = root.scrollWidth + 4 + "px";
      }
      f.style.height = root.scrollHeight + 24 + "px";
    }
  });
  return f;
}

// A long computation: progress every 300 ms, and a button that cancels it.
async function withProgress(box, call) {
  const job = Math.random().toString(36).slice(2);
  const label = box.querySelector("span");
  const button = box.querySelector("button");
  box.hidden = false;
  label.textContent = W("computing") + "…";
  const cancel = () => api("/api/cancel?job=" + job, { method: "POST" }).catch(() => {});
  button.addEventListener("click", cancel);
  const timer = setInterval(async () => {
    try {
      const p = await api("/api/progress?job=" + job);
      if (!p.running) return;
      let text = W("computing") + "… " + p.elapsed.toFixed(0) + " s";
      if (p.mc_done > 0) {
        text += " · " + p.mc_done.toLocaleString() + " " + W("drawn");
      } else if (p.stages > 0) {
        text += " · " + W("stage") + " " + p.stage + "/" + p.stages;
      }
      label.textContent = text;
    } catch (e) {
      // The next poll tries again.
    }
  }, 300);
  try {
    return await call(job);
  } finally {
    clearInterval(timer);
    button.removeEventListener("click", cancel);
    box.hidden = true;
  }
}

// Tabs.
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll("[data-tab]")) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      document.getElementById(other.dataset.tab).hidden = !on;
    }
  });
}

// A file dragged over a drop zone lights it up.
for (const input of document.querySelectorAll("input[type=file][data-slot]")) {
  const label = input.closest(".drop");
  label.addEventListener("dragover", (e) => {
    label.classList.add("over");
  });
  label.addEventListener("dragleave", () => label.classList.remove("over"));
  label.addEventListener("drop", () => label.classList.remove("over"));
}

// --- Survey ---
const survey = {
  error: document.getElementById("survey-error"),
  defined: document.getElementById("survey-defined"),
  summary: document.getElementById("survey-summary"),
  definition: document.getElementById("definition"),
  form: document.getElementById("table-form"),
  result: document.getElementById("survey-result"),
  progress: document.getElementById("survey-progress"),
};

function fillSelect(select, items, withNone) {
  const previous = select.value;
  select.replaceChildren();
  if (withNone) {
    select.append(new Option(W("none"), ""));
  }
  for (const item of items) {
    const text = item.label === item.id ? item.id : item.label + " (" + item.id + ")";
    select.append(new Option(text, item.id));
  }
  if ([...select.options].some((o) => o.value === previous)) {
    select.value = previous;
  }
}

// --- The definition as a form: each field edits the definition object,
// which "apply" sends back as survey.json. Only the words of the page's
// language are edited (the other language keeps what it had).
let definition = null;
let skipped = { questions: new Set(), groupings: new Set() };
const ROLES = ["id", "class", "code", "share_secondary_tertiary", "share_tertiary", "industry_code", "population", "prefecture"];

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  e.append(...children);
  return e;
}

function labelled(text, control, key) {
  const wrap = el("label", { className: "field" }, text + " ", control);
  const holder = el("div", { className: "form-field" }, wrap, el("span", { className: "field-error" }));
  if (key) holder.dataset.key = key;
  return holder;
}

function textInput(value, onChange) {
  const i = el("input", { type: "text", value: value || "" });
  i.addEventListener("input", () => onChange(i.value));
  return i;
}

// A label is plain text (the user's one language) or {ja, en}.
function labelText(label) {
  if (typeof label === "string") return label;
  return label ? label[LANG] || label.ja || label.en || "" : "";
}

// The label with the page's language's text replaced.
function withText(label, value) {
  if (typeof label === "string" || !label) return value;
  return Object.assign({}, label, { [LANG]: value });
}

function buildForm(headers) {
  const box = document.getElementById("definition-fields");
  box.replaceChildren();
  const def = definition;
  box.append(labelled(W("survey_title"), textInput(labelText(def.title), (v) => (def.title = withText(def.title, v))), "title"));

  const units = el("fieldset", {}, el("legend", {}, W("unit_columns")));
  for (const role of ROLES) {
    const select = el("select");
    if (role !== "id" && role !== "class") select.append(new Option(W("no_column"), ""));
    const columns = headers.slice();
    const now = def.unit_columns[role];
    if (now && !columns.includes(now)) columns.push(now);
    for (const h of columns) select.append(new Option(h, h));
    select.value = now || "";
    select.addEventListener("change", () => {
      def.unit_columns[role] = select.value || (role === "id" || role === "class" ? "" : null);
    });
    units.append(labelled(W("role_" + role), select, role));
  }
  box.append(units);

  box.append(
    labelled(
      W("missing_values"),
      textInput((def.missing_values || []).join(", "), (v) => {
        def.missing_values = v.split(/[,、]/).map((x) => x.trim()).filter((x) => x !== "");
      }),
      "missing_values"
    )
  );

  const questions = el("fieldset", {}, el("legend", {}, W("questions")));
  for (const q of def.questions) questions.append(questionFields(q));
  box.append(questions);

  const groupings = el("fieldset", {}, el("legend", {}, W("groupings")));
  for (const g of def.groupings) {
    const use = el("input", { type: "checkbox", checked: !skipped.groupings.has(g.id) });
    use.addEventListener("change", () => (use.checked ? skipped.groupings.delete(g.id) : skipped.groupings.add(g.id)));
    const row = el("div", { className: "grouping" }, el("label", { className: "check" }, use, " " + W("use")), " ",
      textInput(labelText(g.label), (v) => (g.label = withText(g.label, v))), el("code", {}, " " + g.id));
    const holder = el("div", { className: "form-field" }, row, el("span", { className: "field-error" }));
    holder.dataset.key = g.id;
    groupings.append(holder);
  }
  box.append(groupings);
}

function questionFields(q) {
  const set = el("div", { className: "question form-field" });
  set.dataset.key = q.id;
  const draw = () => {
    set.replaceChildren();
    const use = el("input", { type: "checkbox", checked: !skipped.questions.has(q.id) });
    use.addEventListener("change", () => (use.checked ? skipped.questions.delete(q.id) : skipped.questions.add(q.id)));
    const head = el("div", { className: "question-head" },
      el("label", { className: "check" }, use, " " + W("use")), " ",
      el("code", {}, q.id), " ",
      el("span", { className: "kind" }, q.type === "multiple" ? W("multiple") : W("single")));
    set.append(head, labelled(W("label"), textInput(labelText(q.label), (v) => (q.label = withText(q.label, v)))));
    if (q.type !== "multiple") {
      const ordered = el("input", { type: "checkbox", checked: !!q.ordered });
      ordered.addEventListener("change", () => (q.ordered = ordered.checked));
      set.append(el("label", { className: "check" }, ordered, " " + W("ordered")));
    }
    const list = el("ol", { className: "categories" });
    q.categories.forEach((c, i) => {
      const up = el("button", { type: "button", textContent: "↑", title: W("up"), disabled: i === 0 });
      const down = el("button", { type: "button", textContent: "↓", title: W("down"), disabled: i === q.categories.length - 1 });
      up.addEventListener("click", () => { [q.categories[i - 1], q.categories[i]] = [q.categories[i], q.categories[i - 1]]; draw(); });
      down.addEventListener("click", () => { [q.categories[i + 1], q.categories[i]] = [q.categories[i], q.categories[i + 1]]; draw(); });
      // An answer's label is what the returns hold (answers are matched by
      // code or label): it is shown, not edited, so that no answer stops
      // matching.
      list.append(el("li", {}, el("span", { className: "answer" }, labelText(c.label)), " ", el("code", {}, c.code), " ", up, down));
    });
    set.append(list, el("span", { className: "field-error" }));
  };
  draw();
  return set;
}

// The definition the form says: the object, without what is not used.
function formDefinition() {
  const def = JSON.parse(JSON.stringify(definition));
  def.questions = def.questions.filter((q) => !skipped.questions.has(q.id));
  def.groupings = def.groupings.filter((g) => !skipped.groupings.has(g.id));
  return JSON.stringify(def, null, 2) + "\n";
}

// An error is also shown beside each field it names (a question's or
// grouping's id, a unit column's role or the column chosen for it).
function showFieldErrors(error) {
  for (const e of document.querySelectorAll("#definition-fields .field-error")) e.textContent = "";
  if (!error) return;
  const message = error.message || String(error);
  for (const holder of document.querySelectorAll("#definition-fields [data-key]")) {
    const key = holder.dataset.key;
    const select = holder.querySelector("select");
    const names = [key, select && select.value].filter((x) => x);
    if (names.some((n) => message.includes("'" + n + "'") || message.includes("\"" + n + "\"") || message.includes("「" + n + "」"))) {
      holder.querySelector(".field-error").textContent = message;
    }
  }
}

function showSurvey(s) {
  survey.defined.hidden = false;
  survey.summary.textContent = s.title + " — " + s.units + " " + W("units");
  survey.definition.value = s.definition;
  definition = JSON.parse(s.definition);
  skipped = { questions: new Set(), groupings: new Set() };
  buildForm(s.headers || []);
  fillSelect(document.getElementById("question"), s.questions, false);
  fillSelect(document.getElementById("by"), s.groupings, false);
  fillSelect(document.getElementById("strata"), s.groupings, true);
  if (s.view) {
    const holder = document.getElementById("init-view");
    holder.replaceChildren(frame("/view/" + s.view));
  }
}

async function readReturns() {
  const input = document.getElementById("returns-file");
  const file = input.files[0];
  if (!file) return;
  showError(survey.error, null);
  survey.result.replaceChildren();
  try {
    await upload("returns", file);
    const sheet = document.getElementById("returns-sheet").value;
    const s = await api("/api/survey/init?sheet=" + encodeURIComponent(sheet), { method: "POST" });
    showSurvey(s);
  } catch (e) {
    survey.defined.hidden = true;
    showError(survey.error, e);
  }
}
document.getElementById("returns-file").addEventListener("change", readReturns);
document.getElementById("returns-sheet").addEventListener("change", readReturns);

async function applyDefinition(text) {
  showError(survey.error, null);
  showFieldErrors(null);
  try {
    const s = await api("/api/survey/definition", { method: "POST", body: text });
    showSurvey(s);
  } catch (e) {
    showError(survey.error, e);
    showFieldErrors(e);
  }
}
document.getElementById("definition-form-apply").addEventListener("click", () => applyDefinition(formDefinition()));
document.getElementById("definition-apply").addEventListener("click", () => applyDefinition(survey.definition.value));
document.getElementById("definition-file").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (file) applyDefinition(await file.text());
});
document.getElementById("definition-save").addEventListener("click", (e) => {
  e.target.setAttribute("download", "survey.json");
});

// A table at once with the asymptotic tests; then, when the exact test (or
// Monte Carlo) is to come, the same table again with it, its progress shown
// and a button to cancel it (the quick table stays).
async function surveyRun(path) {
  showError(survey.error, null);
  const query = new URLSearchParams(new FormData(survey.form));
  try {
    const quick = await api(path + "?" + query.toString() + "&quick=1", { method: "POST" });
    showResult(survey.result, quick);
    if (!quick.more) return;
    const result = await withProgress(survey.progress, (job) =>
      api(path + "?" + query.toString() + "&job=" + job, { method: "POST" })
    );
    showResult(survey.result, result);
  } catch (e) {
    showError(survey.error, e);
  }
}
survey.form.addEventListener("submit", (e) => {
  e.preventDefault();
  surveyRun("/api/survey/table");
});
document.getElementById("report-button").addEventListener("click", () => {
  const query = new URLSearchParams(new FormData(survey.form));
  query.delete("question");
  query.delete("by");
  query.delete("strata");
  withProgress(survey.progress, (job) =>
    api("/api/survey/report?" + query.toString() + "&job=" + job, { method: "POST" })
  )
    .then((result) => showResult(survey.result, result))
    .catch((e) => showError(survey.error, e));
});

// --- Plan, ratios, checklists: upload the files, then run with the form's settings. ---
function simplePanel(sectionId, formId, path) {
  const section = document.getElementById(sectionId);
  const error = section.querySelector(".error");
  const result = section.querySelector(".result");
  // Uploads still on their way: a run waits for them.
  let pending = Promise.resolve();
  for (const input of section.querySelectorAll("input[type=file][data-slot]")) {
    input.addEventListener("change", () => {
      const file = input.files[0];
      if (!file) return;
          showError(error, null);
      const sent = upload(input.dataset.slot, file).catch((e) => showError(error, e));
      pending = Promise.all([pending, sent]);
    });
  }
  document.getElementById(formId).addEventListener("submit", async (e) => {
    e.preventDefault();
    await pending;
    if (error.textContent) return;
    const query = new URLSearchParams(new FormData(e.target));
    try {
      showResult(result, await api(path + "?" + query.toString(), { method: "POST" }));
    } catch (err) {
      result.replaceChildren();
      showError(error, err);
    }
  });
}
simplePanel("plan", "plan-form", "/api/evaluate");
simplePanel("ratio", "ratio-form", "/api/ratio");
simplePanel("checklist", "checklist-form", "/api/checklist");
