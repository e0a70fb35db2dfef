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
