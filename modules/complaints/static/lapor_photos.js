// /lapor: the consent to show photos on the command center's wall is asked only once a photo is
// chosen (consent to show nothing means nothing), and is cleared when the photos are removed.
(function () {
  "use strict";
  var photos = document.getElementById("photos");
  var field = document.getElementById("field-photo_display_consent");
  var box = document.getElementById("photo_display_consent");
  if (!photos || !field || !box) { return; }
  var refused = field.querySelector(".field-error") !== null;  // a refusal stays readable
  function sync() {
    var chosen = photos.files && photos.files.length > 0;
    field.hidden = !chosen && !refused;
    if (!chosen) { box.checked = false; }
  }
  photos.addEventListener("change", sync);
  sync();
})();
