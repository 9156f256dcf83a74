// 系统设置: the annual-leave tiers table gains and loses rows (no inline script: CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-tier-add]");
    if (add) {
      var box = add.closest("[data-setting]");
      var row = box.querySelector("template[data-tier-template]").content.cloneNode(true);
      box.querySelector("[data-tier-rows]").appendChild(row);
      var inputs = box.querySelectorAll("[data-tier-rows] input");
      inputs[inputs.length - 2].focus();
      return;
    }
    var remove = event.target.closest("[data-tier-remove]");
    if (remove) {
      remove.closest("tr").remove();
    }
  });
})();
