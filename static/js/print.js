// "Print this schedule" buttons: <button type="button" hidden data-print>.
// Without JavaScript the buttons stay hidden (the browser's own Print gives the same paper);
// with it, each button is shown and opens the print dialog. print.css hides them on paper.
(function () {
  "use strict";

  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
