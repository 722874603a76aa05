// "Copy link" buttons: <button type="button" hidden data-copy-target="<input id>">.
// Without JavaScript the buttons stay hidden and the address can be selected by hand; with it,
// each button is shown and copies its input's value, saying so in the nearest
// [data-copy-status] live region.
(function () {
  "use strict";

  function announce(status, message) {
    if (!status) return;
    // Clear first so that the same message is announced again on a second click.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) {
          resolve();
        } else {
          reject(new Error("copy refused"));
        }
      } catch (error) {
        reject(error);
      }
    });
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) return;
    var scope = button.closest(".subscribe") || document;
    var status = scope.querySelector("[data-copy-status]");
    button.hidden = false;
    input.addEventListener("focus", function () {
      input.select();
    });
    button.addEventListener("click", function () {
      copyText(input).then(
        function () {
          announce(status, "Link copied");
        },
        function () {
          input.focus();
          input.select();
          announce(status, "The link is selected: press Ctrl+C (or Command+C) to copy it.");
        }
      );
    });
  });
})();
