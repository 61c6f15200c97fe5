// The events map: Leaflet over an offline base layer of country outlines (and, zoomed in, the
// admin-1 boundary lines of the view), events clustered when dense, circles sized by fatalities.
// Every text shown comes from the data as text nodes (never HTML).
(function () {
  "use strict";
  var element = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!element || typeof L === "undefined") { return; }

  // maxZoom: the clusters need one even when there is no tile layer to give it.
  var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([20, 0], 2);
  // The base layer's panes, under the events: country shapes, then the province lines over their fill.
  map.createPane("countries").style.zIndex = 250;
  map.createPane("provinces").style.zIndex = 260;
  // The server sends province lines for views up to this many degrees wide (serve/geo.py ADMIN1_MAX_WIDTH).
  var ADMIN1_MAX_WIDTH = 30;
  var tiles = element.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "tiles: your server" }).addTo(map);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
        return response.json();
      });
  }

  // Area proportional to the conservative fatality figure, as in the brief's map.
  function radius(fatalities) {
    return Math.min(4 + Math.sqrt(fatalities || 0) * 1.6, 22);
  }

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "event-popup";
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.sub_event_type + " — " + (properties.date || "undated");
    box.appendChild(link);
    var lines = [
      properties.location + (properties.admin1 ? ", " + properties.admin1 : "") +
        (properties.province_level ? " (province only)" : ""),
      "fatalities: " + (properties.fatalities === null ? "not reported" : properties.fatalities),
      "sources: " + (properties.sources || []).join("; ")
    ];
    if (properties.contested) { lines.push("contested: the sources disagree"); }
    lines.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function marker(feature, latlng) {
    var p = feature.properties;
    var options = {
      radius: radius(p.fatalities), weight: p.contested ? 3 : 1, color: p.contested ? "#b2182b" : "#333",
      fillColor: "#d6604d", fillOpacity: 0.7
    };
    if (p.province_level) {
      options.dashArray = "4 3"; options.fillOpacity = 0.25; options.radius = Math.max(options.radius, 14);
    }
    var layer = L.circleMarker(latlng, options);
    layer.bindPopup(function () { return popup(p); });
    layer.feature = feature;
    return layer;
  }

  function showEvents(collection) {
    var clusters = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
    L.geoJSON(collection, { pointToLayer: marker }).eachLayer(function (layer) { clusters.addLayer(layer); });
    clusters.addTo(map);
    var count = collection.features.length;
    status.textContent = count + " located event(s) shown" +
      (collection.total > count ? " of " + collection.total + " matching (the others have no coordinates)" : "") + ".";
    if (collection.bbox) {
      var b = collection.bbox;
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [30, 30], maxZoom: 7 });
    }
    element.setAttribute("data-ready", String(count));
  }

  function showOutlines(collection) {
    L.geoJSON(collection, {
      style: function () { return { color: "#8c8c8c", weight: 1, fillColor: "#faf8f3", fillOpacity: 1 }; },
      interactive: false, pane: "countries"
    }).addTo(map);
    element.setAttribute("data-outlines-ready", String(collection.features.length));
  }

  // Province lines of the visible box, fetched again when the view moves (none when zoomed out).
  var provinces = null;
  var provincesWanted = "";
  function showProvinces() {
    var bounds = map.getBounds();
    var box = [Math.max(-180, Math.floor(bounds.getWest())), Math.max(-90, Math.floor(bounds.getSouth())),
               Math.min(180, Math.ceil(bounds.getEast())), Math.min(90, Math.ceil(bounds.getNorth()))];
    var url = element.getAttribute("data-admin1") + "?west=" + box[0] + "&south=" + box[1] +
      "&east=" + box[2] + "&north=" + box[3];
    if (box[2] - box[0] > ADMIN1_MAX_WIDTH || box[0] >= box[2] || box[1] >= box[3]) {
      if (provinces) { map.removeLayer(provinces); provinces = null; }
      provincesWanted = "";
      element.setAttribute("data-provinces", "0");
      return;
    }
    if (url === provincesWanted) { return; }
    provincesWanted = url;
    getJSON(url).then(function (collection) {
      if (url !== provincesWanted) { return; }  // the view moved on meanwhile
      if (provinces) { map.removeLayer(provinces); }
      provinces = L.geoJSON(collection, {
        style: function () { return { color: "#b5aa95", weight: 0.8, dashArray: "3 3" }; },
        interactive: false, pane: "provinces"
      }).addTo(map);
      var lines = collection.features.reduce(function (n, f) { return n + f.geometry.coordinates.length; }, 0);
      element.setAttribute("data-provinces", String(lines));
    }).catch(function () {  // the base layer is optional
      element.setAttribute("data-provinces", "0");
    });
  }
  map.on("moveend", showProvinces);

  // Events located only to a province, drawn as their province (the areas the server could outline).
  function showProvinceAreas(collection) {
    if (!collection.features.some(function (f) { return f.properties.province_level; })) {
      element.setAttribute("data-province-areas", "0");
      return null;
    }
    return getJSON(element.getAttribute("data-provinces-url")).then(function (areas) {
      L.geoJSON(areas, {
        style: function () {
          return { color: "#b2182b", weight: 1, dashArray: "4 3", fillColor: "#d6604d", fillOpacity: 0.15,
                   className: "province-area" };
        },
        interactive: false, pane: "provinces"
      }).addTo(map);
      element.setAttribute("data-province-areas", String(areas.features.length));
    }).catch(function () {  // the dashed rings still mark them
      element.setAttribute("data-province-areas", "0");
    });
  }

  // The outlines around the events (the whole world when none is located).
  function outlinesAround(collection) {
    var b = collection.bbox || [-180, -90, 180, 90];
    var margin = Math.max(5, (b[2] - b[0]) / 2);
    var box = [Math.max(-180, b[0] - margin), Math.max(-90, b[1] - margin),
               Math.min(180, b[2] + margin), Math.min(90, b[3] + margin)].map(Math.round);
    var url = element.getAttribute("data-outlines") + "?west=" + box[0] + "&south=" + box[1] +
      "&east=" + box[2] + "&north=" + box[3];
    return getJSON(url).then(showOutlines).catch(function () {  // the base layer is optional
      element.setAttribute("data-outlines-ready", "0");
    });
  }

  getJSON(element.getAttribute("data-events")).then(function (collection) {
    showEvents(collection);
    showProvinces();
    showProvinceAreas(collection);
    return outlinesAround(collection);
  }).catch(function (error) {
    status.textContent = "could not load the events: " + (error && error.message ? error.message : String(error));
    element.setAttribute("data-ready", "error");
  });
}());
