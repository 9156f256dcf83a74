// 打卡屏: shows the code of the current time step and swaps it on time by itself. The server
// sends the next few steps' codes ahead (each valid only in its own step), so a short loss of
// the network changes nothing on the screen; past the last code it says so and keeps retrying.
(function () {
  "use strict";
  const root = document.getElementById("kiosk");
  if (!root) return;
  const box = document.getElementById("kiosk-code");
  const offline = document.getElementById("kiosk-offline");
  const countdown = document.getElementById("kiosk-countdown");
  const url = root.dataset.codesUrl;
  const first = box.dataset;
  let codes = [{ step: Number(first.step), from: Number(first.from), until: Number(first.until), svg: box.innerHTML }];
  // Server time minus this screen's: the steps are the server's, whatever the screen's clock says.
  let skew = Number(first.now) - Date.now();
  let timer = null;

  function now() {
    return Date.now() + skew;
  }

  function draw() {
    const t = now();
    const code = codes.find((c) => c.from <= t && t < c.until);
    if (code) {
      if (box.dataset.step !== String(code.step)) {
        box.innerHTML = code.svg;
        box.dataset.step = String(code.step);
      }
      countdown.textContent = Math.ceil((code.until - t) / 1000) + " 秒后更换二维码";
    }
    box.parentElement.hidden = !code;
    countdown.hidden = !code;
    offline.hidden = Boolean(code);
  }

  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  }

  async function refresh() {
    try {
      const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      if (response.status === 403) {
        // Revoked: stop showing codes that no longer count, and stop asking.
        codes = [];
        offline.querySelector("p").textContent = (await response.json()).error;
        draw();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      skew = data.now - Date.now();
      codes = data.codes;
      draw();
      // Again just after the next step begins.
      later(Math.max(1000, codes[0].until - now() + 300));
    } catch (error) {
      draw();
      later(5000);
    }
  }

  setInterval(draw, 500);
  refresh();
})();
