// A box that shows work in progress (data-poll-url) asks the server for its state again every
// few seconds, waiting longer each time, and takes in the answer; the box is a polite live
// region, so a screen reader announces the change. It stops once the answer no longer asks to
// be polled. Without JavaScript the box offers a link that reloads the page.
(function () {
  "use strict";

  var FIRST_DELAY = 3000;
  var LONGEST_DELAY = 30000;

  function poll(box, delay) {
    window.setTimeout(function () {
      fetch(box.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var answer = new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
          if (!answer) throw new Error("empty answer");
          // Replace the content, not the box: a live region announces changes inside itself.
          box.innerHTML = answer.innerHTML;
          if (answer.dataset.pollUrl) {
            poll(box, Math.min(delay * 1.5, LONGEST_DELAY));
          } else {
            delete box.dataset.pollUrl;
          }
        })
        .catch(function () {
          poll(box, Math.min(delay * 2, LONGEST_DELAY));
        });
    }, delay);
  }

  document.querySelectorAll("[data-poll-url]").forEach(function (box) {
    poll(box, FIRST_DELAY);
  });
})();
