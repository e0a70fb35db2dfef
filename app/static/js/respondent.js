// Respondent pages work without JavaScript; this only adds conveniences.
(function () {
  "use strict";
  // Move focus to the error summary so it is read first (autofocus does it in most browsers already).
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
  // A print button, shown only when it can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Save each choice as soon as it is made, so that leaving the page keeps it (without JavaScript, paging saves).
  var page = document.querySelector("form[data-autosave]");
  if (page && window.fetch && window.FormData) {
    var saved = document.createElement("p");
    saved.className = "autosave-status small muted";
    saved.setAttribute("role", "status");
    var actions = page.querySelector(".actions");
    page.insertBefore(saved, actions);
    page.addEventListener("change", function () {
      var data = new FormData(page);
      var token = data.get("csrf_token");
      fetch(page.getAttribute("data-autosave"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        keepalive: true,
        headers: token ? { "X-CSRFToken": token } : {}
      }).then(function (response) {
        saved.textContent = response.status === 204 ? "Réponse enregistrée." : "";
      }).catch(function () { saved.textContent = ""; });
    });
  }
  // Copy the resume link; without JavaScript the link stays selectable.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var link = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (!link) { return; }
    button.hidden = false;
    function done(message) { if (status) { status.textContent = message; } }
    button.addEventListener("click", function () {
      var url = link.getAttribute("href");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { done("Lien copié."); }, fallback);
      } else {
        fallback();
      }
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(link);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        done(copied ? "Lien copié." : "Le lien est sélectionné : copiez-le (Ctrl+C ou appui long).");
      }
    });
  });
  // A click on a link of the error summary focuses the first option of the question.
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.focus();
        (target.closest("fieldset, .field") || target).scrollIntoView({ block: "start" });
      }
    });
  }
})();
