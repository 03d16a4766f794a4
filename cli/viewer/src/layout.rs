//! Placing boxes and routing edges. `layout-rs` lays graphs out as Graphviz's `dot` would
//! (layers, crossing reduction, splines) in pure Rust; a recording backend takes its result
//! (box positions, edge paths, label positions) and the SVG is written by `svg.rs`, so
//! boxes can hold interactive text. Graphs too large for it, or any internal failure of
//! it, fall back to a simple column layout.

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// Above this many boxes, `layout-rs`'s crossing reduction is turned off; above
/// `MAX_LAYOUT_NODES`, the column layout is used.
const MAX_OPTIMIZED_NODES: usize = 80;
const MAX_LAYOUT_NODES: usize = 600;
/// Edge labels' font size, for their space in the layout.
const LABEL_FONT: usize = 10;

/// An edge to lay out.
pub struct EdgeSpec {
    pub from: usize,
    pub to: usize,
    pub label: String,
}

/// A laid-out graph: top-left corner of each box, edges as SVG path data with their arrow
/// heads, labels with their centers, and the bounding box.
pub struct Placed {
    pub nodes: Vec<(f64, f64)>,
    pub edges: Vec<PlacedEdge>,
    pub labels: Vec<(f64, f64, String)>,
    pub min: (f64, f64),
    pub max: (f64, f64),
}

pub struct PlacedEdge {
    pub path: String,
    /// An arrow head at the end of the path.
    pub head_end: bool,
    /// An arrow head at the start of the path (for edges laid out reversed).
    pub head_start: bool,
}

/// Lays out boxes of the given sizes (width, height) with the edges between them.
pub fn place(sizes: &[(f64, f64)], edges: &[EdgeSpec]) -> Placed {
    if sizes.is_empty() {
        return Placed { nodes: vec![], edges: vec![], labels: vec![], min: (0.0, 0.0), max: (0.0, 0.0) };
    }
    if sizes.len() <= MAX_LAYOUT_NODES {
        // layout-rs asserts on inputs it does not expect; a failure there must not take the
        // viewer down, so it is contained (quietly) and the simple layout used instead.
        quiet_panics_in_layout();
        IN_LAYOUT.with(|f| f.set(true));
        let r = std::panic::catch_unwind(|| layered(sizes, edges));
        IN_LAYOUT.with(|f| f.set(false));
        if let Ok(Some(p)) = r {
            return p;
        }
    }
    columns(sizes, edges)
}

thread_local! {
    static IN_LAYOUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that stays quiet for panics inside `layered` on this
/// thread and reports every other panic as before.
fn quiet_panics_in_layout() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_LAYOUT.with(|f| f.get()) {
                previous(info);
            }
        }));
    });
}

/// Records what layout-rs draws: boxes by their `properties` (the node index), arrows, and
/// label texts.
#[derive(Default)]
struct Recorder {
    nodes: Vec<Option<(f64, f64)>>,
    edges: Vec<PlacedEdge>,
    labels: Vec<(f64, f64, String)>,
}

impl RenderBackend for Recorder {
    fn draw_rect(&mut self, xy: Point, _size: Point, _look: &StyleAttr, properties: Option<String>, _clip: Option<ClipHandle>) {
        if let Some(i) = properties.and_then(|p| p.parse::<usize>().ok()) {
            if let Some(slot) = self.nodes.get_mut(i) {
                *slot = Some((xy.x, xy.y));
            }
        }
    }
    fn draw_line(&mut self, _start: Point, _stop: Point, _look: &StyleAttr, _properties: Option<String>) {}
    fn draw_circle(&mut self, _xy: Point, _size: Point, _look: &StyleAttr, _properties: Option<String>) {}
    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        if !text.is_empty() {
            self.labels.push((xy.x, xy.y, text.to_string()));
        }
    }
    fn draw_arrow(&mut self, path: &[(Point, Point)], _dashed: bool, head: (bool, bool), _look: &StyleAttr, _properties: Option<String>, _text: &str) {
        if path.len() < 2 {
            return;
        }
        let mut d = format!("M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}", path[0].0.x, path[0].0.y, path[0].1.x, path[0].1.y, path[1].0.x, path[1].0.y, path[1].1.x, path[1].1.y);
        for p in &path[2..] {
            d.push_str(&format!(" S{:.1} {:.1} {:.1} {:.1}", p.0.x, p.0.y, p.1.x, p.1.y));
        }
        self.edges.push(PlacedEdge { path: d, head_end: head.1, head_start: head.0 });
    }
    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded_px: usize) -> ClipHandle {
        0
    }
}

