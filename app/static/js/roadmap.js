// Feuille de route form: the target follows the chosen subject (its levels, named) and says what the level means.
// Loaded as a file (the CSP forbids inline scripts); without it, the server names the levels and the hint.
(function () {
  "use strict";
  var data = document.getElementById("cibles-priorite");
  var subject = document.getElementById("subject");
  var target = document.getElementById("target");
  var hint = document.getElementById("target-level");
  if (!data || !subject || !target || !hint) { return; }
  var guide = JSON.parse(data.textContent);
  function describe() {
    var entry = guide[subject.value];
    if (!entry) { return; }
    hint.textContent = target.value ? (entry.hints[target.value] || "") : entry.none;
  }
  function offer() {
    var entry = guide[subject.value];
    if (!entry) { return; }
    var kept = target.value;
    var none = target.querySelector('option[value=""]');
    target.textContent = "";
    if (none) { target.appendChild(none); }
    entry.options.forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      target.appendChild(option);
    });
    target.value = entry.hints[kept] ? kept : "";
    describe();
  }
  subject.addEventListener("change", offer);
  target.addEventListener("change", describe);
})();
