// "Gunakan lokasi saya": fills latitude and longitude from the browser (asks permission first).
(function () {
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  button.addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = "Peramban ini tidak dapat memberi lokasi; isi alamat saja.";
      return;
    }
    status.textContent = "Mencari lokasi ...";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("lon").value = position.coords.longitude.toFixed(6);
      status.textContent = "Lokasi terisi (ketelitian sekitar " + Math.round(position.coords.accuracy) + " m).";
    }, function () {
      status.textContent = "Lokasi tidak didapat (izin ditolak atau sinyal lemah); isi alamat saja.";
    }, {enableHighAccuracy: true, timeout: 15000});
  });
})();
