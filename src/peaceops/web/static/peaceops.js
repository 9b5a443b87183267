/* peaceops: progressive enhancement only; every page works without this file.
   Loaded from this server (Content-Security-Policy: script-src 'self'); no inline script anywhere. */
(function () {
  "use strict";

  // Filter forms: re-run the query as soon as a select changes.
  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
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

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    clearPicks();
  });
})();
