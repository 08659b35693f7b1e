// kura's local console: a plain script that lays out what the server sends. Every word comes from
// the server (the core's catalogs); every decision is the core's. Text is only ever set with
// textContent, so nothing a message says can become markup.

const $ = (id) => document.getElementById(id);
const state = {
  locale: localStorage.getItem("kura.lang") || undefined,
  person: localStorage.getItem("kura.person") || undefined,
  strings: {},
  people: [],
  interactive: false,
  messages: new Map(),
  stream: undefined,
};

const t = (key) => state.strings[key] ?? key;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

/** `code` spans (the catalogs use backticks, as Slack does) as <code>; the rest as plain text. */
function rich(text) {
  return String(text)
    .split("`")
    .map((part, i) => (i % 2 === 1 ? el("code", {}, part) : document.createTextNode(part)));
}

function paragraphs(text, cls) {
  return String(text)
    .split("\n")
    .map((line) => el("p", { class: cls }, rich(line)));
}

async function api(path, body) {
  const params = new URLSearchParams({ lang: state.locale ?? "", person: state.person ?? "" });
  const init = body
    ? {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ person: state.person, ...body }),
      }
    : {};
  const res = await fetch(`/console/api/${path}?${params}`, init);
  if (res.status === 401) {
    showSignIn();
    throw new Error("token required");
  }
  return res.json();
}

// ---- messages -------------------------------------------------------------------------------

function factList(facts) {
  if (!facts?.length) return undefined;
  return el(
    "dl",
    { class: "facts" },
    facts.map((f) => el("div", {}, el("dt", {}, f.label), el("dd", {}, rich(f.value)))),
  );
}

function progressBar(percent, label) {
  const bar = el("div", {
    class: "bar",
    role: "progressbar",
    "aria-valuemin": "0",
    "aria-valuemax": "100",
    "aria-valuenow": String(Math.round(percent)),
    "aria-label": label,
  });
  const fill = el("span");
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  bar.append(fill);
  return bar;
}

function cardView(d) {
  const actions = state.interactive
    ? d.actions.map((a) =>
        el(
          "button",
          {
            type: "button",
            class: `action ${a.action}`,
            dataset: { action: a.action },
            onclick: () => act(a.action, d.requestId),
          },
          a.label,
        ),
      )
    : [];
  return el(
    "article",
    { class: `card status-${d.status}`, dataset: { requestId: d.requestId, status: d.status } },
    el("h3", {}, rich(d.title)),
    factList(d.facts),
    d.notes.length
      ? el(
          "ul",
          { class: "notes" },
          d.notes.map((n) => el("li", { class: `note ${n.level}` }, rich(n.text))),
        )
      : undefined,
    d.progress
      ? el(
          "div",
          { class: "progress" },
          el("p", {}, rich(d.progress.text)),
          d.progress.percent === undefined ? undefined : progressBar(d.progress.percent, d.progress.text),
        )
      : undefined,
    actions.length ? el("div", { class: "actions" }, actions) : undefined,
  );
}

function noticeView(n) {
  const button =
    n.action && state.interactive
      ? el("button", { type: "button", class: "action", onclick: () => suggest(n.action) }, n.action.label)
      : undefined;
  return el(
    "div",
    { class: "notice" },
    el("p", { class: "notice-text" }, rich(n.text)),
    n.details.length
      ? el(
          "ul",
          { class: "details" },
          n.details.map((d) => el("li", {}, rich(d))),
        )
      : undefined,
    button,
  );
}

function displayView(d) {
  switch (d.kind) {
    case "card":
      return cardView(d);
    case "line":
      return el("p", { class: "line" }, rich(d.text));
    case "notice":
      return noticeView(d.notice);
    case "burst":
      return el(
        "div",
        { class: "burst" },
        el("p", { class: "notice-text" }, rich(d.title)),
        d.notices.map(noticeView),
        d.more ? el("p", {}, d.more) : undefined,
      );
    case "private":
      return el(
        "div",
        { class: "private" },
        paragraphs(d.text),
        d.remedy ? paragraphs(d.remedy, "remedy") : undefined,
      );
    case "reply":
      return el(
        "div",
        { class: "reply" },
        paragraphs(d.text, "reply-text"),
        factList(d.facts),
        d.lines.length
          ? el(
              "ul",
              { class: "lines" },
              d.lines.map((line) => el("li", {}, paragraphs(line))),
            )
          : undefined,
      );
  }
  return el("p", {}, "?");
}

function time(iso) {
  return el(
    "time",
    { datetime: iso },
    new Date(iso).toLocaleTimeString(state.locale === "ja" ? "ja-JP" : "en-GB", {
      hour: "2-digit",
      minute: "2-digit",
    }),
  );
}

