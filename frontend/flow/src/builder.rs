//! Builds graphs in SSI form: locals are read and written by name, and every value a block
//! needs from its predecessors arrives as a block input (a phi), filled in on each incoming
//! link. This is Braun et al.'s on-the-fly SSA construction without the single-predecessor
//! shortcut, which gives the block-local form RPython's passes rely on.
//!
//! Callers may also use a variable in a later block than the one defining it (as in SSA):
//! every variable is an implicit local of its own, so such a use is routed through links.

use crate::graph::{Block, ExitCase, ExitSwitch, Graph, Link, Op, OpKind, Operand, Var};
use indexmap::IndexMap;
use rpy_source::Span;
use std::collections::HashMap;

/// Incrementally builds one `Graph`. No other code creates `Link`s for flow graphs.
pub struct GraphBuilder<O: OpKind> {
    pub graph: Graph<O>,
    current: Option<Block>,
    /// The latest definition of each local in each block, with the span that bound it.
    defs: HashMap<(Block, Local), (Operand<O::Const>, Span)>,
    /// For each block input: the local it holds, or `None` for an explicit input.
    input_locals: Vec<Vec<Option<Local>>>,
    /// The block defining each variable (`None` for link-defined exception values).
    var_block: Vec<Option<Block>>,
    /// For inputs carrying a variable used outside its block: that variable.
    value_phis: Vec<Option<Var>>,
    /// Incoming links of each block: (source block, exit index).
    preds: Vec<Vec<(Block, usize)>>,
    sealed: Vec<bool>,
    /// For each phi: the span of the read that created it.
    phi_reads: HashMap<Var, Span>,
    /// Locals read on a path where they may be unassigned: (name, span of the read).
    undefined_reads: IndexMap<String, Span>,
    undefined: O::Const,
}

/// A name the builder tracks across blocks: a source-level local, or a variable used outside
/// its defining block.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Local {
    Named(String),
    Value(Var),
}

impl<O: OpKind> GraphBuilder<O> {
    /// Starts a graph whose start block takes `params` as its inputs (and defines them as
    /// locals). `undefined` is the constant standing for an unassigned local.
    pub fn new(name: impl Into<String>, span: Span, params: &[(String, Span)], undefined: O::Const) -> Self {
        let graph = Graph::new(name, span);
        let n = graph.blocks.len();
        let n_vars = graph.vars.len();
        let mut b = GraphBuilder {
            graph,
            current: None,
            defs: HashMap::new(),
            input_locals: vec![vec![]; n],
            var_block: vec![None; n_vars],
            value_phis: vec![None; n_vars],
            preds: vec![vec![]; n],
            sealed: vec![true; n],
            phi_reads: HashMap::new(),
            undefined_reads: IndexMap::new(),
            undefined,
        };
        // The final blocks' inputs are explicit.
        b.input_locals[b.graph.return_block.0 as usize] = vec![None];
        b.input_locals[b.graph.except_block.0 as usize] = vec![None];
        let start = b.graph.start;
        for (p, pspan) in params {
            let v = b.new_var(Some(p.clone()), Some(start));
            b.graph.block_mut(start).inputs.push(v);
            b.input_locals[start.0 as usize].push(None);
            b.defs.insert((start, Local::Named(p.clone())), (Operand::Var(v), *pspan));
        }
        b.current = Some(start);
        b
    }

    fn new_var(&mut self, name: Option<String>, block: Option<Block>) -> Var {
        let v = self.graph.new_var(name);
        self.var_block.push(block);
        self.value_phis.push(None);
        if let Some(b) = block {
            self.defs.insert((b, Local::Value(v)), (Operand::Var(v), Span::DUMMY));
        }
        v
    }

    /// Makes an operand usable in `block`: a variable of another block arrives through links.
    fn resolve(&mut self, block: Block, a: Operand<O::Const>) -> Operand<O::Const> {
        match a {
            Operand::Var(v) if self.var_block.get(v.0 as usize).copied().flatten() != Some(block) => {
                self.lookup(block, &Local::Value(v), Span::DUMMY).0
            }
            other => other,
        }
    }

