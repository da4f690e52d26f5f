// The editor's side of `congkhai serve`: after a save, the preview rebuilds;
// when the rebuild finds errors, they show over the editor as over the
// pages (file, line, what to do). Unlike the pages, the editor never
// reloads itself: a form being filled in is never lost.
(function () {
  "use strict";
  // The editor starts here (index.html asks it to wait), once the words its
  // Vietnamese interface lacks are added: it would show them in English.
  if (window.CMS) {
    try {
      var widgets = CMS.getLocale("vi").editor.editorWidgets;
      if (!widgets.list) widgets.list = { add: "Thêm %{item}", addType: "Thêm %{item}" };
    } catch (err) {
      // A newer editor with other words: start it as it is.
    }
    CMS.init();
  }
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
