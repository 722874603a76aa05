// <peerhub-sessions>: a partner's web page shows the next public sessions from PeerHub.
//
//   <script src="https://PEERHUB/static/js/peerhub-sessions.js" defer></script>
//   <peerhub-sessions region="central" [venue="slug"] [group="slug"] [weeks="4"] [lang="es"]>
//     <a href="https://PEERHUB/regions/central/">Peer support groups near you</a>
//   </peerhub-sessions>
//
// The link inside is what a visitor without JavaScript (or when PeerHub cannot be reached)
// sees. With JavaScript, the element reads the public JSON API of the site this file came
// from (/api/v1/occurrences.json; /api/v1/groups.json to know a venue's groups) and puts a
// list of the next sessions before that link, in the light DOM so the host page's styles
// apply. Times are each session's own wall-clock time in its region (the offset the API
// gives), whatever the visitor's timezone. No third-party code; nothing is stored.
(function () {
  "use strict";

  // The element's few words, in each language of the site. They are the site's own
  // translations (locale/*/django.po; tests/website/test_embed_script.py keeps them equal).
  var WORDS = /* words */ {
    "en": {"cancelled": "Cancelled", "changed": "Changed", "nothing": "Nothing is scheduled in the coming weeks.", "tba": "Place to be announced"},
    "es": {"cancelled": "Cancelada", "changed": "Cambiada", "nothing": "No hay nada programado para las próximas semanas.", "tba": "Lugar por anunciar"},
    "pt-br": {"cancelled": "Cancelado", "changed": "Alterado", "nothing": "Não há nada marcado para as próximas semanas.", "tba": "Local a confirmar"}
  } /* end words */;
  var MOST = 12;
  var script = document.currentScript;
  var site = script && script.src ? new URL(script.src).origin : window.location.origin;

  function languageOf(element) {
    var tagged = element.closest("[lang]");
    var code = (tagged ? tagged.getAttribute("lang") : "en").toLowerCase();
    if (WORDS[code]) return code;
    code = code.split("-")[0];
    return code === "pt" ? "pt-br" : WORDS[code] ? code : "en";
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // A date as YYYY-MM-DD, as the visitor's calendar reads it.
  function isoDate(day) {
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }

  // "2026-03-03T18:00:00-05:00" -> a Date whose UTC fields are that wall-clock time.
  function wallClock(text) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(text);
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  }

  function fetchJson(path, query) {
    var url = new URL(path, site);
    Object.keys(query).forEach(function (name) {
      if (query[name]) url.searchParams.append(name, query[name]);
    });
    return fetch(url.toString(), {credentials: "omit"}).then(function (response) {
      if (!response.ok) throw new Error("PeerHub answered " + response.status);
      return response.json();
    });
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  class PeerHubSessions extends HTMLElement {
    connectedCallback() {
      if (this._started) return;
      this._started = true;
      var element = this;
      var region = this.getAttribute("region") || "";
      var venue = this.getAttribute("venue") || "";
      var group = this.getAttribute("group") || "";
      var weeks = Math.min(Math.max(parseInt(this.getAttribute("weeks"), 10) || 4, 1), 12);
      // From yesterday: the visitor's today may be the region's yesterday; whatever has
      // already ended is left out below.
      var now = Date.now();
      var first = new Date(now - 86400000);
      var last = new Date(now + weeks * 7 * 86400000);
      var asks = [
        fetchJson("/api/v1/occurrences.json", {
          start: isoDate(first), end: isoDate(last), region: region
        })
      ];
      // A venue's sessions are those of the groups that meet there (as on its page).
      if (venue) asks.push(fetchJson("/api/v1/groups.json", {region: region}));
      Promise.all(asks).then(function (answers) {
        var venueGroups = null;
        if (venue) {
          venueGroups = {};
          answers[1].groups.forEach(function (found) {
            if (found.venue === venue) venueGroups[found.slug] = true;
          });
        }
        var until = now + weeks * 7 * 86400000;
        var sessions = answers[0].occurrences.filter(function (session) {
          return (
            Date.parse(session.end) > now &&
            Date.parse(session.start) < until &&
            (!group || session.group === group) &&
            (!venueGroups || venueGroups[session.group])
          );
        });
        element.render(sessions.slice(0, MOST));
      }).catch(function () {
        // PeerHub out of reach, a refusal (a 429 when one address asks for too many new
        // windows at once), or a browser too old: the link stays, and leads to the sessions.
      });
    }

    render(sessions) {
      var language = languageOf(this);
      var words = WORDS[language];
      var dates = new Intl.DateTimeFormat(language, {
        weekday: "long", day: "numeric", month: "long", timeZone: "UTC"
      });
      var times = new Intl.DateTimeFormat(language, {
        hour: "numeric", minute: "2-digit", timeZone: "UTC"
      });
      var box = make("div", "peerhub-sessions");
      if (!sessions.length) {
        box.appendChild(make("p", "peerhub-sessions__none", words.nothing));
      } else {
        var list = make("ul", "peerhub-sessions__list");
        sessions.forEach(function (session) {
          var cancelled = session.status === "cancelled";
          var start = wallClock(session.start);
          var item = make("li", "peerhub-sessions__item" + (cancelled ? " is-cancelled" : ""));
          var when = make("p", "peerhub-sessions__when");
          var end = wallClock(session.end);
          var hours = times.formatRange
            ? times.formatRange(start, end)
            : times.format(start) + " – " + times.format(end);
          var time = make("time", "", dates.format(start) + ", " + hours);
          time.setAttribute("datetime", session.start);
          if (cancelled) {
            var struck = make("del");
            struck.appendChild(time);
            when.appendChild(struck);
          } else {
            when.appendChild(time);
          }
          if (cancelled || session.moved) {
            when.appendChild(document.createTextNode(" "));
            when.appendChild(make("strong", "peerhub-sessions__badge", cancelled ? words.cancelled : words.changed));
          }
          var title = make("p", "peerhub-sessions__title");
          var link = make("a", "", session.title);
          link.href = session.url;
          title.appendChild(cancelled ? make("del") : link);
          if (cancelled) title.firstChild.appendChild(link);
          item.appendChild(when);
          item.appendChild(title);
          item.appendChild(make("p", "peerhub-sessions__where", session.location || words.tba));
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      this.insertBefore(box, this.firstChild);
    }
  }

  if (window.customElements && !window.customElements.get("peerhub-sessions")) {
    window.customElements.define("peerhub-sessions", PeerHubSessions);
  }
})();
