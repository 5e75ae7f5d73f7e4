// Streams a running run's log into the page (server-sent events from /api/v1/runs/{id}/log/stream);
// a queued run's outcome turns to running with its first line; when the run ends, reloads so steps, resources and
// outcome show their final state.
(function () {
  const log = document.getElementById("log");
  if (!log || log.dataset.live !== "true") return;
  const outcome = document.querySelector("#outcome .badge");
  const source = new EventSource(`/api/v1/runs/${encodeURIComponent(log.dataset.run)}/log/stream?after=${log.dataset.after}`);
  source.addEventListener("line", (e) => {
    if (outcome && outcome.classList.contains("queued")) { outcome.textContent = "running"; outcome.className = "badge running"; }
    const line = JSON.parse(e.data);
    const span = document.createElement("span");
    span.className = line.stream;
    span.textContent = line.text;
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(span);
    if (atBottom) log.scrollTop = log.scrollHeight;
  });
  source.addEventListener("end", (e) => {
    source.close();
    const end = JSON.parse(e.data);
    const live = document.getElementById("live");
    if (live) { live.textContent = end.outcome; live.className = "badge " + end.outcome; }
    // Not when the user is already leaving: a reload then would cancel the navigation they started.
    const reload = setTimeout(() => location.reload(), 1500);
    window.addEventListener("beforeunload", () => clearTimeout(reload));
  });
})();
