// The rows of a Django formset table (the steps and the records of a draft) insert, move and
// delete like a table's. The page works without this file: the server sends blank rows, and a
// row left empty is dropped. Rows keep the formset's names (steps-0-content …): after each
// change every row is renumbered in place and TOTAL_FORMS counts them, so the server reads
// them in the order shown.
(function () {
  "use strict";

  var status = document.getElementById("rows-status");

  function say(text) {
    if (status) status.textContent = text;
  }

  function label(table, name, n) {
    return (table.getAttribute("data-label-" + name) || "").replace("{n}", String(n));
  }

  function renumberAttribute(element, attribute, pattern, replacement) {
    var value = element.getAttribute(attribute);
    if (value) element.setAttribute(attribute, value.replace(pattern, replacement));
  }

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  function button(text, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm btn-outline-secondary " + className;
    element.textContent = text;
    return element;
  }

  function renumber(table) {
    var prefix = table.getAttribute("data-prefix");
    var pattern = new RegExp(prefix + "-(\\d+|__prefix__)-", "g");
    var rows = rowsOf(table);
    rows.forEach(function (row, index) {
      var replacement = prefix + "-" + index + "-";
      row.querySelectorAll("[name], [id], label[for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          renumberAttribute(el, attribute, pattern, replacement);
        });
      });
      var n = index + 1;
      row.querySelector(".qms-number").textContent = String(n);
      var actions = row.querySelector(".qms-row-actions");
      actions.querySelector(".qms-insert").setAttribute("aria-label", label(table, "insert", n));
      actions.querySelector(".qms-up").setAttribute("aria-label", label(table, "up", n));
      actions.querySelector(".qms-down").setAttribute("aria-label", label(table, "down", n));
      actions.querySelector(".qms-delete").setAttribute("aria-label", label(table, "delete", n));
      actions.querySelector(".qms-up").disabled = index === 0;
      actions.querySelector(".qms-down").disabled = index === rows.length - 1;
    });
    document.getElementById("id_" + prefix + "-TOTAL_FORMS").value = String(rows.length);
  }

  function addActions(table, row) {
    var cell = row.querySelector(".qms-row-actions");
    var labels = table.closest("section").querySelector(".qms-row-action-texts");
    cell.hidden = false;
    cell.textContent = "";
    var group = document.createElement("div");
    group.className = "qms-row-buttons";
    group.appendChild(button(labels.getAttribute("data-insert"), "qms-insert"));
    group.appendChild(button(labels.getAttribute("data-up"), "qms-up"));
    group.appendChild(button(labels.getAttribute("data-down"), "qms-down"));
    group.appendChild(button(labels.getAttribute("data-delete"), "qms-delete"));
    cell.appendChild(group);
  }

  function newRow(section, table) {
    var template = section.querySelector("template.qms-empty-row");
    var row = template.content.querySelector("tr").cloneNode(true);
    addActions(table, row);
    return row;
  }

  function firstField(row) {
    return row.querySelector("textarea, input:not([type=hidden]), select");
  }

  function onClick(section, table, event) {
    var target = event.target.closest("button");
    if (!target || !table.contains(target)) return;
    var row = target.closest("tr");
    var body = table.tBodies[0];
    if (target.classList.contains("qms-insert")) {
      var added = newRow(section, table);
      body.insertBefore(added, row.nextSibling);
      renumber(table);
      say(label(table, "inserted", rowsOf(table).indexOf(added) + 1));
      firstField(added).focus();
    } else if (target.classList.contains("qms-up") && row.previousElementSibling) {
      body.insertBefore(row, row.previousElementSibling);
      renumber(table);
      say(label(table, "moved", rowsOf(table).indexOf(row) + 1));
      (target.disabled ? row.querySelector(".qms-down") : target).focus();
    } else if (target.classList.contains("qms-down") && row.nextElementSibling) {
      body.insertBefore(row.nextElementSibling, row);
      renumber(table);
      say(label(table, "moved", rowsOf(table).indexOf(row) + 1));
      (target.disabled ? row.querySelector(".qms-up") : target).focus();
    } else if (target.classList.contains("qms-delete")) {
      var next = row.nextElementSibling || row.previousElementSibling;
      body.removeChild(row);
      if (!rowsOf(table).length) body.appendChild(newRow(section, table));
      renumber(table);
      say(label(table, "deleted", 0));
      var focus = next && next.parentNode ? next.querySelector(".qms-delete") : null;
      (focus || section.querySelector(".qms-add-row")).focus();
    }
  }

  function enhance(section) {
    var table = section.querySelector("table.qms-rows");
    if (!table || !section.querySelector(".qms-row-action-texts")) return;
    section.querySelectorAll(".qms-js-only").forEach(function (el) {
      el.hidden = false;
    });
    section.querySelectorAll(".qms-no-js-hint").forEach(function (el) {
      el.hidden = true;
    });
    rowsOf(table).forEach(function (row) {
      addActions(table, row);
    });
    renumber(table);
    table.addEventListener("click", function (event) {
      onClick(section, table, event);
    });
    section.querySelector(".qms-add-row").addEventListener("click", function () {
      var added = newRow(section, table);
      table.tBodies[0].appendChild(added);
      renumber(table);
      say(label(table, "inserted", rowsOf(table).length));
      firstField(added).focus();
    });
  }

  // Letters without their marks, so that "bien ban" finds "Biên bản".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase();
  }

  function filterPicker(picker) {
    var choices = Array.prototype.slice.call(picker.querySelectorAll(".form-check"));
    if (choices.length < 8) return;
    var id = "form-filter";
    var field = document.createElement("div");
    field.className = "mb-2";
    var caption = document.createElement("label");
    caption.className = "form-label small mb-0";
    caption.htmlFor = id;
    caption.textContent = picker.getAttribute("data-filter-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    var none = document.createElement("p");
    none.className = "small text-body-secondary mb-0";
    none.textContent = picker.getAttribute("data-none-label");
    none.hidden = true;
    field.appendChild(caption);
    field.appendChild(input);
    picker.querySelector("legend").after(field);
    picker.querySelector(".qms-form-choices").after(none);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      choices.forEach(function (choice) {
        var text = fold(choice.textContent);
        var checked = choice.querySelector("input").checked;
        var match = checked || words.every(function (word) { return text.indexOf(word) >= 0; });
        choice.hidden = !match;
        if (match) shown += 1;
      });
      none.hidden = shown > 0;
    });
  }

  document.querySelectorAll("form.qms-revision-form section").forEach(enhance);
  document.querySelectorAll(".qms-form-picker").forEach(filterPicker);
})();
