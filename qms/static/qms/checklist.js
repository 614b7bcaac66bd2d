// The audit checklist: "Save item N" saves that item without leaving the page, so the
// auditor keeps the place. Without this script the button posts the form and the page comes
// back to the item's anchor.
(function () {
  "use strict";

  function fieldsOf(item, form) {
    var pk = item.dataset.item;
    var data = new FormData();
    var checked = item.querySelector('input[name="' + pk + '-result"]:checked');
    data.append(pk + "-result", checked ? checked.value : "");
    data.append(pk + "-evidence", item.querySelector('textarea[name="' + pk + '-evidence"]').value);
    data.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    return data;
  }

  function showAnswer(item, body) {
    var answer = item.querySelector("[data-answer]");
    answer.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = body.result || "";
    var small = document.createElement("span");
    small.className = "small text-body-secondary";
    small.textContent = " " + [body.answered, body.message].filter(Boolean).join(" · ");
    if (body.result) {
      answer.appendChild(strong);
    }
    answer.appendChild(small);
    item.classList.toggle("qms-unanswered", !body.result);
  }

  function showProgress(body) {
    document.querySelector("[data-progress]").textContent = body.progress;
    var next = document.querySelector("[data-next]");
    next.classList.toggle("d-none", !body.next);
    next.setAttribute("href", body.next ? "#item-" + body.next : "#progress");
  }

  function showErrors(item, messages) {
    var box = item.querySelector("[data-errors]");
    box.textContent = "";
    messages.forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    item.querySelector("textarea").classList.toggle("is-invalid", messages.length > 0);
  }

  function save(button, form) {
    var item = button.closest("[data-item]");
    button.disabled = true;
    fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: fieldsOf(item, form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) {
            showErrors(item, []);
            showAnswer(item, body);
            showProgress(body);
          } else {
            showErrors(item, body.errors || []);
          }
        });
      })
      .catch(function () {
        // The network failed: post the form the plain way, which comes back to the item.
        form.requestSubmit(button);
      })
      .finally(function () {
        button.disabled = false;
        button.focus({ preventScroll: true });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("checklist");
    if (!form || !window.fetch) {
      return;
    }
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-save-item]");
      if (!button) {
        return;
      }
      event.preventDefault();
      save(button, form);
    });
  });
})();
