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

  // The widget (an iframe on the city's site): before the first message, check that the browser
  // keeps the chat's cookie in the frame. If not, offer the chat in a window of its own and, where
  // the browser has it, the Storage Access API (on the citizen's click).
  const help = document.getElementById("cookie-help");
  const needsCookie = [document.getElementById("eingabe"), document.getElementById("code-section")];
  const probe = async () => {
    const script = {"X-Chat-Script": "1"};
    await fetch("/chat/probe", {method: "POST", headers: script});
    const answer = await fetch("/chat/probe", {headers: script, cache: "no-store"});
    return answer.ok && (await answer.text()) === "1";
  };
  const showHelp = (lost) => {
    help.hidden = !lost;
    for (const part of needsCookie) if (part) part.hidden = lost;
  };
  if (help && !log.dataset.events) {
    probe().then((kept) => {
      if (kept) return showHelp(false);
      showHelp(true);
      const allow = document.getElementById("storage-access");
      if (!allow || typeof document.requestStorageAccess !== "function") return;
      allow.hidden = false;
      allow.addEventListener("click", async () => {
        const said = document.getElementById("cookie-status");
        said.textContent = "";
        try {
          await document.requestStorageAccess();
        } catch (error) {
          said.textContent = help.dataset.denied;
          return;
        }
        if (await probe()) {
          showHelp(false);
          document.getElementById("text").focus();
        } else {
          said.textContent = help.dataset.denied;
        }
      });
    }).catch(() => {});
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-chat")) return;
    event.preventDefault();
    // sent form-urlencoded (no files here): cheaper for the server to read than multipart
    const data = new URLSearchParams(new FormData(form));
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