function messageView(m, replies) {
  const head = el(
    "div",
    { class: "meta" },
    el("strong", {}, "kura"),
    " ",
    time(m.at),
    m.private ? el("span", { class: "only-you" }, t("console.onlyYou")) : undefined,
  );
  const thread = replies.length
    ? el(
        "ol",
        { class: "thread", "aria-label": t("console.replies").replace("{count}", String(replies.length)) },
        replies.map((r) => el("li", { dataset: { id: r.id } }, time(r.at), " ", displayView(r.display))),
      )
    : undefined;
  return el(
    "div",
    { class: `message${m.private ? " is-private" : ""}`, dataset: { id: m.id } },
    el("div", { class: "avatar", "aria-hidden": "true" }, "蔵"),
    el("div", { class: "body" }, head, displayView(m.display), thread),
  );
}

function renderMessages() {
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const all = [...state.messages.values()];
  const children = new Map();
  for (const m of all) if (m.parentId) children.set(m.parentId, [...(children.get(m.parentId) ?? []), m]);
  const roots = all.filter((m) => !m.parentId || !state.messages.has(m.parentId));
  // A command's answer sits where it was asked, among the channel's messages, after a reload too.
  roots.sort((a, b) => a.at.localeCompare(b.at));
  list.replaceChildren(
    ...roots.map((m) => (m.local ? localView(m) : messageView(m, children.get(m.id) ?? []))),
  );
  if (roots.length === 0) list.append(el("p", { class: "empty" }, rich(t("console.empty"))));
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/** A command's answer: shown to whoever typed it, here only (like Slack's ephemeral replies). */
function localView(m) {
  const who = state.people.find((p) => p.id === m.person)?.name ?? m.person;
  return el(
    "div",
    { class: "message is-private local" },
    el("div", { class: "avatar you", "aria-hidden": "true" }, who.slice(0, 1)),
    el(
      "div",
      { class: "body" },
      el(
        "div",
        { class: "meta" },
        el("strong", {}, t("console.you").replace("{name}", who)),
        " ",
        time(m.at),
        el("span", { class: "only-you" }, t("console.onlyYou")),
      ),
      m.typed ? el("p", { class: "typed" }, el("code", {}, m.typed)) : undefined,
      m.display ? displayView(m.display) : undefined,
    ),
  );
}

let localSeq = 0;
function addLocal(typed, display) {
  const id = `local-${++localSeq}`;
  state.messages.set(id, {
    id,
    local: true,
    person: state.person,
    typed,
    display,
    at: new Date().toISOString(),
  });
  renderMessages();
  $("messages").scrollTop = $("messages").scrollHeight;
}

async function loadMessages() {
  const { messages } = await api("messages");
  const locals = [...state.messages.values()].filter((m) => m.local && m.person === state.person);
  state.messages = new Map([...messages, ...locals].map((m) => [m.id, m]));
  renderMessages();
  $("messages").scrollTop = $("messages").scrollHeight;
}

function connect() {
  state.stream?.close();
  const params = new URLSearchParams({ lang: state.locale, person: state.person });
  const stream = new EventSource(`/console/events?${params}`);
  state.stream = stream;
  stream.addEventListener("open", () => setLive(true));
  stream.addEventListener("error", () => setLive(false));
  stream.addEventListener("message", (event) => {
    const m = JSON.parse(event.data);
    state.messages.set(m.id, m);
    renderMessages();
    refreshFleetSoon();
  });
}

function setLive(on) {
  const live = $("live");
  live.textContent = on ? t("console.live") : t("console.offline");
  live.classList.toggle("off", !on);
}

// ---- actions --------------------------------------------------------------------------------

const key = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

async function sendCommand(typed) {
  const answer = await api("command", { text: typed, key: key() });
  if (answer.error) return addLocal(typed, { kind: "private", text: answer.text ?? answer.error });
  addLocal(typed, answer.reply ?? undefined);
  refreshFleetSoon();
}

async function act(action, requestId) {
  if (action === "reject") {
    $("reject-reason").value = "";
    $("reject").dataset.requestId = requestId;
    $("reject").showModal();
    return;
  }
  const answer = await api(action === "cancel" ? "cancel" : "decide", { requestId, approve: true });
  explain(answer);
}

function explain(answer) {
  if (answer.ok) return refreshFleetSoon();
  addLocal("", { kind: "private", text: answer.text ?? answer.error });
}

async function suggest(action) {
  const answer = await api("suggested", { vm: action.vm, action: action.action, key: key() });
  if (answer.reply) addLocal("", answer.reply);
}

// ---- fleet ----------------------------------------------------------------------------------

function rpMeter(rp, vm) {
  const percent = Math.min(100, (rp.count / rp.limit) * 100);
  const bar = el("div", {
    class: `bar rp ${rp.level}`,
    role: "meter",
    "aria-valuemin": "0",
    "aria-valuemax": String(rp.limit),
    "aria-valuenow": String(rp.count),
    "aria-label": `${t("console.restorePoints")} ${vm}: ${rp.text}`,
  });
  const fill = el("span");
  fill.style.width = `${percent}%`;
  const warn = el("i", { class: "warn-mark", "aria-hidden": "true" });
  warn.style.left = `${(rp.warnAt / rp.limit) * 100}%`;
  bar.append(fill, warn);
  return bar;
}

function renderFleet(f) {
  $("fleet-updated").textContent = f.problem ?? f.updated;
  $("vms").replaceChildren(
    ...f.vms.map((vm) =>
      el(
        "li",
        { class: "vm", dataset: { vm: vm.name } },
        el(
          "div",
          { class: "vm-head" },
          el("strong", {}, vm.name),
          el("span", { class: `state ${vm.state}` }, vm.protection),
        ),
        vm.restorePoints
          ? el(
              "div",
              { class: "rp-row" },
              el("span", { class: "label" }, t("console.restorePoints")),
              rpMeter(vm.restorePoints, vm.name),
              el("span", { class: "count" }, vm.restorePoints.text),
            )
          : el("p", { class: "muted small" }, vm.problem ?? ""),
        el(
          "p",
          { class: "muted small" },
          `${t("console.lastBackup")}: ${vm.lastBackup}`,
          vm.restorePoints ? ` · ${vm.restorePoints.forecast}` : "",
        ),
      ),
    ),
  );
  if (f.vms.length === 0 && !f.problem) $("vms").append(el("li", { class: "muted" }, t("console.noVms")));
  $("gc").replaceChildren(
    ...[
      el("p", {}, f.gc.schedule),
      f.gc.open ? el("p", { class: "open-now" }, f.gc.status) : undefined,
      el("p", {}, f.gc.next),
      el("p", { class: "muted small" }, f.gc.reminder),
    ].filter(Boolean),
  );
  $("active").replaceChildren(
    ...(f.active.length
      ? f.active.map((a) =>
          el(
            "li",
            { class: "job" },
            el("div", {}, el("code", {}, a.id), ` ${a.vm} · ${a.status} · ${a.requester}`),
            a.percent === undefined ? undefined : progressBar(a.percent, `${a.vm} ${a.step ?? ""}`),
          ),
        )
      : [el("li", { class: "muted" }, t("console.noActive"))]),
  );
  $("audit").replaceChildren(
    ...(f.audit.length
      ? f.audit.map((a) =>
          el(
            "li",
            {},
            el("span", { class: "muted small" }, a.at),
            " ",
            el("code", {}, a.action),
            ` ${a.vm} · ${a.actor}`,
          ),
        )
      : [el("li", { class: "muted" }, t("console.noAudit"))]),
  );
}

let fleetTimer;
async function refreshFleet() {
  clearTimeout(fleetTimer);
  try {
    renderFleet(await api("fleet"));
  } finally {
    fleetTimer = setTimeout(refreshFleet, 10_000);
  }
}
let soon;
function refreshFleetSoon() {
  clearTimeout(soon);
  soon = setTimeout(refreshFleet, 700);
}

// ---- session, language, person --------------------------------------------------------------

function applyStrings() {
  document.documentElement.lang = state.locale;
  document.title = t("console.title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("command").placeholder = t("console.composerPlaceholder");
  $("lang").value = state.locale;
  $("person").replaceChildren(
    ...state.people.map((p) =>
      el(
        "option",
        { value: p.id, selected: p.id === state.person },
        `${p.name} (${t(`console.role.${p.role}`)})`,
      ),
    ),
  );
  const banner = $("notice");
  banner.hidden = state.interactive;
  banner.textContent = state.interactive ? "" : t("console.readOnly");
  $("composer").hidden = !state.interactive;
}

async function loadSession() {
  const session = await api("session");
  state.locale = session.locale;
  state.strings = session.strings;
  state.people = session.people;
  state.interactive = session.interactive;
  if (!state.people.some((p) => p.id === state.person)) state.person = state.people[0]?.id;
  applyStrings();
  return session;
}

async function start() {
  const session = await loadSession();
  if (!session.signedIn) return showSignIn();
  await loadMessages();
  connect();
  refreshFleet();
}

function showSignIn() {
  if (!$("signin").open) $("signin").showModal();
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const res = await fetch("/console/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: $("token").value }),
  });
  if (!res.ok) {
    $("signin-error").textContent = t("console.tokenWrong");
    return;
  }
  $("signin").close();
  start();
});

$("lang").addEventListener("change", async () => {
  state.locale = $("lang").value;
  localStorage.setItem("kura.lang", state.locale);
  await start();
});

$("person").addEventListener("change", async () => {
  state.person = $("person").value;
  localStorage.setItem("kura.person", state.person);
  await loadMessages();
  connect();
});

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const typed = $("command").value.trim();
  if (!typed || typed === "/backup") return;
  $("command").value = "/backup ";
  await sendCommand(typed);
});

$("reject-form").addEventListener("submit", async (event) => {
  const dialog = $("reject");
  if (event.submitter?.value !== "reject") return;
  const answer = await api("decide", {
    requestId: dialog.dataset.requestId,
    approve: false,
    reason: $("reject-reason").value,
  });
  explain(answer);
});

// The channel and the fleet scroll on their own: keyboard users must be able to reach and scroll them.
$("messages").tabIndex = 0;
document.querySelector("aside.fleet").tabIndex = 0;
start();
