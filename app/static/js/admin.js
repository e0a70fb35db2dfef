// Administration helpers, loaded as a file (the CSP forbids inline scripts): copy buttons and print buttons.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        var label = button.textContent;
        button.textContent = "Copié";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("input[data-copy-source]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