fn layered(sizes: &[(f64, f64)], edges: &[EdgeSpec]) -> Option<Placed> {
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    let look = StyleAttr::new(Color::fast("black"), 1, None, 0, LABEL_FONT);
    let handles: Vec<_> = sizes
        .iter()
        .enumerate()
        .map(|(i, (w, h))| vg.add_node(Element::create_with_properties(ShapeKind::Box(String::new()), look.clone(), Orientation::TopToBottom, Point::new(*w, *h), i.to_string())))
        .collect();
    // layout-rs finds back edges by searching paths, which takes exponential time on graphs
    // with many branches; the edges are given to it acyclic (back edges reversed, drawn with
    // their head at the start) and in topological order of their sources, so that its search
    // ends at once, and its self-checks (of the same cost) are off.
    vg.dag.set_validate(false);
    let (oriented, order) = acyclic(sizes.len(), edges);
    // One edge per pair of boxes (layout-rs keeps edges in a set): labels of parallel edges
    // are joined.
    let mut merged: Vec<(usize, usize, bool, String)> = vec![];
    for (f, t, reversed, label) in oriented {
        match merged.iter_mut().find(|m| m.0 == f && m.1 == t) {
            Some(m) => {
                if !label.is_empty() && !m.3.split('/').any(|l| l == label) {
                    m.3 = if m.3.is_empty() { label } else { format!("{}/{label}", m.3) };
                }
            }
            None => merged.push((f, t, reversed, label)),
        }
    }
    merged.sort_by_key(|m| (order[m.0], order[m.1]));
    for (f, t, reversed, label) in &merged {
        let mut arrow = Arrow::simple(label);
        arrow.look = look.clone();
        if *reversed {
            arrow = arrow.reverse();
        }
        vg.add_edge(arrow, handles[*f], handles[*t]);
    }
    let mut rec = Recorder { nodes: vec![None; sizes.len()], ..Recorder::default() };
    vg.do_it(false, sizes.len() > MAX_OPTIMIZED_NODES, false, &mut rec);
    let nodes: Vec<(f64, f64)> = rec.nodes.into_iter().collect::<Option<Vec<_>>>()?;
    Some(bounded(nodes, sizes, rec.edges, rec.labels))
}

/// An edge as laid out: from, to, whether it was reversed, its label.
type Oriented = (usize, usize, bool, String);