    /// A new, unsealed block with no predecessors yet.
    pub fn new_block(&mut self) -> Block {
        let b = self.graph.add_block();
        self.input_locals.push(vec![]);
        self.preds.push(vec![]);
        self.sealed.push(false);
        b
    }

    /// A new block with explicit inputs (e.g. the exception value of a handler).
    pub fn new_block_with_inputs(&mut self, names: &[Option<&str>]) -> (Block, Vec<Var>) {
        let b = self.new_block();
        let mut vars = vec![];
        for name in names {
            let v = self.new_var(name.map(str::to_string), Some(b));
            self.graph.block_mut(b).inputs.push(v);
            self.input_locals[b.0 as usize].push(None);
            vars.push(v);
        }
        (b, vars)
    }

    /// Declares that no more links into `b` will be added.
    pub fn seal(&mut self, b: Block) {
        self.sealed[b.0 as usize] = true;
    }

    /// The block under construction, or `None` after a terminator (unreachable code).
    pub fn current(&self) -> Option<Block> {
        self.current
    }

    /// Continues building in `b`; a sealed block without predecessors (after `while True`,
    /// a handler no operation can reach) is dead, so code there is skipped.
    pub fn switch_to(&mut self, b: Block) {
        let dead = self.sealed[b.0 as usize] && self.preds[b.0 as usize].is_empty() && b != self.graph.start;
        self.current = if dead { None } else { Some(b) };
    }

    pub fn set_unreachable(&mut self) {
        self.current = None;
    }

    /// Appends an operation to the current block and returns its result.
    /// Precondition: there is a current block.
    pub fn emit(&mut self, kind: O, args: Vec<Operand<O::Const>>, span: Span) -> Var {
        let block = self.current.expect("emit: no current block (unreachable code is skipped by the caller)");
        let args = args.into_iter().map(|a| self.resolve(block, a)).collect();
        let result = self.new_var(None, Some(block));
        self.graph.block_mut(block).ops.push(Op { kind, args, result, span });
        result
    }

    pub fn def_local(&mut self, name: &str, value: Operand<O::Const>, span: Span) {
        if let Some(b) = self.current {
            let value = self.resolve(b, value);
            self.defs.insert((b, Local::Named(name.to_string())), (value, span));
        }
    }

    /// The current value of a local, creating block inputs as needed. Unassigned on every
    /// path gives the `undefined` constant.
    pub fn use_local(&mut self, name: &str, read_span: Span) -> Operand<O::Const> {
        match self.current {
            Some(b) => self.lookup(b, &Local::Named(name.to_string()), read_span).0,
            None => Operand::Const(self.undefined.clone()),
        }
    }

    /// Whether a local may be unassigned on some path (reported once per local).
    pub fn undefined_reads(&self) -> &IndexMap<String, Span> {
        &self.undefined_reads
    }

    fn lookup(&mut self, block: Block, name: &Local, read_span: Span) -> (Operand<O::Const>, Span) {
        if let Some(d) = self.defs.get(&(block, name.clone())) {
            return d.clone();
        }
        if self.preds[block.0 as usize].is_empty() && self.sealed[block.0 as usize] {
            return (Operand::Const(self.undefined.clone()), Span::DUMMY);
        }
        // A phi: a new input of `block`, with an argument on every incoming link.
        let phi_name = match name {
            Local::Named(n) => Some(n.clone()),
            Local::Value(v) => self.graph.var_name(*v).map(str::to_string),
        };
        let phi = self.new_var(phi_name, Some(block));
        if let Local::Value(orig) = name {
            self.value_phis[phi.0 as usize] = Some(*orig);
        }
        self.graph.block_mut(block).inputs.push(phi);
        self.input_locals[block.0 as usize].push(Some(name.clone()));
        self.defs.insert((block, name.clone()), (Operand::Var(phi), Span::DUMMY));
        self.phi_reads.insert(phi, read_span);
        let preds = self.preds[block.0 as usize].clone();
        for (src, exit_idx) in preds {
            let (arg, span) = self.lookup(src, name, read_span);
            self.note_undefined(&arg, phi);
            let link = &mut self.graph.block_mut(src).exits[exit_idx];
            link.args.push(arg);
            link.spans.push(span);
        }
        (Operand::Var(phi), Span::DUMMY)
    }

