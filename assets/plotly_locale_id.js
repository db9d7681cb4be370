/*! plotly.js locale "id" (Indonesian), from plotly.js-locales 3.7.0 (id.js), with changes by Pantau:
 * the month and day names in today's spelling ("November", not "Nopember"; "Agu", "Kam"), decimal
 * comma and thousands dot, and a dictionary of the toolbar's and hover's words (upstream's is empty).
 * Registered with Plotly under the name "id"; every dcc.Graph asks for it (core/formatting.py).
 * Plotly reads window.PlotlyLocales when it loads, so this works whether it runs before or after it.
 *
 * MIT License
 *
 * Copyright (c) 2016-2024 Plotly Technologies Inc.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
 * THE SOFTWARE.
 */
(function () {
  var locale = {
    moduleType: "locale",
    name: "id",
    dictionary: {
      "Autoscale": "Skala otomatis",
      "Box Select": "Pilih kotak",
      "Click to enter Colorscale title": "Klik untuk mengisi judul skala warna",
      "Click to enter Plot title": "Klik untuk mengisi judul grafik",
      "Click to enter X axis title": "Klik untuk mengisi judul sumbu X",
      "Click to enter Y axis title": "Klik untuk mengisi judul sumbu Y",
      "Compare data on hover": "Bandingkan data saat kursor di atasnya",
      "Double-click on legend to isolate one trace": "Klik dua kali pada legenda untuk menampilkan satu seri saja",
      "Double-click to zoom back out": "Klik dua kali untuk memperkecil kembali",
      "Download plot as a PNG": "Unduh grafik sebagai PNG",
      "Download plot": "Unduh grafik",
      "Lasso Select": "Pilih laso",
      "Pan": "Geser",
      "Produced with Plotly.js": "Dibuat dengan Plotly.js",
      "Reset": "Atur ulang",
      "Reset axes": "Atur ulang sumbu",
      "Reset view": "Atur ulang tampilan",
      "Reset views": "Atur ulang tampilan",
      "Show closest data on hover": "Tampilkan data terdekat saat kursor di atasnya",
      "Snapshot succeeded": "Gambar berhasil dibuat",
      "Sorry, there was a problem downloading your snapshot!": "Maaf, gambar gagal diunduh.",
      "Taking snapshot - this may take a few seconds": "Membuat gambar, mungkin perlu beberapa detik",
      "Toggle Spike Lines": "Tampilkan/sembunyikan garis bantu",
      "Toggle show closest data on hover": "Tampilkan/sembunyikan data terdekat saat kursor di atasnya",
      "Zoom": "Perbesar area",
      "Zoom in": "Perbesar",
      "Zoom out": "Perkecil",
      "trace": "seri",
      "lat:": "lintang:",
      "lon:": "bujur:",
      "max:": "maks:",
      "mean:": "rata-rata:",
      "median:": "median:",
      "min:": "min:"
    },
    format: {
      days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
      shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
      months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember"],
      shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
      date: "%d/%m/%Y",
      decimal: ",",
      thousands: "."
    }
  };
  if (window.Plotly && window.Plotly.register) {
    window.Plotly.register(locale);
  } else {
    window.PlotlyLocales = (window.PlotlyLocales || []).concat([locale]);
  }
})();
