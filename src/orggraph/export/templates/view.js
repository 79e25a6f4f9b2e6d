/* orggraph view: the organisation on a chosen day, from the facts embedded in this page.
 *
 * Every string from the data reaches the page through textContent or a vis
 * label drawn on the canvas, never as HTML. Days are whole numbers of days
 * since 1970-01-01; a fact counts on day d when first <= d <= last (null is
 * open), which is how the exporter encoded orggraph's "certainly held" rule.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("orggraph-data").textContent);
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var KIND_WORDS = { person: "Person", post: "Post", body: "Body" };
  var RELATION_WORDS = {
    unit_of: "unit of", post_in: "post in", reports_to: "reports to", heads: "heads",
    holds: "holds", member_of: "member of"
  };
  var nodeData = DATA.nodes;
  var N = nodeData.length;
  var large = N > 1500;
  var PHYSICS_LIMIT = 1000;
  // Canvas dashes cost dearly when zoomed far out (seconds per redraw at 5,000 nodes):
  // above PHYSICS_LIMIT nodes every edge is drawn solid, told apart by colour.
  var solidEdges = N > PHYSICS_LIMIT;
  var layout = DATA.layout === "network" ? "network" : "chart";

  // ------------------------------------------------------------ indexes
  var membershipsOf = nodeData.map(function () { return []; });
  DATA.memberships.forEach(function (m, i) {
    membershipsOf[m.member].push(i);
    if (m.post !== null) membershipsOf[m.post].push(i);
    if (m.body !== null) membershipsOf[m.body].push(i);
  });
  var postIn = nodeData.map(function () { return []; });
  var edgesOf = nodeData.map(function () { return []; });
  DATA.edges.forEach(function (e, i) {
    if (e[2] === "post_in") postIn[e[0]].push(e[1]);
    edgesOf[e[0]].push(i);
    edgesOf[e[1]].push(i);
  });
  var eventsOf = nodeData.map(function () { return []; });
  DATA.events.forEach(function (ev, i) {
    ev.abolishes.concat(ev.creates, ev.bodies).forEach(function (n) {
      if (eventsOf[n].indexOf(i) < 0) eventsOf[n].push(i);
    });
  });

  // ------------------------------------------------------------ days
  function dayDate(d) { return new Date(d * 86400000); }
  function dayWords(d) {
    var t = dayDate(d);
    return t.getUTCDate() + " " + MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear();
  }
  function dayIso(d) { return dayDate(d).toISOString().slice(0, 10); }
  function isoDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
    if (!m) throw new Error("not a day: " + text);
    return Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000);
  }
  function within(first, last, d) {
    return (first === null || first <= d) && (last === null || d <= last);
  }
  function active(m, d) { return within(m.from, m.to, d); }
  function exists(i, d) {
    var n = nodeData[i];
    return n.kind !== "person" && within(n.from, n.to, d);
  }
  function visibleNode(i, d) {
    if (exists(i, d)) return true;
    var list = membershipsOf[i];
    for (var k = 0; k < list.length; k++) if (active(DATA.memberships[list[k]], d)) return true;
    return false;
  }
  function spanWords(begin, end) {
    if (begin && end) return "from " + begin.words + " to " + end.words;
    if (begin) return "from " + begin.words;
    if (end) return "until " + end.words;
    return "dates not known";
  }

  // What is on the page on day d: the same rule as orggraph.at.
  function sliceOn(d) {
    var shown = new Uint8Array(N);
    var current = [];
    for (var i = 0; i < N; i++) if (exists(i, d)) shown[i] = 1;
    DATA.memberships.forEach(function (m, k) {
      if (!active(m, d)) return;
      current.push(k);
      shown[m.member] = 1;
      if (m.post !== null) shown[m.post] = 1;
      if (m.body !== null) shown[m.body] = 1;
    });
    return { shown: shown, memberships: current };
  }

  // ------------------------------------------------------------ drawing
  function groupColour(n) {
    var g = DATA.groups[n.group] || DATA.groups["other body"];
    var fill = g.fill, border = g.border;
    if (n.party !== null && n.party !== undefined) {
      var pc = DATA.parties[n.party].colour;
      if (n.kind === "person") border = pc; else { fill = pc; border = pc; }
    }
    return { background: fill, border: border, highlight: { background: fill, border: "#111" },
      hover: { background: fill, border: "#111" } };
  }
  function nodeStyle(i) {
    var n = nodeData[i];
    var style = { id: i, label: n.label, color: groupColour(n), borderWidth: 1.5 };
    var partyFill = n.kind !== "person" && n.party !== null && n.party !== undefined;
    style.font = { color: partyFill ? "#ffffff" : "#1d2330", size: 14, face: "system-ui, sans-serif" };
    if (large) {
      style.shape = n.kind === "person" ? "dot" : (n.kind === "post" ? "square" : "diamond");
      style.size = n.kind === "body" ? 14 : 9;
      style.font = { color: "#1d2330", size: 12 };
    } else if (n.kind === "person") {
      style.shape = "ellipse";
      if (n.party !== null && n.party !== undefined) style.borderWidth = 3;
    } else {
      style.shape = "box";
      style.shapeProperties = { borderRadius: n.kind === "post" ? 2 : 6 };
      style.widthConstraint = { maximum: 140 };
      style.margin = 8;
    }
    return style;
  }
  var EDGE_STYLE = {
    unit_of: { color: "#8c7ab8", width: 2 },
    post_in: { color: "#9aa5b1", width: 1, dashes: [2, 4] },
    reports_to: { color: "#4c5fd5", width: 2.2 },
    heads: { color: "#c0561a", width: 1.5, dashes: [8, 4] },
    holds: { color: "#b08900", width: 2 },
    member_of: { color: "#c9b458", width: 1, dashes: [4, 3] }
  };
  // An edge drawn from the upper to the lower node of the chart, the arrow where the
  // relation points (a post reports *to* the post above it).
  function edgeStyle(id, upper, lower, relation, arrowAtUpper) {
    var s = EDGE_STYLE[relation];
    var e = { id: id, from: upper, to: lower, relation: relation, color: { color: s.color, highlight: "#111" },
      width: s.width, dashes: (!solidEdges && s.dashes) || false, title: undefined };
    if (arrowAtUpper) e.arrows = { from: { enabled: true, scaleFactor: 0.6 } };
    return e;
  }
  var staticEdges = DATA.edges.map(function (e, i) {
    var a = e[0], b = e[1], rel = e[2];
    if (rel === "heads") return edgeStyle("s" + i, a, b, rel, false);
    return edgeStyle("s" + i, b, a, rel, rel === "reports_to");
  });
  // The edges a membership draws: holds to its post; member_of to its body unless the post is in it.
  function membershipEdges(k) {
    var m = DATA.memberships[k], found = [];
    if (m.post !== null) found.push(edgeStyle("m" + k + "h", m.post, m.member, "holds", false));
    if (m.body !== null && (m.post === null || postIn[m.post].indexOf(m.body) < 0)) {
      found.push(edgeStyle("m" + k + "o", m.body, m.member, "member_of", false));
    }
    return found;
  }
  var allMembershipEdges = [];
  DATA.memberships.forEach(function (m, k) { allMembershipEdges.push.apply(allMembershipEdges, membershipEdges(k)); });

  // Chart levels: longest path from the top along upper->lower edges (heads do not count).
  function levels(shown, edgeList) {
    var level = new Int32Array(N), indegree = new Int32Array(N), children = {};
    edgeList.forEach(function (e) {
      if (e.relation === "heads") return;
      (children[e.from] = children[e.from] || []).push(e.to);
      indegree[e.to]++;
    });
    var queue = [], done = new Uint8Array(N), head = 0, i;
    for (i = 0; i < N; i++) if (shown[i] && indegree[i] === 0) queue.push(i);
    var remaining = 0;
    for (i = 0; i < N; i++) if (shown[i]) remaining++;
    for (;;) {
      while (head < queue.length) {
        var n = queue[head++];
        if (done[n]) continue;
        done[n] = 1; remaining--;
        (children[n] || []).forEach(function (c) {
          if (done[c]) return;
          if (level[c] < level[n] + 1) level[c] = level[n] + 1;
          if (--indegree[c] <= 0) queue.push(c);
        });
      }
      if (remaining <= 0) break;
      for (i = 0; i < N; i++) if (shown[i] && !done[i]) { queue.push(i); break; }  // break a cycle
    }
    return level;
  }

  // Chart positions: each node under its nearest parent (the one on the level just above),
  // children side by side, every level packed from the left without overlaps.
  var COLUMN = large ? 60 : 165, ROW = large ? 90 : 120;
  function chartPositions(drawnNodes, list, level) {
    var parent = new Int32Array(N).fill(-1), kids = {};
    list.forEach(function (e) {
      if (e.relation === "heads" || level[e.from] >= level[e.to]) return;
      if (parent[e.to] < 0 || level[e.from] > level[parent[e.to]]) parent[e.to] = e.from;
    });
    var byLabel = function (a, b) { return nodeData[a].label < nodeData[b].label ? -1 : 1; };
    var roots = [];
    drawnNodes.forEach(function (i) {
      if (parent[i] < 0) roots.push(i); else (kids[parent[i]] = kids[parent[i]] || []).push(i);
    });
    var x = new Float64Array(N), nextFree = {};
    function shift(u, d) {
      (kids[u] || []).forEach(function (k) {
        x[k] += d;
        nextFree[level[k]] = Math.max(nextFree[level[k]], x[k] + COLUMN);
        shift(k, d);
      });
    }
    function place(v) {
      var mine = (kids[v] || []).sort(function (a, b) {
        return (kids[b] ? 1 : 0) - (kids[a] ? 1 : 0) || byLabel(a, b);
      });
      mine.forEach(place);
      var free = nextFree[level[v]] === undefined ? -Infinity : nextFree[level[v]];
      var wanted = mine.length ? (x[mine[0]] + x[mine[mine.length - 1]]) / 2 : free;
      var at = Math.max(wanted, free);
      if (at === -Infinity) at = 0;
      if (mine.length && at > wanted) shift(v, at - wanted);
      x[v] = at;
      nextFree[level[v]] = at + COLUMN;
    }
    // Lay out each tree on its own, then pack the trees on shelves about as wide as the
    // whole is tall, rather than in one long row.
    var trees = roots.map(function (root) {
      nextFree = {};
      place(root);
      var members = [], stack = [root], low = Infinity, high = -Infinity, deepest = 0;
      while (stack.length) {
        var v = stack.pop();
        members.push(v);
        low = Math.min(low, x[v]);
        high = Math.max(high, x[v]);
        deepest = Math.max(deepest, level[v]);
        (kids[v] || []).forEach(function (k) { stack.push(k); });
      }
      return { members: members, low: low, width: high - low + COLUMN, height: (deepest + 1) * ROW };
    });
    trees.sort(function (a, b) { return b.members.length - a.members.length; });
    var area = 0, widest = 0;
    trees.forEach(function (t) { area += t.width * t.height; widest = Math.max(widest, t.width); });
    var shelfWidth = Math.max(widest, Math.sqrt(area * 1.6));
    var y = new Float64Array(N), left = 0, top = 0, shelfHeight = 0;
    trees.forEach(function (t) {
      if (left > 0 && left + t.width > shelfWidth) { top += shelfHeight + ROW / 2; left = 0; shelfHeight = 0; }
      t.members.forEach(function (v) { x[v] = x[v] - t.low + left; y[v] = top + level[v] * ROW; });
      left += t.width + COLUMN / 2;
      shelfHeight = Math.max(shelfHeight, t.height);
    });
    return function (i) { return { x: x[i], y: y[i] }; };
  }

  // Network start: a radial tree of all time. The top (or, with several tops, a ring of them)
  // in the middle, each level of the tree a ring further out, each subtree a wedge as wide
  // as its leaves need: distinct, compact positions with related nodes near each other.
  function radialPositions(list, level, spacing) {
    var parent = new Int32Array(N).fill(-1), kids = {}, roots = [], i;
    list.forEach(function (e) {
      if (e.relation === "heads" || level[e.from] >= level[e.to]) return;
      if (parent[e.to] < 0 || level[e.from] > level[parent[e.to]]) parent[e.to] = e.from;
    });
    for (i = 0; i < N; i++) {
      if (parent[i] < 0) roots.push(i); else (kids[parent[i]] = kids[parent[i]] || []).push(i);
    }
    var order = [], depth = new Int32Array(N), stack = roots.slice().reverse(), first = roots.length > 1 ? 1 : 0;
    roots.forEach(function (r) { depth[r] = first; });
    while (stack.length) {  // depth-first, parents before children
      var v = stack.pop();
      order.push(v);
      (kids[v] || []).slice().reverse().forEach(function (k) { depth[k] = depth[v] + 1; stack.push(k); });
    }
    var weight = new Float64Array(N), total = 0, deepest = 0;
    for (i = order.length - 1; i >= 0; i--) {
      var n = order[i];
      weight[n] = Math.max(1, weight[n]);
      if (parent[n] >= 0) weight[parent[n]] += weight[n]; else total += weight[n];
      deepest = Math.max(deepest, depth[n]);
    }
    // evenly spaced rings, the outermost long enough for every leaf to have `spacing`
    var step = Math.max(spacing * 1.5, spacing * total / (2 * Math.PI * Math.max(1, deepest)));
    var radius = function (d) { return d * step; };
    var x = new Float64Array(N), y = new Float64Array(N), from = new Float64Array(N);
    var next = 0;
    roots.forEach(function (r) { from[r] = next; next += 2 * Math.PI * weight[r] / total; });
    order.forEach(function (n) {
      var wedge = 2 * Math.PI * weight[n] / total, angle = from[n] + wedge / 2;
      x[n] = radius(depth[n]) * Math.cos(angle);
      y[n] = radius(depth[n]) * Math.sin(angle);
      var start = from[n];
      (kids[n] || []).forEach(function (k) { from[k] = start; start += 2 * Math.PI * weight[k] / total; });
    });
    return function (i) { return { x: x[i], y: y[i] }; };
  }

  // ------------------------------------------------------------ the network
  var container = document.getElementById("graph");
  var options = {
    autoResize: true,
    interaction: { hover: !large, tooltipDelay: 200, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      navigationButtons: false, keyboard: false },
    edges: { smooth: layout === "chart" ? { type: "cubicBezier", forceDirection: "vertical", roundness: 0.4 } : false,
      selectionWidth: 2 },
    nodes: { scaling: { label: { drawThreshold: large ? 6 : 3 } } }
  };
  if (layout === "chart") {
    options.layout = { hierarchical: false, improvedLayout: false };
    options.physics = { enabled: false };
  } else {
    // vis's Barnes-Hut takes about half a second per step at 5,000 nodes here: above
    // PHYSICS_LIMIT nodes the network keeps its radial start and stays put.
    options.layout = { improvedLayout: N <= 150, randomSeed: 7 };
    options.physics = { enabled: N <= PHYSICS_LIMIT, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3500, centralGravity: 0.6, springLength: 90,
        springConstant: 0.04, damping: 0.35, avoidOverlap: 0 },
      stabilization: { enabled: true, iterations: N > 500 ? 150 : 600,
        updateInterval: 25, fit: true } };
  }

  var status = document.getElementById("status");
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network;
  var day = DATA.initialDay;
  var selected = null;
  var slice = sliceOn(day);
  var drawn = slice.shown;
  var api = { ready: false, readyMs: null };

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyMs = performance.now();
    status.textContent = "";
    if (DATA.focus !== null) select(DATA.focus, false);
    document.dispatchEvent(new CustomEvent("orggraph:ready"));
  }

  // What the last redraw cost (see setDay): laying out and painting, and when it ended.
  var layoutMs = 0, paintMs = 0, busyUntil = -Infinity, LONGEST_REDRAW_WAIT_MS = 300;
  if (layout === "chart") {
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    var firstDrawStarted = performance.now();
    drawChart();
    layoutMs = performance.now() - firstDrawStarted;
    network.once("afterDrawing", markReady);
  } else {
    // Start from a radial tree of all time: distinct, compact positions settle far faster
    // than vis's random start (whose Barnes-Hut tree degenerates at thousands of nodes),
    // and above PHYSICS_LIMIT nodes they are the layout.
    var everything = staticEdges.concat(allMembershipEdges);
    var all = new Uint8Array(N).fill(1);
    var start = radialPositions(everything, levels(all, everything),
      N <= PHYSICS_LIMIT ? 45 : (large ? 30 : 150));
    nodes.add(nodeData.map(function (n, i) { var s = nodeStyle(i), p = start(i); s.x = p.x; s.y = p.y; return s; }));
    edges.add(everything);
    status.textContent = "Arranging " + N + " nodes…";
    network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    if (!options.physics.enabled) {
      showHidden();
      network.once("afterDrawing", markReady);
    }
    network.on("stabilizationProgress", function (p) {
      status.textContent = "Arranging " + N + " nodes… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      showHidden();
      markReady();
    });
  }
  var paintStarted = null;
  network.on("beforeDrawing", function () { paintStarted = performance.now(); });
  network.on("afterDrawing", function () {
    busyUntil = performance.now();
    paintMs = busyUntil - paintStarted;
  });
  // A window made wider or narrower shows the whole drawing again, centred.
  network.on("resize", function () { network.fit(); });
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;

  function currentEdges(shown, current) {
    var list = staticEdges.filter(function (e) { return shown[e.from] && shown[e.to]; });
    current.forEach(function (k) { list.push.apply(list, membershipEdges(k)); });
    return list;
  }

  // chart: lay out again for the day, with only what exists on it; what is linked to
  // nothing that day is listed beside the chart instead of widening it
  function drawChart() {
    var holders = {}, inPost = new Uint8Array(N);
    var list = currentEdges(slice.shown, slice.memberships).filter(function (e) {
      if (e.relation === "heads" && nodeData[e.from].kind === "person") return false;
      if (e.relation !== "holds") return true;
      (holders[e.from] = holders[e.from] || []).push(nodeData[e.to].label);
      inPost[e.to] = 1;
      return false;
    });
    var level = levels(slice.shown, list);
    var items = [], loose = [], i;
    drawn = new Uint8Array(N);
    list.forEach(function (e) { drawn[e.from] = 1; drawn[e.to] = 1; });
    for (i = 0; i < N; i++) {
      if (!slice.shown[i] || drawn[i] || inPost[i]) continue;
      if (i === selected || i === DATA.focus) drawn[i] = 1; else loose.push(i);
    }
    listLoose(loose);
    var drawnNodes = [];
    for (i = 0; i < N; i++) if (drawn[i]) drawnNodes.push(i);
    var position = chartPositions(drawnNodes, list, level);
    for (i = 0; i < N; i++) {
      if (!drawn[i]) continue;
      var s = nodeStyle(i), p = position(i);
      s.x = p.x;
      s.y = p.y;
      if (!large) s.widthConstraint = { minimum: 140, maximum: 140 };
      if (nodeData[i].kind === "post") s.label += "\n" + (holders[i] ? holders[i].sort().join(", ") : "(vacant)");
      items.push(s);
    }
    nodes = new vis.DataSet(items);
    edges = new vis.DataSet(list);
    window.nodes = nodes;
    window.edges = edges;
    network.setData({ nodes: nodes, edges: edges });
    if (selected !== null && drawn[selected]) network.selectNodes([selected]);
  }

  function listLoose(loose) {
    var box = document.getElementById("loose-box"), list = document.getElementById("loose");
    list.textContent = "";
    box.hidden = loose.length === 0;
    loose.sort(function (a, b) { return nodeData[a].label < nodeData[b].label ? -1 : 1; });
    loose.forEach(function (i) {
      var li = el("li"), button = el("button", nodeData[i].label);
      button.type = "button";
      button.addEventListener("click", function () { select(i, false); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  // network: the layout stays put; only what is shown changes
  function showHidden() {
    var shownEdges = {};
    currentEdges(slice.shown, slice.memberships).forEach(function (e) { shownEdges[e.id] = true; });
    var nodeUpdates = [], edgeUpdates = [];
    nodes.forEach(function (n) {
      var hidden = !slice.shown[n.id];
      if (!!n.hidden !== hidden) nodeUpdates.push({ id: n.id, hidden: hidden });
    });
    edges.forEach(function (e) {
      var hidden = !shownEdges[e.id];
      if (!!e.hidden !== hidden) edgeUpdates.push({ id: e.id, hidden: hidden });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    drawn = slice.shown;
  }

  // ------------------------------------------------------------ time controls
  var slider = document.getElementById("slider");
  var changeSelect = document.getElementById("changes");
  slider.min = String(DATA.firstDay);
  slider.max = String(DATA.lastDay);
  var ticks = document.createElement("datalist");
  ticks.id = "change-days";
  var placeholder = document.createElement("option");
  placeholder.value = "";
  placeholder.textContent = DATA.changes.length + " dates with changes";
  changeSelect.appendChild(placeholder);
  DATA.changes.forEach(function (c, i) {
    var tick = document.createElement("option");
    tick.value = String(c.day);
    ticks.appendChild(tick);
    var option = document.createElement("option");
    option.value = String(i);
    var parts = [];
    if (c.began) parts.push(c.began + " began");
    if (c.ended) parts.push(c.ended + " ended");
    var text = c.words + (parts.length ? " — " + parts.join(", ") : "");
    if (c.events.length) text += (parts.length ? "; " : " — ") + c.events.join("; ");
    option.textContent = text;
    changeSelect.appendChild(option);
  });
  document.body.appendChild(ticks);
  slider.setAttribute("list", "change-days");

  function describeDay() {
    document.getElementById("day-words").textContent = "The organisation on " + dayWords(day);
    var counts = { person: 0, post: 0, body: 0 };
    for (var i = 0; i < N; i++) if (slice.shown[i]) counts[nodeData[i].kind]++;
    var here = DATA.changes.filter(function (c) { return c.day === day; });
    document.getElementById("day-counts").textContent =
      countWords(counts.person, "person", "people") + ", " + countWords(counts.post, "post", "posts") + ", " +
      countWords(counts.body, "body", "bodies") +
      (here.length ? " · changes dated " + here.map(function (c) { return c.words; }).join(", ") : "");
    var note = document.getElementById("day-note");
    note.textContent = outsideTheData(day);
    note.hidden = note.textContent === "";
    slider.value = String(day);
    slider.setAttribute("aria-valuetext", dayWords(day));
    var index = -1;
    DATA.changes.forEach(function (c, i) { if (c.day === day) index = i; });
    changeSelect.value = index >= 0 ? String(index) : "";
  }

  function countWords(count, one, many) { return count + " " + (count === 1 ? one : many); }
  // The note the command line prints for a day before the first or after the last dated fact.
  function outsideTheData(d) {
    var dated = DATA.dated;
    if (dated === null) return "";
    if (d < dated.first) {
      return "Note: " + dayIso(d) + " is before the first dated fact in the data (" + dated.firstIso +
        "): whatever has no beginning date is counted as held then too, though no source says so.";
    }
    if (d > dated.last) {
      return "Note: " + dayIso(d) + " is after the last dated fact in the data (" + dated.lastIso +
        "): whatever has no end date is counted as still held, though no source says so.";
    }
    return "";
  }

  // A large chart takes a good part of a second to redraw: laying it out, then vis painting
  // the canvas. A new day is drawn at once when nothing was drawn during as long as the last
  // redraw took; otherwise once no newer day has been asked for during that long. Holding an
  // arrow key on the slider then draws the first day and the day it stops on, not every day passed.
  var pending = null;
  function setDay(d) {
    d = Math.max(DATA.firstDay, Math.min(DATA.lastDay, d));
    day = d;
    slice = sliceOn(day);
    describeDay();
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(function () {
      pending = null;
      var started = performance.now();
      if (layout === "chart") drawChart(); else if (api.ready) showHidden();
      if (selected !== null) showDetails(selected);
      busyUntil = performance.now();
      layoutMs = busyUntil - started;
    }, performance.now() - busyUntil > layoutMs + paintMs ? 0 : Math.min(layoutMs + paintMs, LONGEST_REDRAW_WAIT_MS));
  }
  slider.addEventListener("input", function () { setDay(parseInt(slider.value, 10)); });
  changeSelect.addEventListener("change", function () {
    if (changeSelect.value !== "") setDay(DATA.changes[parseInt(changeSelect.value, 10)].day);
  });
  document.getElementById("previous-change").addEventListener("click", function () {
    var before = DATA.changes.filter(function (c) { return c.day < day; });
    if (before.length) setDay(before[before.length - 1].day);
  });
  document.getElementById("next-change").addEventListener("click", function () {
    var after = DATA.changes.filter(function (c) { return c.day > day; });
    if (after.length) setDay(after[0].day);
  });

  // ------------------------------------------------------------ details
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  function sourceList(indexes) {
    var list = el("ul", null, "sources");
    indexes.forEach(function (s) {
      var src = DATA.sources[s], li = el("li");
      li.appendChild(el("span", src.title, "source-title"));
      var about = [src.publisher, src.issued].filter(Boolean).join(", ");
      if (about) li.appendChild(el("span", " (" + about + ")"));
      if (src.url && /^https?:\/\//i.test(src.url)) {
        li.appendChild(document.createTextNode(" "));
        var a = el("a", "open");
        a.href = src.url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      }
      list.appendChild(li);
    });
    return list;
  }
  function membershipItem(k, viewpoint) {
    var m = DATA.memberships[k], li = el("li");
    var person = nodeData[m.member].label;
    var post = m.post !== null ? nodeData[m.post].label : null;
    var body = m.body !== null ? nodeData[m.body].label : null;
    var what = m.role || post || "Member";
    var first = viewpoint === "person" ? what : person;
    var strong = el("strong", first);
    li.appendChild(strong);
    var rest = [];
    if (viewpoint !== "person") rest.push(what);
    if (post && post !== what && viewpoint !== "post") rest.push(post);
    if (body && viewpoint !== "body") rest.push(body);
    if (rest.length) li.appendChild(el("span", " — " + rest.join(", ")));
    var when = spanWords(m.begin, m.end);
    if (m.appointment) when += " (" + m.appointment + ")";
    li.appendChild(el("div", when, "muted"));
    if (active(m, day)) li.classList.add("today");
    li.appendChild(sourceList(m.sources));
    return li;
  }
  function showDetails(i) {
    var n = nodeData[i];
    var box = document.getElementById("details");
    box.hidden = false;
    document.getElementById("details-title").textContent = n.label;
    var kind = KIND_WORDS[n.kind];
    if (n.kind === "body") kind += " — " + n.group + (n.bodyKind && n.bodyKind !== n.group ? " (" + n.bodyKind + ")" : "");
    if (n.party !== null && n.party !== undefined) kind += " · " + DATA.parties[n.party].label;
    if (!slice.shown[i]) kind += " · not in the organisation on " + dayWords(day);
    document.getElementById("details-kind").textContent = kind;
    var body = document.getElementById("details-body");
    body.textContent = "";
    var mine = membershipsOf[i].filter(function (k) {
      var m = DATA.memberships[k];
      return n.kind === "person" ? m.member === i : (n.kind === "post" ? m.post === i : m.body === i);
    });
    mine.sort(function (a, b) {
      var x = DATA.memberships[a], y = DATA.memberships[b];
      return (x.from === null ? -1e9 : x.from) - (y.from === null ? -1e9 : y.from);
    });
    var now = mine.filter(function (k) { return active(DATA.memberships[k], day); });
    var heading = { person: "Roles", post: "Holders", body: "Members and post holders" }[n.kind];
    var onDay = el("p", null, "on-day");
    onDay.appendChild(el("strong", "On " + dayWords(day) + ": "));
    var nowText = now.map(function (k) {
      var m = DATA.memberships[k];
      if (n.kind === "person") {
        return (m.role || (m.post !== null ? nodeData[m.post].label : "Member")) +
          (m.body !== null ? ", " + nodeData[m.body].label : "");
      }
      return nodeData[m.member].label + (m.role ? " (" + m.role + ")" : "");
    });
    onDay.appendChild(el("span", nowText.length ? nowText.join("; ") : (n.kind === "post" ? "vacant" : "nothing held")));
    body.appendChild(onDay);
    if (n.kind === "post" && n.roles && n.roles.length) body.appendChild(el("p", "Role: " + n.roles.join(", ")));
    // Links to posts and bodies over all time: those not on the page that day are marked,
    // as in the search results, and listed after the others.
    var related = {};
    edgesOf[i].forEach(function (e) {
      var edge = DATA.edges[e], other = edge[0] === i ? edge[1] : edge[0];
      var label = edge[0] === i ? RELATION_WORDS[edge[2]] : { unit_of: "has unit", post_in: "has post",
        reports_to: "reported to by", heads: "headed by" }[edge[2]];
      (related[label] = related[label] || []).push(other);
    });
    Object.keys(related).sort().forEach(function (label) {
      var names = related[label].sort(function (a, b) {
        return slice.shown[b] - slice.shown[a] || (nodeData[a].label < nodeData[b].label ? -1 : 1);
      }).map(function (other) {
        return nodeData[other].label + (slice.shown[other] ? "" : " (not on this day)");
      });
      body.appendChild(el("p", label.charAt(0).toUpperCase() + label.slice(1) + ": " + names.join("; ")));
    });
    if (mine.length) {
      body.appendChild(el("h3", heading + " (highlighted: on " + dayWords(day) + ")"));
      var list = el("ul");
      mine.forEach(function (k) { list.appendChild(membershipItem(k, n.kind)); });
      body.appendChild(list);
    }
    if (eventsOf[i].length) {
      body.appendChild(el("h3", "Changes"));
      var events = el("ul");
      eventsOf[i].forEach(function (e) {
        var ev = DATA.events[e], li = el("li");
        var verb = ev.abolishes.indexOf(i) >= 0 ? " abolished it" : (ev.creates.indexOf(i) >= 0 ? " created it" : "");
        li.appendChild(el("strong", ev.label));
        li.appendChild(el("span", verb));
        if (ev.date) li.appendChild(el("div", ev.date.words, "muted"));
        li.appendChild(sourceList(ev.sources));
        events.appendChild(li);
      });
      body.appendChild(events);
    }
    if (n.sources && n.sources.length) {
      body.appendChild(el("h3", "Sources for the post"));
      body.appendChild(sourceList(n.sources));
    }
    body.appendChild(el("p", n.iri, "muted iri"));
  }

  // ------------------------------------------------------------ selection and search
  function nearestVisibleDay(i) {
    if (visibleNode(i, day)) return day;
    var candidates = [];
    var n = nodeData[i];
    if (n.from !== null) candidates.push(n.from);
    if (n.to !== null) candidates.push(n.to);
    membershipsOf[i].forEach(function (k) {
      var m = DATA.memberships[k];
      if (m.from !== null) candidates.push(m.from);
      if (m.to !== null) candidates.push(m.to);
    });
    var best = null;
    candidates.forEach(function (c) {
      if (c < DATA.firstDay || c > DATA.lastDay || !visibleNode(i, c)) return;
      if (best === null || Math.abs(c - day) < Math.abs(best - day)) best = c;
    });
    return best === null ? day : best;
  }
  // In the chart a person who holds a post is drawn inside it: the post stands for them.
  function heldPost(i) {
    var found = null;
    slice.memberships.forEach(function (k) {
      var m = DATA.memberships[k];
      if (found === null && m.member === i && m.post !== null && drawn[m.post]) found = m.post;
    });
    return found;
  }
  function select(i, moveInTime) {
    selected = i;
    if (moveInTime !== false) {
      var d = nearestVisibleDay(i);
      if (d !== day) {
        day = d;
        slice = sliceOn(day);
        describeDay();
        if (layout === "chart") drawChart(); else showHidden();
      }
    }
    if (layout === "chart" && slice.shown[i] && !drawn[i] && nodeData[i].kind !== "person") drawChart();
    showDetails(i);
    var target = drawn[i] ? i : heldPost(i);
    if (target !== null) {
      network.selectNodes([target]);
      network.focus(target, { scale: large ? 1.0 : 1.1, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0], false);
  });

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var searchIndex = nodeData.map(function (n, i) {
    var words = [n.label].concat(n.roles || []);
    if (n.kind === "person") {
      membershipsOf[i].forEach(function (k) {
        var m = DATA.memberships[k];
        if (m.member === i && m.role) words.push(m.role);
      });
    }
    return fold(words.join(" | "));
  });
  var labelIndex = nodeData.map(function (n) { return fold(n.label); });
  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  var SHOWN = 12, SUGGESTED = 5;
  function byLabel(a, b) {
    var x = nodeData[a].label, y = nodeData[b].label;
    return x < y ? -1 : x > y ? 1 : a - b;
  }
  function search(text) {
    var q = fold(text).trim();
    if (!q) return { shown: [], total: 0 };
    var found = [];
    for (var i = 0; i < N; i++) {
      if (searchIndex[i].indexOf(q) >= 0) found.push(i);
    }
    var rank = found.map(function (i) {
      return (labelIndex[i] === q ? 0 : labelIndex[i].indexOf(q) === 0 ? 1 : labelIndex[i].indexOf(q) >= 0 ? 2 : 3) * 2 +
        (visibleNode(i, day) ? 0 : 1);
    });
    var order = found.map(function (_, k) { return k; });
    order.sort(function (a, b) {
      return rank[a] - rank[b] || byLabel(found[a], found[b]);
    });
    return { shown: order.slice(0, SHOWN).map(function (k) { return found[k]; }), total: found.length };
  }

  // Close labels for a query that matches nothing: a bounded edit distance (with swapped
  // neighbours counting once) against each label and each run of its words, spaces and
  // punctuation left out. Only strings of about the query's length are compared.
  var labelWords = labelIndex.map(function (label) {
    return label.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  });
  function distanceWithin(s, t, limit) {
    var n = s.length, m = t.length;
    if (Math.abs(n - m) > limit) return limit + 1;
    var before = null, previous = [], current;
    for (var j = 0; j <= m; j++) previous.push(j);
    for (var i = 1; i <= n; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= m; j++) {
        var cost = s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1;
        var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && s.charCodeAt(i - 1) === t.charCodeAt(j - 2) &&
            s.charCodeAt(i - 2) === t.charCodeAt(j - 1)) d = Math.min(d, before[j - 2] + 1);
        current.push(d);
        if (d < best) best = d;
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[m];
  }
  function suggest(text) {
    var q = fold(text).replace(/[^\p{L}\p{N}]+/gu, "");
    if (q.length < 3) return [];
    var limit = q.length <= 4 ? 1 : q.length <= 8 ? 2 : 3;
    var close = [];
    for (var i = 0; i < N; i++) {
      var words = labelWords[i], best = limit + 1;
      for (var w = 0; w < words.length && best > 0; w++) {
        var run = "";
        for (var v = w; v < words.length && best > 0; v++) {
          run += words[v];
          if (run.length > q.length + limit) break;
          if (run.length < q.length - limit) continue;
          var d = distanceWithin(q, run, best - 1);
          if (d < best) best = d;
        }
      }
      if (best <= limit) close.push({ i: i, d: best });
    }
    close.sort(function (a, b) {
      return a.d - b.d || (visibleNode(a.i, day) ? 0 : 1) - (visibleNode(b.i, day) ? 0 : 1) ||
        byLabel(a.i, b.i);
    });
    return close.slice(0, SUGGESTED).map(function (c) { return c.i; });
  }

  function resultItem(i) {
    var li = el("li"), button = el("button");
    button.type = "button";
    button.appendChild(el("span", nodeData[i].label));
    var n = nodeData[i];
    button.appendChild(el("span", " · " + (n.kind === "body" ? n.group : n.kind) +
      (visibleNode(i, day) ? "" : " (not on this day)"), "kind"));
    button.addEventListener("click", function () { select(i); });
    li.appendChild(button);
    return li;
  }
  function showResults() {
    results.textContent = "";
    var text = searchBox.value.trim();
    if (!text) return;
    var found = search(text);
    found.shown.forEach(function (i) { results.appendChild(resultItem(i)); });
    if (found.total > found.shown.length) {
      results.appendChild(el("li", "and " + (found.total - found.shown.length) + " more: type more of the name",
        "search-note search-more"));
    }
    if (found.total) return;
    results.appendChild(el("li", "No matches for \u201c" + text + "\u201d.", "search-note search-none"));
    var close = suggest(text);
    if (!close.length) return;
    results.appendChild(el("li", "Did you mean:", "search-note search-suggest"));
    close.forEach(function (i) { results.appendChild(resultItem(i)); });
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = search(searchBox.value).shown;
      if (found.length) select(found[0]);
    }
  });

  // ------------------------------------------------------------ legend
  (function legend() {
    var present = {};
    nodeData.forEach(function (n) { present[n.group] = true; });
    var list = document.getElementById("legend");
    Object.keys(DATA.groups).forEach(function (g) {
      if (!present[g]) return;
      var li = el("li"), sw = el("span", null, "swatch" + (g === "person" ? " round" : ""));
      sw.style.background = DATA.groups[g].fill;
      sw.style.borderColor = DATA.groups[g].border;
      li.appendChild(sw);
      li.appendChild(el("span", g));
      list.appendChild(li);
    });
    DATA.parties.forEach(function (p) {
      var li = el("li"), sw = el("span", null, "swatch round");
      sw.style.background = p.colour;
      sw.style.borderColor = p.colour;
      li.appendChild(sw);
      li.appendChild(el("span", p.label));
      list.appendChild(li);
    });
    var edgeList = document.getElementById("edge-legend");
    Object.keys(EDGE_STYLE).forEach(function (r) {
      var li = el("li"), line = el("span", null, "line" + (EDGE_STYLE[r].dashes && !solidEdges ? " dashed" : ""));
      line.style.borderTopColor = EDGE_STYLE[r].color;
      li.appendChild(line);
      li.appendChild(el("span", RELATION_WORDS[r]));
      edgeList.appendChild(li);
    });
    document.getElementById("layout-name").textContent = layout === "chart" ?
      "org chart (top-down along units, posts and reporting lines)" : "network (arranged once, then fixed)";
  })();

  describeDay();

  // ------------------------------------------------------------ scripting
  api.setDay = function (iso) { setDay(isoDay(iso)); };
  api.day = function () { return dayIso(day); };
  api.select = function (iri) {
    for (var i = 0; i < N; i++) if (nodeData[i].iri === iri) { select(i); return true; }
    return false;
  };
  api.visibleIris = function () {
    var found = [];
    for (var i = 0; i < N; i++) if (slice.shown[i]) found.push(nodeData[i].iri);
    return found.sort();
  };
  api.nodeId = function (iri) {
    for (var i = 0; i < N; i++) if (nodeData[i].iri === iri) return i;
    return null;
  };
  api.pending = function () { return pending !== null; };
  api.data = DATA;
  window.orggraph = api;
})();
