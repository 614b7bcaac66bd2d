// The main navigation's menus are <details> and work without this file. It only adds what a
// dropdown is expected to do: one menu open at a time, closed by Escape, by a click elsewhere
// or when the keyboard focus leaves it.
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll(".qms-navbar details.qms-menu"));

  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) return;
      menus.forEach(function (other) {
        if (other !== menu) other.open = false;
      });
    });
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
  });

  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (!menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
})();