    fn note_undefined(&mut self, arg: &Operand<O::Const>, phi: Var) {
        if matches!(arg, Operand::Const(c) if *c == self.undefined) {
            let name = self.graph.var_name(phi).map(str::to_string).unwrap_or_else(|| format!("${phi}"));
            let span = self.phi_reads.get(&phi).copied().unwrap_or(Span::DUMMY);
            self.undefined_reads.entry(name).or_insert(span);
        }
    }

    /// Adds a link from `src` (which is being terminated) to `target`, with `explicit` values
    /// for the target's explicit inputs; its phis get the current values of their locals.
    fn add_link(&mut self, src: Block, target: Block, exitcase: ExitCase, explicit: Vec<(Operand<O::Const>, Span)>, exc_value: Option<Var>) {
        let locals = self.input_locals[target.0 as usize].clone();
        let mut args = vec![];
        let mut spans = vec![];
        let explicit: Vec<_> = explicit
            .into_iter()
            .map(|(a, s)| match a {
                // The link's own exception value is defined by the link itself.
                Operand::Var(v) if Some(v) == exc_value => (a, s),
                a => (self.resolve(src, a), s),
            })
            .collect();
        let mut explicit = explicit.into_iter();
        let phis: Vec<Var> = self.graph.block(target).inputs.clone();
        for (slot, local) in locals.iter().enumerate() {
            let (arg, span) = match local {
                None => explicit.next().expect("add_link: missing explicit argument"),
                Some(name) => {
                    let read = self.phi_reads.get(&phis[slot]).copied().unwrap_or(Span::DUMMY);
                    let r = self.lookup(src, name, read);
                    self.note_undefined(&r.0, phis[slot]);
                    r
                }
            };
            args.push(arg);
            spans.push(span);
        }
        let exits = &mut self.graph.block_mut(src).exits;
        exits.push(Link { target, args, spans, exitcase, exc_value });
        let idx = exits.len() - 1;
        self.preds[target.0 as usize].push((src, idx));
    }

    /// Ends the current block with a jump to `target`.
    pub fn jump(&mut self, target: Block) {
        self.jump_with(target, vec![]);
    }

    /// Ends the current block with a jump passing explicit inputs.
    pub fn jump_with(&mut self, target: Block, explicit: Vec<(Operand<O::Const>, Span)>) {
        if let Some(src) = self.current.take() {
            self.add_link(src, target, ExitCase::Always, explicit, None);
        }
    }

    /// Ends the current block with a two-way branch on a boolean variable.
    pub fn branch(&mut self, cond: Var, if_false: Block, if_true: Block) {
        if let Some(src) = self.current {
            let Operand::Var(cond) = self.resolve(src, Operand::Var(cond)) else { unreachable!("a variable resolves to a variable") };
            self.current = None;
            self.graph.block_mut(src).exitswitch = ExitSwitch::Bool(cond);
            self.add_link(src, if_false, ExitCase::Bool(false), vec![], None);
            self.add_link(src, if_true, ExitCase::Bool(true), vec![], None);
        }
    }

    /// Ends the current block with a two-way branch whose links pass explicit inputs.
    pub fn branch_with(&mut self, cond: Var, if_false: (Block, Vec<(Operand<O::Const>, Span)>), if_true: (Block, Vec<(Operand<O::Const>, Span)>)) {
        if let Some(src) = self.current {
            let Operand::Var(cond) = self.resolve(src, Operand::Var(cond)) else { unreachable!("a variable resolves to a variable") };
            self.current = None;
            self.graph.block_mut(src).exitswitch = ExitSwitch::Bool(cond);
            self.add_link(src, if_false.0, ExitCase::Bool(false), if_false.1, None);
            self.add_link(src, if_true.0, ExitCase::Bool(true), if_true.1, None);
        }
    }

