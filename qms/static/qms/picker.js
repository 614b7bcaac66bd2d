// The pickers of qms/agencies/widgets.py: search by name or code, with or without diacritics,
// filter by level and status where the picker offers them, and select or clear every row shown. The rows are all in the
// page; this only hides and ticks them. Without this file the list of checkboxes still works.
(function () {
  "use strict";

  function fold(text) {
    return text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function setUp(picker) {
    var tools = picker.querySelector(".qms-picker-tools");
    var search = picker.querySelector("[data-picker-search]");
    var level = picker.querySelector("[data-picker-level]");
    var status = picker.querySelector("[data-picker-status]");
    var count = picker.querySelector("[data-picker-count]");
    var rows = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-row]"));
    if (!tools) return;
    tools.hidden = false;

    function shown() {
      return rows.filter(function (row) { return !row.hidden; });
    }

    function box(row) {
      return row.querySelector("input[type=checkbox]");
    }

    function tell() {
      var chosen = rows.filter(function (row) { return box(row).checked; }).length;
      count.textContent = count
        .getAttribute("data-template")
        .replace("{chosen}", String(chosen))
        .replace("{shown}", String(shown().length))
        .replace("{total}", String(rows.length));
    }

    function apply() {
      var words = fold(search.value).split(" ").filter(Boolean);
      rows.forEach(function (row) {
        var text = row.getAttribute("data-search");
        var matches =
          words.every(function (word) { return text.indexOf(word) !== -1; }) &&
          (!level || !level.value || row.getAttribute("data-level") === level.value) &&
          (!status || !status.value || row.getAttribute("data-status") === status.value);
        // A ticked agency stays in sight, so that nothing chosen is hidden from its chooser.
        row.hidden = !matches && !box(row).checked;
      });
      tell();
    }

    function tick(value) {
      shown().forEach(function (row) { box(row).checked = value; });
      apply();
    }

    search.addEventListener("input", apply);
    if (level) level.addEventListener("change", apply);
    if (status) status.addEventListener("change", apply);
    picker.querySelector("[data-picker-all]").addEventListener("click", function () { tick(true); });
    picker.querySelector("[data-picker-none]").addEventListener("click", function () { tick(false); });
    rows.forEach(function (row) { box(row).addEventListener("change", tell); });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-agency-picker]"), setUp);
})();