/// The edges with back edges (found by depth-first search from box 0, then from each box not
/// yet reached) reversed: (from, to, reversed, label); self-loops stay. Also each box's
/// position in a topological order of the result.
fn acyclic(n: usize, edges: &[EdgeSpec]) -> (Vec<Oriented>, Vec<usize>) {
    let valid: Vec<&EdgeSpec> = edges.iter().filter(|e| e.from < n && e.to < n).collect();
    let mut succ: Vec<Vec<usize>> = vec![vec![]; n];
    for e in &valid {
        succ[e.from].push(e.to);
    }
    // Iterative DFS: state 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut back = std::collections::HashSet::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (u, ref mut i)) = stack.last_mut() {
            if let Some(&v) = succ[u].get(*i) {
                *i += 1;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 if v != u => {
                        back.insert((u, v));
                    }
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    let oriented: Vec<Oriented> = valid
        .iter()
        .map(|e| if back.contains(&(e.from, e.to)) { (e.to, e.from, true, e.label.clone()) } else { (e.from, e.to, false, e.label.clone()) })
        .collect();
    // Kahn's algorithm over the acyclic edges (self-loops aside).
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![vec![]; n];
    for (f, t, _, _) in &oriented {
        if f != t {
            indeg[*t] += 1;
            out[*f].push(*t);
        }
    }
    let mut order = vec![usize::MAX; n];
    let mut ready: std::collections::VecDeque<usize> = (0..n).filter(|i| indeg[*i] == 0).collect();
    let mut k = 0;
    while let Some(u) = ready.pop_front() {
        order[u] = k;
        k += 1;
        for &v in &out[u] {
            indeg[v] -= 1;
            if indeg[v] == 0 {
                ready.push_back(v);
            }
        }
    }
    // (Every box gets a position: the oriented graph has no cycle.)
    for o in order.iter_mut().filter(|o| **o == usize::MAX) {
        *o = k;
        k += 1;
    }
    (oriented, order)
}

/// Computes the bounding box (edges are within their control points' hull, which the
/// boxes and a margin cover well enough for a view box).
fn bounded(nodes: Vec<(f64, f64)>, sizes: &[(f64, f64)], edges: Vec<PlacedEdge>, labels: Vec<(f64, f64, String)>) -> Placed {
    let (mut min, mut max) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    let mut grow = |x: f64, y: f64| {
        min = (min.0.min(x), min.1.min(y));
        max = (max.0.max(x), max.1.max(y));
    };
    for ((x, y), (w, h)) in nodes.iter().zip(sizes) {
        grow(*x, *y);
        grow(x + w, y + h);
    }
    for e in &edges {
        for part in e.path.split(|c: char| c.is_ascii_alphabetic()) {
            let nums: Vec<f64> = part.split_whitespace().filter_map(|n| n.parse().ok()).collect();
            for p in nums.chunks(2) {
                if let [x, y] = p {
                    grow(*x, *y);
                }
            }
        }
    }
    for (x, y, t) in &labels {
        let w = t.chars().count() as f64 * 6.5;
        grow(x - w / 2.0, y - 8.0);
        grow(x + w / 2.0, y + 8.0);
    }
    Placed { nodes, edges, labels, min, max }
}

/// The fallback: boxes in one column in the given order; forward edges on the right, back
/// edges on the left, as arcs.
fn columns(sizes: &[(f64, f64)], edges: &[EdgeSpec]) -> Placed {
    const GAP: f64 = 30.0;
    let width = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    let mut y = 0.0;
    let mut nodes = vec![];
    for (w, h) in sizes {
        nodes.push(((width - w) / 2.0, y));
        y += h + GAP;
    }
    let mut placed_edges = vec![];
    let mut labels = vec![];
    for (k, e) in edges.iter().enumerate() {
        let (Some(&(fx, fy)), Some(&(tx, ty))) = (nodes.get(e.from), nodes.get(e.to)) else { continue };
        let (fw, fh) = sizes[e.from];
        let tw = sizes[e.to].0;
        let bend = 20.0 + (k % 8) as f64 * 8.0;
        let path = if e.to == e.from + 1 {
            format!("M{:.1} {:.1} L{:.1} {:.1}", fx + fw / 2.0, fy + fh, tx + tw / 2.0, ty)
        } else if e.to > e.from {
            let x = width + bend;
            format!("M{:.1} {:.1} C{x:.1} {:.1} {x:.1} {:.1} {:.1} {:.1}", fx + fw, fy + fh / 2.0, fy + fh / 2.0, ty + 10.0, tx + tw, ty + 10.0)
        } else {
            let x = -bend;
            format!("M{:.1} {:.1} C{x:.1} {:.1} {x:.1} {:.1} {:.1} {:.1}", fx, fy + fh / 2.0, fy + fh / 2.0, ty + 10.0, tx, ty + 10.0)
        };
        if !e.label.is_empty() {
            labels.push((fx + fw / 2.0 + 12.0, fy + fh + 10.0, e.label.clone()));
        }
        placed_edges.push(PlacedEdge { path, head_end: true, head_start: false });
    }
    let mut p = bounded(nodes, sizes, placed_edges, labels);
    p.min.0 = p.min.0.min(-80.0);
    p.max.0 = p.max.0.max(width + 80.0);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layered_layout_places_every_box_apart() {
        let sizes = vec![(100.0, 40.0), (80.0, 30.0), (120.0, 50.0), (60.0, 20.0)];
        let edges = vec![
            EdgeSpec { from: 0, to: 1, label: "true".into() },
            EdgeSpec { from: 0, to: 2, label: "false".into() },
            EdgeSpec { from: 1, to: 3, label: String::new() },
            EdgeSpec { from: 2, to: 3, label: String::new() },
            EdgeSpec { from: 3, to: 0, label: String::new() },
        ];
        let p = place(&sizes, &edges);
        assert_eq!(p.nodes.len(), 4);
        // No two boxes overlap.
        for i in 0..4 {
            for j in i + 1..4 {
                let (a, b) = (p.nodes[i], p.nodes[j]);
                let apart = a.0 + sizes[i].0 <= b.0 || b.0 + sizes[j].0 <= a.0 || a.1 + sizes[i].1 <= b.1 || b.1 + sizes[j].1 <= a.1;
                assert!(apart, "boxes {i} and {j} overlap: {a:?} {b:?}");
            }
        }
        // The entry is above the blocks it branches to.
        assert!(p.nodes[0].1 < p.nodes[1].1 && p.nodes[0].1 < p.nodes[2].1);
        assert!(p.edges.len() >= 5);
        assert!(p.labels.iter().any(|l| l.2 == "true"));
    }

    #[test]
    fn parallel_edges_and_self_loops_are_laid_out() {
        let sizes = vec![(50.0, 20.0), (50.0, 20.0)];
        let edges = vec![
            EdgeSpec { from: 0, to: 1, label: "true".into() },
            EdgeSpec { from: 0, to: 1, label: "false".into() },
            EdgeSpec { from: 1, to: 1, label: String::new() },
        ];
        let p = place(&sizes, &edges);
        assert_eq!(p.nodes.len(), 2);
        assert!(p.labels.iter().any(|l| l.2 == "true/false"));
    }

    #[test]
    fn column_layout_handles_any_edges() {
        let sizes = vec![(50.0, 20.0); 5];
        let edges = vec![EdgeSpec { from: 0, to: 1, label: String::new() }, EdgeSpec { from: 4, to: 0, label: "x".into() }, EdgeSpec { from: 1, to: 9, label: String::new() }];
        let p = columns(&sizes, &edges);
        assert_eq!(p.nodes.len(), 5);
        assert_eq!(p.edges.len(), 2);
        assert!(p.nodes.windows(2).all(|w| w[0].1 < w[1].1));
    }
}
