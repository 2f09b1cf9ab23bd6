/*
 * Quick exit on the public report pages, after GOV.UK's "Exit this page": the button at the
 * top, or the Shift key pressed three times within two seconds, replaces this page with a
 * neutral site (location.replace, so Back does not come back here). Without JavaScript the
 * button is a plain link to the same site. Served from the server's binary; no inline script.
 */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  var presses = 0;
  var timer = null;

  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.hidden = true;
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    if (event.repeat) {
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 2000);
    if (presses >= 3) {
      leave(event);
    }
  });
}());
