"use strict";
(function () {
  var form = document.getElementById("assessment");
  if (!form || !window.localStorage) { return; }
  var tools = document.getElementById("assessment-tools");
  var groupSelect = document.getElementById("choose-group");
  var phaseSelect = document.getElementById("choose-phase");
  var status = document.getElementById("status");
  var key = "competencykit:" + form.dataset.edition + ":" + form.dataset.version;
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset.competency"));
  tools.hidden = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(state) { localStorage.setItem(key, JSON.stringify(state)); }
  function collect() {
    var state = { group: groupSelect.value, phase: phaseSelect.value, answers: {} };
    fieldsets.forEach(function (fieldset) {
      var id = fieldset.dataset.id;
      var chosen = fieldset.querySelector("input[type=radio]:checked");
      var evidence = fieldset.querySelector("textarea").value;
      if (chosen || evidence) {
        state.answers[id] = { rating: chosen ? Number(chosen.value) : null, evidence: evidence };
      }
    });
    return state;
  }
  function restore(state) {
    if (state.group) { groupSelect.value = state.group; }
    if (state.phase !== undefined) { phaseSelect.value = state.phase; }
    fieldsets.forEach(function (fieldset) {
      var answer = (state.answers || {})[fieldset.dataset.id];
      fieldset.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.checked = !!answer && answer.rating === Number(input.value);
      });
      fieldset.querySelector("textarea").value = answer && answer.evidence ? answer.evidence : "";
    });
  }
  function applies(fieldset) {
    var rank = Number(groupSelect.value);
    var phase = phaseSelect.value;
    return Number(fieldset.dataset.rank) <= rank && (!phase || fieldset.dataset.phases.split(" ").indexOf(phase) >= 0);
  }
  function filter() {
    fieldsets.forEach(function (fieldset) { fieldset.hidden = !applies(fieldset); });
    form.querySelectorAll("section").forEach(function (section) {
      section.hidden = !section.querySelector("fieldset.competency:not([hidden])");
    });
  }
  function plan() {
    var list = document.getElementById("plan-list");
    var state = collect();
    var low = fieldsets.filter(function (fieldset) {
      var answer = state.answers[fieldset.dataset.id];
      return applies(fieldset) && answer && answer.rating !== null && answer.rating <= 2;
    }).sort(function (a, b) {
      return state.answers[a.dataset.id].rating - state.answers[b.dataset.id].rating;
    });
    list.textContent = "";
    low.forEach(function (fieldset) {
      var item = document.createElement("li");
      var heading = document.createElement("p");
      heading.textContent = fieldset.querySelector("legend").textContent.trim() + " (rated " + state.answers[fieldset.dataset.id].rating + ")";
      item.appendChild(heading);
      var training = fieldset.querySelector(".plan-training");
      if (training) {
        var copy = training.cloneNode(true);
        copy.hidden = false;
        item.appendChild(copy);
      } else {
        var none = document.createElement("p");
        none.textContent = "No training is linked; ask your manager or lead.";
        item.appendChild(none);
      }
      list.appendChild(item);
    });
    document.getElementById("plan-empty").hidden = low.length > 0;
  }
  function rows() {
    var state = collect();
    return fieldsets.filter(function (fieldset) { return state.answers[fieldset.dataset.id]; }).map(function (fieldset) {
      var answer = state.answers[fieldset.dataset.id];
      return { competency: fieldset.dataset.id, code: fieldset.dataset.code, rating: answer.rating, evidence: answer.evidence };
    });
  }
  function groupName() { return groupSelect.options[groupSelect.selectedIndex].text; }
  function csv() {
    function field(value) {
      var text = value === null || value === undefined ? "" : String(value);
      return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
    }
    var lines = [["edition", "version", "group", "phase", "code", "competency", "rating", "evidence"].join(",")];
    rows().forEach(function (row) {
      lines.push([form.dataset.edition, form.dataset.version, groupName(), phaseSelect.value, row.code, row.competency, row.rating, row.evidence].map(field).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function json() {
    return JSON.stringify({ edition: form.dataset.edition, version: form.dataset.version, group: groupName(), phase: phaseSelect.value, answers: rows() }, null, 2);
  }
  function download(text, type, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function changed() {
    save(collect());
    filter();
    plan();
  }
  restore(load());
  filter();
  plan();
  form.addEventListener("change", changed);
  form.addEventListener("input", function () { save(collect()); });
  groupSelect.addEventListener("change", changed);
  phaseSelect.addEventListener("change", changed);
  document.getElementById("export-csv").addEventListener("click", function () { download(csv(), "text/csv", form.dataset.edition + "-self-assessment.csv"); });
  document.getElementById("export-json").addEventListener("click", function () { download(json(), "application/json", form.dataset.edition + "-self-assessment.json"); });
  document.getElementById("print").addEventListener("click", function () { window.print(); });
  document.getElementById("forget").addEventListener("click", function () {
    localStorage.removeItem(key);
    restore({ answers: {} });
    filter();
    plan();
    status.textContent = "Your answers have been removed from this browser.";
  });
  window.competencyKitAssessment = { csv: csv, json: json };
})();
