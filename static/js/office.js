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

  // People pickers (office/pickers.py): the search box sends what was typed as "q", whatever
  // the form field's name. One person (StaffPickerField): a click on a match puts its 工号 in
  // the box. Several (StaffListPickerField, office/_staff_list_picker.html): the box of 工号s is
  // hidden behind chips and a search box; a click on a match adds a chip and the 工号, a chip's
  // × takes both away. The box is still what the form posts.
  var PICKER_SEPARATORS = /[\s,，、;；]+/;
  function listWords(box) {
    return box.value.split(PICKER_SEPARATORS).filter(Boolean);
  }
  document.querySelectorAll("[data-staff-list]").forEach(function (list) {
    list.querySelectorAll("[data-picker-live]").forEach(function (el) { el.hidden = false; });
    list.querySelectorAll("[data-picker-plain]").forEach(function (el) { el.hidden = true; });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var box = event.detail.elt;
    if (box.matches && box.matches("[data-staff-picker]")) {
      delete event.detail.parameters[box.name];
      event.detail.parameters.q = box.value;
    }
  });
  function addChip(list, pick) {
    var box = list.querySelector("[data-picker-list]");
    var status = list.querySelector("[data-picker-status]");
    var staffNo = pick.dataset.pick;
    var label = pick.dataset.pickName + "（" + staffNo + "）";
    var words = listWords(box);
    var chosen = Array.prototype.some.call(list.querySelectorAll("[data-chip]"), function (chip) {
      return chip.dataset.staffNo === staffNo || chip.dataset.chip === staffNo;
    });
    if (chosen || words.indexOf(staffNo) >= 0) {
      status.textContent = label + "已在名单中";
      return;
    }
    box.value = words.concat([staffNo]).join(" ");
    var chip = list.querySelector("[data-chip-template]").content.firstElementChild.cloneNode(true);
    chip.dataset.chip = staffNo;
    chip.dataset.staffNo = staffNo;
    chip.querySelector("[data-chip-label]").textContent = label;
    chip.querySelector("[data-unpick]").setAttribute("aria-label", "移除" + label);
    list.querySelector("[data-picker-chips]").appendChild(chip);
    status.textContent = "已添加" + label;
  }
  function removeChip(chip) {
    var list = chip.closest("[data-staff-list]");
    var box = list.querySelector("[data-picker-list]");
    box.value = listWords(box).filter(function (w) { return w !== chip.dataset.chip; }).join(" ");
    list.querySelector("[data-picker-status]").textContent =
      "已移除" + chip.querySelector("[data-chip-label]").textContent;
    chip.remove();
    list.querySelector("[data-staff-picker]").focus();
  }
  function closeResults(picker) {
    picker.querySelector(".picker-results").replaceChildren();
    picker.querySelector("[data-staff-picker]").focus();
  }
  document.addEventListener("click", function (event) {
    var unpick = event.target.closest && event.target.closest("[data-unpick]");
    if (unpick) {
      removeChip(unpick.closest("[data-chip]"));
      return;
    }
    var pick = event.target.closest && event.target.closest("[data-pick]");
    var picker = pick && pick.closest("[data-picker-box]");
    if (!picker) {
      return;
    }
    var input = picker.querySelector("[data-staff-picker]");
    if (picker.matches("[data-staff-list]")) {
      addChip(picker, pick);
      input.value = "";
    } else {
      input.value = pick.dataset.pick;
    }
    closeResults(picker);
  });
  // The keyboard: ↓ from the search box into the matches, ↑/↓ between them (Enter or Space
  // picks, as on any button), Esc back to the box; in a list, Enter in the box picks the first
  // match instead of sending the form half filled.
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    var picker = el.closest && el.closest("[data-picker-box]");
    if (!picker) {
      return;
    }
    var matches = Array.prototype.slice.call(picker.querySelectorAll(".picker-results [data-pick]"));
    var at = matches.indexOf(el);
    if (el.matches("[data-staff-picker]")) {
      if (event.key === "ArrowDown" && matches.length) {
        event.preventDefault();
        matches[0].focus();
      } else if (event.key === "Enter" && picker.matches("[data-staff-list]")) {
        event.preventDefault();
        if (matches.length) {
          matches[0].click();
        }
      } else if (event.key === "Escape") {
        closeResults(picker);
      }
    } else if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var next = matches[at + (event.key === "ArrowDown" ? 1 : -1)];
      (next || (event.key === "ArrowUp" ? picker.querySelector("[data-staff-picker]") : el)).focus();
    } else if (at >= 0 && event.key === "Escape") {
      closeResults(picker);
    }
  });
})();
