// The calendar's map and "Use my location" (templates/website/_calendar_map.html). Progressive:
// without this script the page shows everything as a list; the map's section stays hidden
// until the map is drawn. Data come from json_script elements, never from inline script.
(function () {
  "use strict";

  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var config = read("calendar-map-config");
  if (!config) {
    return;
  }
  var words = config.words;

  // "Use my location": asked only on a click, sent as "near=lat,lng" rounded to about a km.
  var button = document.querySelector("[data-use-location]");
  var field = document.getElementById("filter-near");
  var status = document.querySelector("[data-location-status]");
  if (button && field && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = words.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          field.value =
            position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
          field.form.submit();
        },
        function () {
          status.textContent = words.denied;
          field.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  var places = read("calendar-map-places");
  var section = document.getElementById("calendar-map");
  if (!places || !places.length || !section || !window.L) {
    return;
  }
  section.hidden = false;

  var map = L.map("calendar-map-canvas", {
    keyboard: true,
    scrollWheelZoom: false,
    zoomControl: false,
  });
  L.control.zoom({ zoomInTitle: words.zoom_in, zoomOutTitle: words.zoom_out }).addTo(map);
  map.getContainer().setAttribute("role", "region");
  map.getContainer().setAttribute("aria-label", words.map);
  map.attributionControl.setPrefix(false);
  L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution }).addTo(map);

  function link(href, text) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function popup(place) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "calendar-map__place";
    title.appendChild(place.href ? link(place.href, place.title) : document.createTextNode(place.title));
    box.appendChild(title);
    var where = document.createElement("p");
    where.textContent = place.href ? place.where : words.private;
    box.appendChild(where);
    var list = document.createElement("ul");
    place.groups.forEach(function (group) {
      var item = document.createElement("li");
      item.appendChild(link(group.href, group.name));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  var bounds = [];
  places.forEach(function (place) {
    var point = [place.lat, place.lng];
    bounds.push(point);
    L.marker(point, { title: place.title, alt: place.title, keyboard: true })
      .bindPopup(popup(place))
      .addTo(map);
  });
  if (config.near) {
    bounds.push(config.near);
  }
  if (bounds.length === 1) {
    map.setView(bounds[0], 13);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  }
})();
