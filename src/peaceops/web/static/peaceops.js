/* peaceops: progressive enhancement only; every page works without this file.
   Loaded from this server (Content-Security-Policy: script-src 'self'); no inline script anywhere. */
(function () {
  "use strict";

  // Filter forms: re-run the query as soon as a select changes (the live filters below need no query).
  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit] select:not([data-live])").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Compare: "select none" link for the long list of operations.
  function clearPicks() {
    var form = document.querySelector("form.pick");
    if (!form) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Clear selection";
    button.className = "link";
    button.addEventListener("click", function () {
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
    });
    form.appendChild(button);
  }

  // The registry at a glance: the lead-group, status, decade and text filters ([data-live] controls) show and hide
  // the timeline's bars, the map's markers and the table's rows ([data-op] elements) in the browser. The server
  // reads the same filters from the query string, which is kept in step, so a reload or a shared link agrees.
  var MARKS = /[\u0300-\u036f]/g;

  function words(text) {
    return text.normalize("NFKD").toLowerCase().replace(MARKS, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function matcher(form) {
    function value(name) {
      var control = form.querySelector("[data-live][name=" + name + "]");
      return control ? control.value.trim() : "";
    }
    var group = value("lead_group"), status = value("status"), decade = value("decade"), query = words(value("q"));
    return function (el) {
      if (group && el.getAttribute("data-lead-group") !== group) { return false; }
      if (status && el.getAttribute("data-status") !== status) { return false; }
      if (decade && (el.getAttribute("data-decades") || "").split(" ").indexOf(decade) < 0) { return false; }
      var haystack = words(el.getAttribute("data-search") || "").join(" ");
      return query.every(function (word) { return haystack.indexOf(word) >= 0; });
    };
  }

  function repackTimeline(svg) {
    var pitch = Number(svg.getAttribute("data-row-height"));
    var top = Number(svg.getAttribute("data-top")), bottom = Number(svg.getAttribute("data-bottom"));
    var rows = Array.prototype.slice.call(svg.querySelectorAll("g.op-row"));
    var head = svg.querySelector("g.section-head");
    if (head) {
      var after = rows.slice(rows.indexOf(head) + 1);
      head.classList.toggle("filtered-out", !after.some(function (r) { return !r.classList.contains("filtered-out"); }));
    }
    var shown = 0;
    rows.forEach(function (row) {
      if (row.classList.contains("filtered-out")) { return; }
      row.setAttribute("transform", "translate(0," + (shown - Number(row.getAttribute("data-row"))) * pitch + ")");
      shown += 1;
    });
    var width = svg.viewBox.baseVal.width, height = top + shown * pitch + bottom;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("height", String(height));
  }

  function applyFilters(form) {
    var matches = matcher(form), ids = {}, shown = {};
    document.querySelectorAll("[data-op]").forEach(function (el) {
      var id = el.getAttribute("data-op"), ok = matches(el);
      var target = el.closest(".op-row, .op-item") || el;
      target.classList.toggle("filtered-out", !ok);
      if (target.tagName === "TR") { target.hidden = !ok; }
      ids[id] = true;
      if (ok) { shown[id] = true; }
    });
    document.querySelectorAll("svg.peaceops-timeline").forEach(repackTimeline);
    var total = Object.keys(ids).length, visible = Object.keys(shown).length;
    document.querySelectorAll("[data-visible-count]").forEach(function (el) {
      el.textContent = visible + " of " + (el.getAttribute("data-total") || total) + " operations";
    });
    document.querySelectorAll("tr.no-match").forEach(function (row) { row.hidden = visible > 0; });
  }

  function keepQuery(form) {
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("[data-live]").forEach(function (control) {
      if (control.value.trim()) { params.set(control.name, control.value.trim()); } else { params.delete(control.name); }
    });
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function liveFilters() {
    document.querySelectorAll("form[data-live-filters]").forEach(function (form) {
      form.querySelectorAll("[data-live]").forEach(function (control) {
        control.addEventListener(control.tagName === "SELECT" ? "change" : "input", function () {
          applyFilters(form);
          if (window.location.pathname === form.getAttribute("action")) { keepQuery(form); }
        });
      });
      applyFilters(form);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    clearPicks();
    liveFilters();
  });
})();
