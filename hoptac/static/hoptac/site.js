/* The header's menu on a phone: closed until the Menu button opens it. Without JavaScript the
   button stays hidden and the whole menu is shown, so nothing depends on this file. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".nav-toggle");
  if (!toggle) return;
  var phone = window.matchMedia("(max-width: 720px)");
  function set(open) {
    header.classList.toggle("menu-closed", !open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.hidden = false;
  set(!phone.matches);
  toggle.addEventListener("click", function () {
    set(header.classList.contains("menu-closed"));
  });
  phone.addEventListener("change", function (e) { set(!e.matches); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && phone.matches && !header.classList.contains("menu-closed")) {
      set(false);
      toggle.focus();
    }
  });
})();

/* A read-only address to copy (a calendar feed): one click selects all of it. In a file, not an
   onclick attribute, which the Content-Security-Policy refuses. */
document.addEventListener("click", function (e) {
  var field = e.target.closest && e.target.closest("[data-select-on-click]");
  if (field && field.select) field.select();
});
