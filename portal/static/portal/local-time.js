// Adds an event's start and end in the visitor's own time zone when it differs
// from the event's. The page is complete without it.
(function () {
  "use strict";
  var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("[data-visitor-time]").forEach(function (el) {
    if (!visitorZone || visitorZone === el.dataset.zone) {
      return;
    }
    var start = new Date(el.dataset.start);
    var end = new Date(el.dataset.end);
    // dateStyle/timeStyle cannot be combined with timeZoneName: name the parts.
    var format = new Intl.DateTimeFormat(lang, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    var text = format.formatRange ? format.formatRange(start, end) : format.format(start) + " – " + format.format(end);
    el.textContent = el.dataset.label + " " + text;
    el.hidden = false;
  });
})();
