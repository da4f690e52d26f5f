// Live reload for `congkhai serve`. The server adds this script to the HTML
// pages it serves; it is never part of a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me.getAttribute("data-build");
  var here = location.pathname;
  if (here.charAt(here.length - 1) === "/") here += "index.html";

  function overlay(html) {
    var old = document.getElementById("congkhai-overlay");
    if (old) old.parentNode.removeChild(old);
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }

  function data(e) {
    try {
      return JSON.parse(e.data);
    } catch (err) {
      return {};
    }
  }

  // EventSource reconnects by itself when the server restarts; the greeting
  // then says whether this page is out of date.
  var events = new EventSource("/__congkhai/events");
  events.addEventListener("hello", function (e) {
    var s = data(e);
    if (s.build !== build) location.reload();
    else overlay(s.overlay);
  });
  events.addEventListener("reload", function (e) {
    var s = data(e);
    if (!s.paths || s.paths.indexOf(here) >= 0) location.reload();
    else build = s.build;
  });
  events.addEventListener("errors", function (e) {
    overlay(data(e).overlay);
  });
})();
