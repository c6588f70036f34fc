// live.js is added by `dll serve` to every page it previews: it reloads
// the page when the site is rebuilt, and shows what stopped a rebuild in an
// overlay. It builds the overlay with DOM calls and textContent only, and
// never parses text as markup: the problems quote the author's text, which
// may hold a <script>.
//
// A browser keeps at most six connections to one server, and an event
// stream holds one for as long as its page is open: with a stream for every
// page, a seventh open page could not even load. So the pages of the
// preview share one stream, kept by this same script run as a shared
// worker; where a browser has no shared workers, each page has its own.
(function () {
  "use strict";
  var EVENTS = "/_dll/events";

  if (typeof document === "undefined") {
    shared(self);
    return;
  }

  // The same words and styles as the overlay the server puts in the page
  // (internal/serve/http.go), so that either can replace the other.
  var TITLE = "dll could not show every change";
  var INTRO = "What these problems are in is shown as it was last built (an entry never built yet is left out). Fix them and save:";
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
    box.setAttribute("lang", "en"); // whatever the language of the site
    box.setAttribute("dir", "ltr");
    box.appendChild(element("h2", TITLE_STYLE, TITLE));
    box.appendChild(element("p", INTRO_STYLE, INTRO));
    box.appendChild(element("pre", LINES_STYLE, lines.join("\n")));
    if (old) {
      old.parentNode.replaceChild(box, old);
    } else {
      (document.body || document.documentElement).appendChild(box);
    }
  }

  function problems(data) {
    var lines;
    try {
      lines = JSON.parse(data);
    } catch (err) {
      return;
    }
    if (!Array.isArray(lines)) {
      return;
    }
    show(lines.map(String));
  }

  // The build this page was read from, as the server wrote it in the tag.
  var script = document.currentScript;
  var gen = (script && script.getAttribute("data-gen")) || "";

  var alone = false;
  // own opens this page's own event stream. When the server stops, the
  // browser keeps trying to reconnect by itself.
  function own() {
    if (alone || !window.EventSource) {
      return;
    }
    alone = true;
    var events = new EventSource(EVENTS + (gen ? "?gen=" + encodeURIComponent(gen) : ""));
    events.addEventListener("reload", function () {
      window.location.reload();
    });
    events.addEventListener("problems", function (e) {
      problems(e.data);
    });
  }

  var worker = null;
  if (window.SharedWorker && script && script.src) {
    try {
      worker = new SharedWorker(script.src, "dll-live");
    } catch (err) {
      worker = null;
    }
  }
  if (!worker) {
    own();
    return;
  }
  worker.onerror = own;
  worker.port.onmessage = function (e) {
    var m = e.data || {};
    if (m.type === "reload") {
      window.location.reload();
    } else if (m.type === "problems") {
      problems(m.data);
    } else if (m.type === "alone") {
      own();
    }
  };
  worker.port.start();
  worker.port.postMessage({type: "hello", gen: gen});
  window.addEventListener("pagehide", function () {
    worker.port.postMessage({type: "bye"});
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) { // back from the back-forward cache: perhaps out of date
      worker.port.postMessage({type: "hello", gen: gen});
    }
  });

  // shared runs in the shared worker: one event stream for every open page
  // of the preview, each told what concerns it.
  function shared(scope) {
    var pages = [];     // {port, gen}
    var current = null; // the build the server last said it has
    var last = null;    // the data of the last problems event, while there are problems
    var source = null;

    function post(page, type, data) {
      try {
        page.port.postMessage({type: type, data: data});
      } catch (err) {
        // the page is gone
      }
    }
    function open(first) {
      current = first;
      source = new EventSource(EVENTS + (first ? "?gen=" + encodeURIComponent(first) : ""));
      source.addEventListener("reload", function (e) {
        current = e.data;
        last = null;
        pages.forEach(function (p) {
          if (p.gen !== current) {
            post(p, "reload");
          }
        });
      });
      source.addEventListener("problems", function (e) {
        last = e.data === "[]" ? null : e.data;
        pages.forEach(function (p) {
          post(p, "problems", e.data);
        });
      });
    }

    scope.onconnect = function (e) {
      var page = {port: e.ports[0], gen: ""};
      page.port.onmessage = function (m) {
        var msg = m.data || {};
        if (msg.type === "bye") {
          pages = pages.filter(function (p) { return p !== page; });
          return;
        }
        if (msg.type !== "hello") {
          return;
        }
        page.gen = String(msg.gen || "");
        if (pages.indexOf(page) < 0) {
          pages.push(page);
        }
        if (!scope.EventSource) {
          post(page, "alone");
          return;
        }
        if (!source) {
          open(page.gen);
          return;
        }
        // A page read from a build older than the last the server told
        // of reloads now; one read from a newer build hears of it soon.
        if (page.gen && current && Number(page.gen) < Number(current)) {
          post(page, "reload");
          return;
        }
        if (last) {
          post(page, "problems", last);
        }
      };
      page.port.start();
    };
  }
})();
