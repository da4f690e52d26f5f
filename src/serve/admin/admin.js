// The editor's side of `congkhai serve`: after a save, the preview rebuilds;
// when the rebuild finds errors, they show over the editor as over the
// pages (file, line, what to do). Unlike the pages, the editor never
// reloads itself: a form being filled in is never lost.
(function () {
  "use strict";
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
  var events = new EventSource("/__congkhai/events");
  events.addEventListener("hello", function (e) {
    overlay(data(e).overlay);
  });
  // A new build is a good one: the errors are gone.
  events.addEventListener("reload", function () {
    overlay("");
  });
  events.addEventListener("errors", function (e) {
    overlay(data(e).overlay);
  });
})();
