// live.js is added by `dll serve` to every page it previews: it reloads
// the page when the site is rebuilt, and shows what stopped a rebuild in an
// overlay. It builds the overlay with DOM calls and textContent only, and
// never parses text as markup: the problems quote the author's text, which
// may hold a <script>.
(function () {
  "use strict";
  if (!window.EventSource) {
    return;
  }

  // The same words and styles as the overlay the server puts in the page
  // (internal/serve/http.go), so that either can replace the other.
  var TITLE = "dll could not rebuild the site";
  var INTRO = "This page shows the last good build. Fix these problems and save:";
  var STYLE = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;" +
    "box-sizing:border-box;margin:0;padding:12px 16px;background:#fffbe6;color:#1a1a1a;" +
    "border-top:4px solid #b3261e;box-shadow:0 -2px 12px rgba(0,0,0,.35);" +
    "font:15px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left";
  var TITLE_STYLE = "margin:0 0 4px;padding:0;font-size:18px;font-weight:bold;color:#8c1d18;background:none";
  var INTRO_STYLE = "margin:0 0 8px;padding:0;color:#1a1a1a;background:none";
  var LINES_STYLE = "margin:0;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere;" +
    "font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#1a1a1a;background:#ffffff;border:1px solid #c9c2a6";

  function element(tag, style, text) {
    var e = document.createElement(tag);
    e.setAttribute("style", style);
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  // show replaces the overlay with one listing lines, or removes it when
  // there are none.
  function show(lines) {
    var old = document.getElementById("dll-problems");
    if (lines.length === 0) {
      if (old) {
        old.parentNode.removeChild(old);
      }
      return;
    }
    var box = element("div", STYLE);
    box.id = "dll-problems";
    box.setAttribute("role", "alert");
    box.appendChild(element("h2", TITLE_STYLE, TITLE));
    box.appendChild(element("p", INTRO_STYLE, INTRO));
    box.appendChild(element("pre", LINES_STYLE, lines.join("\n")));
    if (old) {
      old.parentNode.replaceChild(box, old);
    } else {
      (document.body || document.documentElement).appendChild(box);
    }
  }

  // When the server stops, the browser keeps trying to reconnect by itself.
  var events = new EventSource("/_dll/events");
  events.addEventListener("reload", function () {
    window.location.reload();
  });
  events.addEventListener("problems", function (e) {
    var lines;
    try {
      lines = JSON.parse(e.data);
    } catch (err) {
      return;
    }
    if (!Array.isArray(lines)) {
      return;
    }
    show(lines.map(String));
  });
})();
