// The task list on a phone: its nine filters fold under their summary, so the tasks come first.
// Without JavaScript, or with a filter in error, they stay open.
(function () {
  "use strict";
  var fold = document.querySelector("details.filters-fold");
  if (!fold || !window.matchMedia("(max-width: 720px)").matches) return;
  if (fold.querySelector(".error")) return;
  fold.open = false;
})();
