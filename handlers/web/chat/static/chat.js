// The web chat without page reloads: forms are sent in the background, new messages come as
// server-sent events into the live region. Without this file every form still works (a post
// and a redirect); nothing here loads anything from elsewhere.
(() => {
  "use strict";
  const log = document.getElementById("messages");
  const status = document.getElementById("status");
  if (!log || !window.fetch || !window.EventSource) return;
  let stream = null;

  const place = (html) => {
    const tpl = document.createElement("template");
    tpl.innerHTML = html;
    for (const el of Array.from(tpl.content.children)) {
      const old = el.id ? document.getElementById(el.id) : null;
      if (old) old.replaceWith(el); else log.append(el);
    }
  };

  const listen = () => {
    if (stream) return;
    const after = log.dataset.after || "0";
    stream = new EventSource("/chat/events?after=" + encodeURIComponent(after));
    stream.onmessage = (event) => place(event.data);
  };
  if (log.dataset.events) listen();

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-chat")) return;
    event.preventDefault();
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    status.textContent = "";
    let answer;
    try {
      answer = await fetch(form.getAttribute("action"), {method: "POST", body: data, headers: {"X-Chat-Script": "1"}});
    } catch (error) {
      status.textContent = log.dataset.offline || "…";
      return;
    }
    if (!answer.ok) {
      status.textContent = await answer.text();
      return;
    }
    if (form.hasAttribute("data-ask")) {
      form.reset();
      form.querySelector("textarea").focus();
    }
    listen();
  });
})();