    /// A variable for the exception value of an exception link (see `catch_last_explicit`).
    pub fn new_exc_var(&mut self, name: Option<String>) -> Var {
        self.new_var(name, None)
    }

    /// Like `catch_last`, with explicit inputs on each link; the handler's arguments may use
    /// `exc`, made by `new_exc_var`, which the link defines.
    pub fn catch_last_explicit(
        &mut self,
        normal: (Block, Vec<(Operand<O::Const>, Span)>),
        stop: Option<(Block, Vec<(Operand<O::Const>, Span)>)>,
        handler: Option<(Block, Vec<(Operand<O::Const>, Span)>, Var)>,
    ) {
        if let Some(src) = self.current.take() {
            self.graph.block_mut(src).exitswitch = ExitSwitch::LastException;
            self.add_link(src, normal.0, ExitCase::Always, normal.1, None);
            if let Some((stop, args)) = stop {
                self.add_link(src, stop, ExitCase::StopIteration, args, None);
            }
            if let Some((handler, args, exc)) = handler {
                self.var_block[exc.0 as usize] = None;
                self.add_link(src, handler, ExitCase::Exception, args, Some(exc));
            }
        }
    }

    /// The variable a builder-made input stands for (a variable used outside its block is
    /// carried by inputs named after it); the variable itself otherwise.
    pub fn var_source(&self, v: Var) -> Var {
        let mut cur = v;
        while let Some(Some(o)) = self.value_phis.get(cur.0 as usize) {
            cur = *o;
        }
        cur
    }

    /// Ends the current block with an integer switch whose links pass explicit inputs.
    pub fn switch_with(&mut self, value: Var, cases: Vec<(i64, Block, Vec<(Operand<O::Const>, Span)>)>, default: (Block, Vec<(Operand<O::Const>, Span)>)) {
        if let Some(src) = self.current {
            let Operand::Var(value) = self.resolve(src, Operand::Var(value)) else { unreachable!("a variable resolves to a variable") };
            self.current = None;
            self.graph.block_mut(src).exitswitch = ExitSwitch::Switch(value);
            for (case, target, args) in cases {
                self.add_link(src, target, ExitCase::Int(case), args, None);
            }
            self.add_link(src, default.0, ExitCase::Default, default.1, None);
        }
    }

    /// Ends the current block with an integer switch; `default` must be given.
    pub fn switch(&mut self, value: Var, cases: &[(i64, Block)], default: Block) {
        if let Some(src) = self.current {
            let Operand::Var(value) = self.resolve(src, Operand::Var(value)) else { unreachable!("a variable resolves to a variable") };
            self.current = None;
            self.graph.block_mut(src).exitswitch = ExitSwitch::Switch(value);
            for &(case, target) in cases {
                self.add_link(src, target, ExitCase::Int(case), vec![], None);
            }
            self.add_link(src, default, ExitCase::Default, vec![], None);
        }
    }

    /// Ends the current block, whose last operation may raise: the normal path continues in
    /// `normal`; StopIteration goes to `stop` (if given); other exceptions go to `handler` (if
    /// given), whose first explicit input receives the exception instance. Without a handler,
    /// other exceptions propagate out of the function.
    pub fn catch_last(&mut self, normal: Block, stop: Option<Block>, handler: Option<Block>) {
        if let Some(src) = self.current.take() {
            self.graph.block_mut(src).exitswitch = ExitSwitch::LastException;
            self.add_link(src, normal, ExitCase::Always, vec![], None);
            if let Some(stop) = stop {
                self.add_link(src, stop, ExitCase::StopIteration, vec![], None);
            }
            if let Some(handler) = handler {
                let exc = self.new_var(None, None);
                self.add_link(src, handler, ExitCase::Exception, vec![(Operand::Var(exc), Span::DUMMY)], Some(exc));
            }
        }
    }

