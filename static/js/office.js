// Behaviour every page may use, declared in the markup with data- attributes: the site's
// Content-Security-Policy allows no inline script and no on…= handler attributes.
(function () {
  "use strict";

  // <form data-confirm="…"> and <button data-confirm="…">: ask before going on.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // <input type="checkbox" data-check-all="input[name=step]">: ticks or clears them all.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.dataset && box.dataset.checkAll) {
      document.querySelectorAll(box.dataset.checkAll).forEach(function (c) { c.checked = box.checked; });
    }
    // <select data-autosubmit>: choosing sends its form.
    if (box.matches && box.matches("select[data-autosubmit]")) {
      box.form.submit();
    }
  });

  // <form data-form-controls>: Django's plain widgets get Bootstrap's look;
  // data-form-controls="sm" also styles selects and uses the small size.
  // A checkbox or a radio gets Bootstrap's check look, not a text box's.
  document.querySelectorAll("form[data-form-controls]").forEach(function (form) {
    var boxes = "input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (el) {
      el.classList.add("form-check-input");
    });
    if (form.dataset.formControls === "sm") {
      form.querySelectorAll(boxes + ", select").forEach(function (el) {
        el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control", "form-control-sm");
      });
    } else {
      form.querySelectorAll(boxes + ", textarea").forEach(function (el) { el.classList.add("form-control"); });
    }
  });

  // <form data-mark-shown> on the notification list: the unread ones shown are marked read by a
  // POST once the page is open (a GET writes nothing); the bell's count follows the answer.
  document.querySelectorAll("form[data-mark-shown]").forEach(function (form) {
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) {
        return;
      }
      document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
        if (answer.unread) {
          badge.textContent = answer.unread;
        } else {
          badge.remove();
        }
      });
      var text = form.querySelector("[data-mark-shown-text]");
      form.querySelector("button").remove();
      text.textContent = "本页新通知已标为已读。";
    });
  });

  // People pickers (office/pickers.py): the text box sends what was typed as "q", whatever the
  // form field's name; a click on a match puts its 工号 in the box and closes the list. A box
  // for several people (data-picker-multi) searches for the last word only, and a click
  // replaces that word.
  var PICKER_SEPARATORS = /[\s,，、;；]+/;
  function lastWord(box) {
    var words = box.value.split(PICKER_SEPARATORS);
    return words[words.length - 1];
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var box = event.detail.elt;
    if (box.matches && box.matches("[data-staff-picker]")) {
      delete event.detail.parameters[box.name];
      event.detail.parameters.q = box.matches("[data-picker-multi]") ? lastWord(box) : box.value;
    }
  });
  document.addEventListener("click", function (event) {
    var pick = event.target.closest && event.target.closest("[data-pick]");
    var picker = pick && pick.closest("[data-picker-box]");
    if (!picker) {
      return;
    }
    var input = picker.querySelector("[data-staff-picker]");
    // data-picker-append="<id>": a picker that collects several people adds each 工号 to that
    // box (once) and empties itself for the next search.
    var list = picker.dataset.pickerAppend && document.getElementById(picker.dataset.pickerAppend);
    if (list) {
      var numbers = list.value.split(PICKER_SEPARATORS).filter(Boolean);
      if (numbers.indexOf(pick.dataset.pick) < 0) {
        numbers.push(pick.dataset.pick);
      }
      list.value = numbers.join(" ");
      input.value = "";
    } else if (input.matches("[data-picker-multi]")) {
      var typed = lastWord(input);
      input.value = input.value.slice(0, input.value.length - typed.length) + pick.dataset.pick + " ";
    } else {
      input.value = pick.dataset.pick;
    }
    picker.querySelector(".picker-results").replaceChildren();
    input.focus();
  });
})();
