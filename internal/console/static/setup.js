// The badge band preview of the category form follows the colour and the
// name as they are typed; without JavaScript the page shows the band of
// the values last sent. The ink is black or white, whichever contrasts
// more with the colour (as bandOf in setup_categories.go decides).
(function () {
  "use strict";
  var band = document.getElementById("band-preview");
  var name = document.getElementById("band-name");
  var colour = document.getElementById("f-colour");
  if (!band || !name || !colour) {
    return;
  }
  function lin(c) {
    var x = c / 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  }
  function ink(hex) {
    var v = parseInt(hex.slice(1), 16);
    var l = 0.2126 * lin((v >> 16) & 255) + 0.7152 * lin((v >> 8) & 255) + 0.0722 * lin(v & 255);
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000000" : "#FFFFFF";
  }
  function paint() {
    if (/^#[0-9a-fA-F]{6}$/.test(colour.value)) {
      band.style.background = colour.value;
      band.style.color = ink(colour.value);
    }
  }
  var lang = document.documentElement.lang;
  var names = [document.getElementById("f-names_" + lang), document.getElementById("f-names_en")];
  function rename() {
    for (var i = 0; i < names.length; i++) {
      if (names[i] && names[i].value.trim() !== "") {
        name.textContent = names[i].value;
        return;
      }
    }
  }
  colour.addEventListener("input", paint);
  names.forEach(function (el) {
    if (el) {
      el.addEventListener("input", rename);
    }
  });
})();
