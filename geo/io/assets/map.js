/* The public site's map: draws window.TK (written by geo/io/publish.py) with Leaflet.
   Every value from the data is shown with textContent, never as HTML. */
(function () {
  "use strict";
  var data = window.TK;
  var map = L.map("map", { preferCanvas: true });
  if (data.basemap) {
    L.tileLayer(data.basemap, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  }
  var outline = L.geoJSON(data.boundary, { style: data.boundaryStyle, interactive: false });
  outline.addTo(map);
  map.fitBounds(outline.getBounds());
  var yearSelect = document.getElementById("year");
  var details = document.getElementById("details");
  var groups = {};

  var years = {};
  data.order.forEach(function (layer) {
    data.layers[layer].features.forEach(function (f) {
      for (var y = f.properties.y0; y <= f.properties.y1 && y - f.properties.y0 < 40; y++) {
        years[y] = true;
      }
    });
  });
  var all = document.createElement("option");
  all.value = "";
  all.textContent = data.text.all;
  yearSelect.appendChild(all);
  Object.keys(years).sort().reverse().forEach(function (y) {
    var option = document.createElement("option");
    option.value = y;
    option.textContent = y;
    yearSelect.appendChild(option);
  });

  function show(feature) {
    details.textContent = "";
    var table = document.createElement("table");
    feature.properties.rows.forEach(function (pair) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      var td = document.createElement("td");
      th.scope = "row";
      th.textContent = pair[0];
      td.textContent = pair[1];
      tr.appendChild(th);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    if (feature.properties.g) {
      var note = document.createElement("p");
      note.className = "small";
      note.textContent = data.text.generalised;
      details.appendChild(note);
    }
    details.insertBefore(table, details.firstChild);
  }

  function style(feature) {
    var s = Object.assign({}, feature.properties.s);
    if (feature.properties.g) { Object.assign(s, data.generalisedStyle); }
    return s;
  }

  function draw() {
    var year = yearSelect.value ? parseInt(yearSelect.value, 10) : null;
    data.order.forEach(function (layer) {
      if (groups[layer]) { map.removeLayer(groups[layer]); }
      var box = document.querySelector('input[data-layer="' + layer + '"]');
      var shown = data.layers[layer].features.filter(function (f) {
        return year === null || (f.properties.y0 <= year && year <= f.properties.y1);
      });
      document.getElementById("count-" + layer).textContent = String(shown.length);
      groups[layer] = L.geoJSON({ type: "FeatureCollection", features: shown }, {
        style: style,
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, Object.assign({ radius: 6 }, style(f)));
        },
        onEachFeature: function (f, item) {
          item.on("click", function () { show(f); });
        }
      });
      if (!box || box.checked) { groups[layer].addTo(map); }
    });
  }

  function fitToData() {
    var bounds = null;
    data.order.forEach(function (layer) {
      var b = groups[layer] && groups[layer].getLayers().length ? groups[layer].getBounds() : null;
      if (b && b.isValid()) { bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
    });
    if (bounds) { map.fitBounds(bounds.pad(0.15), { maxZoom: 15 }); }
  }

  yearSelect.addEventListener("change", function () { draw(); fitToData(); });
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var group = groups[box.getAttribute("data-layer")];
      if (box.checked) { group.addTo(map); } else { map.removeLayer(group); }
    });
  });
  draw();
  fitToData();
  document.body.setAttribute("data-map-ready", "1");
}());
