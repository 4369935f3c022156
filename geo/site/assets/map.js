/* The public site's map: draws window.TK (written by geo/io/publish.py) with Leaflet.
   Every value from the data is shown with textContent, never as HTML. */
(function () {
  "use strict";
  var data = window.TK;
  // zoomSnap: fits closer than whole zoom levels; the zoom buttons are added in the site's language
  var map = L.map("map", { preferCanvas: true, zoomSnap: 0.25, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.text.zoomIn, zoomOutTitle: data.text.zoomOut }).addTo(map);
  var credit = map.attributionControl;  // Leaflet's credit has an English tooltip
  if (credit && typeof credit.options.prefix === "string") {
    credit.setPrefix(credit.options.prefix.replace(/title="[^"]*"/, function () {
      return 'title="' + data.text.leaflet + '"';
    }));
  }
  if (data.basemap) {
    L.tileLayer(data.basemap, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  }
  if (credit && data.credits) { credit.addAttribution(data.credits); }  // geo/sources.py
  var outline = L.geoJSON(data.boundary, { style: data.boundaryStyle, interactive: false });
  outline.addTo(map);
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

  /* Fit the view to the bounds of the drawn features (and of the boundary when asked),
     with a margin in pixels so that nothing touches or crosses an edge. */
  function fitToData(withBoundary, animate) {
    var bounds = L.latLngBounds([]);
    if (withBoundary) { bounds.extend(outline.getBounds()); }
    data.order.forEach(function (layer) {
      if (groups[layer] && groups[layer].getLayers().length) {
        bounds.extend(groups[layer].getBounds());
      }
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15, animate: animate });
    }
  }

  yearSelect.addEventListener("change", function () {
    draw();
    fitToData(!yearSelect.value, true);  // "all years" goes back to the first view
  });
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var group = groups[box.getAttribute("data-layer")];
      if (box.checked) { group.addTo(map); } else { map.removeLayer(group); }
    });
  });
  draw();
  fitToData(true, false);  // the first view: everything drawn, boundary included, at once
  document.body.setAttribute("data-map-ready", "1");
}());