    /// Ends the current block by returning `value`.
    pub fn finish_return(&mut self, value: Operand<O::Const>, span: Span) {
        let target = self.graph.return_block;
        self.jump_with(target, vec![(value, span)]);
    }

    /// Ends the current block by raising `exc` out of the function.
    pub fn finish_raise(&mut self, exc: Operand<O::Const>, span: Span) {
        let target = self.graph.except_block;
        self.jump_with(target, vec![(exc, span)]);
    }

    /// Finishes the graph: drops unreachable blocks and renumbers blocks and variables in
    /// order of appearance, so the text form is stable.
    pub fn finish(self) -> Graph<O> {
        compact(self.graph).0
    }

    /// Like `finish`, also giving the new number of each old variable (`None` if dropped).
    pub fn finish_with_map(self) -> (Graph<O>, Vec<Option<Var>>) {
        compact(self.graph)
    }
}

/// Renumbers reachable blocks (depth-first preorder, final blocks kept) and variables in
/// order of first appearance.
pub fn compact<O: OpKind>(g: Graph<O>) -> (Graph<O>, Vec<Option<Var>>) {
    let mut order = g.reachable_blocks();
    for fb in [g.return_block, g.except_block] {
        if !order.contains(&fb) {
            order.push(fb);
        }
    }
    let mut block_map = vec![None; g.blocks.len()];
    for (new, old) in order.iter().enumerate() {
        block_map[old.0 as usize] = Some(Block(new as u32));
    }
    let mut var_map: Vec<Option<Var>> = vec![None; g.vars.len()];
    let mut new_vars = vec![];
    let mut map_var = |v: Var, vars: &mut Vec<crate::VarData>| -> Var {
        if let Some(n) = var_map[v.0 as usize] {
            return n;
        }
        let n = Var(vars.len() as u32);
        vars.push(g.vars[v.0 as usize].clone());
        var_map[v.0 as usize] = Some(n);
        n
    };
    let mut blocks = vec![];
    for old in &order {
        let data = g.block(*old);
        let inputs = data.inputs.iter().map(|v| map_var(*v, &mut new_vars)).collect();
        let mut ops = vec![];
        for op in &data.ops {
            let args = op.args.iter().map(|a| remap_operand(a, &mut |v| map_var(v, &mut new_vars))).collect();
            let result = map_var(op.result, &mut new_vars);
            ops.push(Op { kind: op.kind.clone(), args, result, span: op.span });
        }
        let exitswitch = match data.exitswitch {
            ExitSwitch::Bool(v) => ExitSwitch::Bool(map_var(v, &mut new_vars)),
            ExitSwitch::Switch(v) => ExitSwitch::Switch(map_var(v, &mut new_vars)),
            other => other,
        };
        let mut exits = vec![];
        for link in &data.exits {
            let exc_value = link.exc_value.map(|v| map_var(v, &mut new_vars));
            let args = link.args.iter().map(|a| remap_operand(a, &mut |v| map_var(v, &mut new_vars))).collect();
            exits.push(Link {
                target: block_map[link.target.0 as usize].expect("link into a dropped block"),
                args,
                spans: link.spans.clone(),
                exitcase: link.exitcase,
                exc_value,
            });
        }
        blocks.push(crate::BlockData { inputs, ops, exitswitch, exits });
    }
    let remap_block = |b: Block| block_map[b.0 as usize].expect("final block kept");
    let graph = Graph {
        name: g.name.clone(),
        span: g.span,
        start: remap_block(g.start),
        return_block: remap_block(g.return_block),
        except_block: remap_block(g.except_block),
        blocks,
        vars: new_vars,
    };
    (graph, var_map)
}

fn remap_operand<C: Clone>(a: &Operand<C>, f: &mut impl FnMut(Var) -> Var) -> Operand<C> {
    match a {
        Operand::Var(v) => Operand::Var(f(*v)),
        Operand::Const(c) => Operand::Const(c.clone()),
    }
}
