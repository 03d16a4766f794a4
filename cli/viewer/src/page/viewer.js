// rpy view: the searchable function list, a function's graph at a stage (SVG made by rpy),
// the variable and operation panel, the call graph and the class hierarchy.
//
// Data arrives as scripts (data/KEY.js) calling rpyView.loaded(KEY, data), which works both
// from the server and from static files opened in the browser. Routes live in the URL
// fragment: #/f/ID/STAGE[/bBLOCK[/oOP or /eEXIT]], #/callgraph, #/classes.
"use strict";

window.rpyView = (() => {
  const cache = {};
  const waiting = {};
  let index = null;
  let stage = "annotated";
  let current = null; // data of the function shown
  let shown = 0; // counts routes, so that a slow load does not replace a later view

  const $ = (id) => document.getElementById(id);

  function load(key) {
    if (cache[key]) return Promise.resolve(cache[key]);
    if (!waiting[key]) {
      const w = {};
      w.promise = new Promise((resolve, reject) => { w.resolve = resolve; w.reject = reject; });
      waiting[key] = w;
      const script = document.createElement("script");
      script.src = "data/" + key + ".js";
      script.onload = () => script.remove();
      script.onerror = () => { delete waiting[key]; script.remove(); w.reject(new Error("cannot load " + script.src)); };
      document.head.appendChild(script);
    }
    return waiting[key].promise;
  }

  function loaded(key, data) {
    cache[key] = data;
    if (waiting[key]) { waiting[key].resolve(data); delete waiting[key]; }
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  }

  function funcLink(id) {
    const f = index.functions[id];
    return el("a", { href: "#/f/" + id + "/" + stage, "data-func": id, title: f.name }, f.short);
  }

  // ---------------------------------------------------------------- the function list

  function fillList() {
    const ul = $("functions");
    for (const f of index.functions) {
      const module = f.name.slice(0, f.name.length - f.short.length).replace(/\.$/, "");
      const li = el("li", { "data-func": f.id, "data-name": f.name, title: f.name },
        f.short, el("span", { class: "module" }, module ? "  " + module : ""));
      if (f.error) li.classList.add("broken");
      ul.append(li);
    }
    ul.addEventListener("click", (ev) => {
      const li = ev.target.closest("li");
      if (li) location.hash = "#/f/" + li.dataset.func + "/" + bestStage(+li.dataset.func);
    });
    $("search").addEventListener("input", () => {
      const q = $("search").value.trim().toLowerCase();
      for (const li of ul.children) li.hidden = q !== "" && !li.dataset.name.toLowerCase().includes(q);
    });
  }

  // The chosen stage if the function has it, else the latest stage it has.
  function bestStage(id) {
    const has = index.functions[id].stages;
    const i = index.stages.indexOf(stage);
    if (has[i]) return stage;
    for (let k = has.length - 1; k >= 0; k--) if (has[k]) return index.stages[k];
    return stage;
  }

  // ---------------------------------------------------------------- routes

  function route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/");
    if (parts[0] === "callgraph" || parts[0] === "classes") return showWhole(parts[0]);
    if (parts[0] === "f" && index.functions[+parts[1]]) {
      const block = parts[3] ? +parts[3].slice(1) : null;
      const line = parts[4] ? { kind: parts[4][0] === "e" ? "exit" : "op", k: +parts[4].slice(1) } : null;
      return showFunction(+parts[1], index.stages.includes(parts[2]) ? parts[2] : stage, block, line);
    }
    location.replace(defaultRoute());
  }

  function defaultRoute() {
    const at = index.failure && index.failure.at;
    if (at) return failureRoute(at);
    const f = index.entry != null ? index.entry : 0;
    return "#/f/" + f + "/" + bestStage(f);
  }

  function failureRoute(at) {
    const line = at.op != null ? "/o" + at.op : at.exit != null ? "/e" + at.exit : "";
    return "#/f/" + at.func + "/" + at.stage + "/b" + at.block + line;
  }

  function setStage(s) {
    stage = s;
    for (const r of document.querySelectorAll("input[name=stage]")) r.checked = r.value === s;
  }

  async function showWhole(what) {
    const me = ++shown;
    current = null;
    markCurrent(null);
    $("title").textContent = what === "callgraph" ? "call graph" : "class hierarchy";
    $("calls").textContent = "";
    const data = await load(what);
    if (me === shown) $("graph").innerHTML = data.svg;
  }

  async function showFunction(id, s, block, line) {
    const me = ++shown;
    setStage(s);
    markCurrent(id);
    const f = index.functions[id];
    $("title").textContent = f.name + " (" + s + ")";
    let data;
    try {
      data = await load("f/" + id + "-" + s);
    } catch (e) {
      if (me === shown) $("graph").replaceChildren(el("p", { class: "error-text" }, String(e)));
      return;
    }
    if (me !== shown) return;
    current = data;
    const calls = $("calls");
    calls.replaceChildren();
    if (data.callers.length) calls.append("called by: ", ...data.callers.map(funcLink), " ");
    if (data.callees.length) calls.append("calls: ", ...data.callees.map(funcLink));
    if (data.svg) {
      $("graph").innerHTML = data.svg;
    } else {
      $("graph").replaceChildren(el("p", { class: "note" }, data.missing || ""));
    }
    if (data.error) $("graph").append(el("pre", { class: "error-text" }, data.error));
    if (block != null) focusBlock(block, line);
    else {
      const start = document.querySelector("#graph g.start");
      if (start) start.scrollIntoView({ block: "nearest", inline: "center" });
      $("graph").scrollTop = 0;
    }
  }

  function markCurrent(id) {
    for (const li of document.querySelectorAll("#functions li.current")) li.classList.remove("current");
    const li = id == null ? null : document.querySelector('#functions li[data-func="' + id + '"]');
    if (li) { li.classList.add("current"); li.scrollIntoView({ block: "nearest" }); }
  }

  function focusBlock(block, line) {
    const g = document.querySelector('#graph g[data-block="' + block + '"]');
    if (!g) return;
    const target = line ? g.querySelector("rect.line-bg[data-" + line.kind + '="' + line.k + '"]') : g;
    (target || g).scrollIntoView({ block: "center", inline: "center" });
    if (line && line.kind === "op") showOp(block, line.k);
    if (line && line.kind === "exit") selectLine(g, "exit", line.k);
  }

  function selectLine(g, kind, k) {
    for (const r of document.querySelectorAll("#graph rect.line-bg.selected")) r.classList.remove("selected");
    const r = g && g.querySelector("rect.line-bg[data-" + kind + '="' + k + '"]');
    if (r) r.classList.add("selected");
  }

  // ---------------------------------------------------------------- the info panel

  function showVar(v) {
    for (const t of document.querySelectorAll("#graph .var.selected")) t.classList.remove("selected");
    for (const t of document.querySelectorAll('#graph .var[data-var="' + v + '"]')) t.classList.add("selected");
    const info = (current && current.vars[v]) || {};
    const dl = el("dl", {},
      el("dt", {}, "variable"), el("dd", { id: "info-var" }, "v" + v),
      el("dt", {}, "Python local"), el("dd", { id: "info-local" }, info.name || "—"),
      el("dt", {}, "annotation"), el("dd", { id: "info-ann" }, info.ann || "—"),
      el("dt", {}, "low-level type"), el("dd", { id: "info-ll" }, info.ll || "—"));
    $("info").replaceChildren(el("h3", {}, "v" + v), dl);
  }

  function showOp(block, op) {
    selectLine(document.querySelector('#graph g[data-block="' + block + '"]'), "op", op);
    const info = current && current.ops[block + "." + op];
    if (!info) return;
    const dl = el("dl", {}, el("dt", {}, "operation"), el("dd", { id: "info-op" }, info.text),
      el("dt", {}, "at"), el("dd", {}, info.loc || "(made by rpy)"));
    const parts = [el("h3", {}, "block" + block + ", operation " + op), dl];
    if (info.src) parts.push(el("pre", {}, info.src));
    $("info").replaceChildren(...parts);
  }

  function onGraphClick(ev) {
    const callee = ev.target.closest(".callee");
    if (callee) { location.hash = "#/f/" + callee.dataset.func + "/" + bestStage(+callee.dataset.func); return; }
    const v = ev.target.closest(".var");
    if (v && current) { showVar(v.dataset.var); return; }
    const line = ev.target.closest("[data-op]");
    const block = ev.target.closest("g[data-block]");
    if (line && block && current) showOp(block.dataset.block, line.dataset.op);
  }

  // ---------------------------------------------------------------- start

  async function start() {
    index = await load("index");
    $("program").textContent = index.program;
    if (index.stageErrors.annotated) setStage("flow"); else setStage("annotated");
    for (const r of document.querySelectorAll("input[name=stage]")) {
      r.addEventListener("change", () => {
        const m = location.hash.match(/^#\/f\/(\d+)/);
        stage = r.value;
        if (m) location.hash = "#/f/" + m[1] + "/" + r.value;
      });
    }
    if (index.failure) {
      $("failure").hidden = false;
      $("failure-text").textContent = index.failure.message;
      if (index.failure.at) $("failure-link").href = failureRoute(index.failure.at);
      else $("failure-link").hidden = true;
    }
    $("zoom").addEventListener("change", applyZoom);
    $("graph").addEventListener("click", onGraphClick);
    fillList();
    window.addEventListener("hashchange", route);
    route();
  }

  function applyZoom() {
    const z = $("zoom").value;
    const g = $("graph");
    g.classList.toggle("fit", z === "fit");
    const svg = g.querySelector("svg");
    if (!svg) return;
    if (!svg.dataset.w) { svg.dataset.w = svg.getAttribute("width"); svg.dataset.h = svg.getAttribute("height"); }
    const k = z === "fit" ? 1 : +z;
    svg.setAttribute("width", svg.dataset.w * k);
    svg.setAttribute("height", svg.dataset.h * k);
  }

  new MutationObserver(applyZoom).observe(document.getElementById("graph"), { childList: true });
  document.addEventListener("DOMContentLoaded", start);
  return { loaded };
})();
