//! The GC transform for `--gc=gen`, run after every other pass. It makes generated code
//! cooperate with the precise, moving collector of `gc_gen.c`:
//!
//! - **Roots**: around each *collection point*, the GC pointers live across it are pushed on
//!   the shadow stack and reloaded afterwards (a collection may have moved their objects): the
//!   reload writes the variables in place (after this last pass, variables are no longer
//!   assigned once; the backends' C locals and LLVM value maps take it in their stride).
//!   Collection points: calls of functions that can collect (transitively, over the call
//!   graph; indirect calls through every function whose address is taken with that
//!   signature) and calls of runtime functions that call back into generated code
//!   (`gc_push_roots` before, `gc_pop_roots` after); mallocs (`gc_malloc`, whose inline fast
//!   path bumps the nursery and whose slow path, the only one that may collect, saves the
//!   roots); and *safe points*: the runtime's C code never collects (it allocates outside a
//!   full nursery and sets `rpy_gc_pending`), so after the last allocating runtime call of
//!   each block, `gc_safepoint` runs the pending collection, saving the roots only then.
//! - **Write barriers**: before each store of a GC pointer into an object (a field of a GC
//!   pointer type, or an item of an array of slots unless the value is known to be no
//!   pointer), except stores of constants (prebuilt objects are never young) and stores into
//!   an object allocated in the same block with no collection point since.
//!
//! Slots (`Unsigned`) holding GC pointers are roots too: a slot variable is known to hold a
//! pointer when it comes from `to_slot` of a pointer or goes to `from_slot` of one (through
//! links as well). A slot of unknown contents live across a collection point is an internal
//! error.
//!
//! `rpy_make_exception`, which the runtime calls from C code that holds unrooted pointers, must
//! not collect: its mallocs stay C allocations and it may call nothing that collects.

use rpy_flow::{Block, ExitSwitch, Op, Operand, Var};
use rpy_lltype::{FuncRef, LlConst, LlFunction, LlOp, LlProgram, LlType, StaticValue, Types};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a collection point looks like to the transform.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Point {
    /// Not a collection point.
    None,
    /// A malloc: the collection can only happen on its slow path.
    Alloc,
    /// A call during which a collection can happen.
    Call,
}

/// The functions the runtime calls from C code holding unrooted GC pointers.
fn must_not_collect(f: &LlFunction) -> bool {
    f.name == "rpy_make_exception"
}

struct Analysis {
    /// Per function: whether calling it can collect.
    collects: Vec<bool>,
    /// Per signature shape: whether a call through a pointer of that shape can collect.
    indirect: HashMap<Shape, bool>,
    types: Types,
}

/// A signature with every pointer type alike (a method's pointer in a vtable has its base
/// class's signature, the method its own class's).
type Shape = (Vec<LlType>, LlType);

fn shape(params: &[LlType], result: LlType) -> Shape {
    let erase = |t: LlType| match t {
        LlType::Ptr(_) => LlType::Ptr(rpy_lltype::TypeRef(0)),
        LlType::FuncPtr(_) => LlType::FuncPtr(rpy_lltype::SigRef(0)),
        t => t,
    };
    (params.iter().map(|t| erase(*t)).collect(), erase(result))
}

impl Analysis {
    fn point(&self, kind: &LlOp, in_no_collect: bool) -> Point {
        match kind {
            LlOp::Malloc(_) | LlOp::MallocVarsize(_) if !in_no_collect => Point::Alloc,
            LlOp::DirectCall(f) if self.collects[f.0 as usize] => Point::Call,
            LlOp::IndirectCall(s) if self.indirect_collects(*s) => Point::Call,
            LlOp::RuntimeCall(r) if r.calls_back() => Point::Call,
            _ => Point::None,
        }
    }

    fn indirect_collects(&self, s: rpy_lltype::SigRef) -> bool {
        let sig = self.types.signature(s);
        self.indirect.get(&shape(&sig.params, sig.result)).copied().unwrap_or(false)
    }

    /// Whether a safe point follows the operation (an allocating runtime call).
    fn allocates_in_c(kind: &LlOp) -> bool {
        matches!(kind, LlOp::RuntimeCall(r) if r.can_malloc())
    }
}

/// The functions whose address is taken, by the shape of their signature.
fn address_taken(program: &LlProgram) -> HashMap<Shape, Vec<FuncRef>> {
    let mut taken: BTreeSet<FuncRef> = BTreeSet::new();
    for f in &program.functions {
        for (_, op) in f.graph.operations() {
            for a in &op.args {
                if let Operand::Const(LlConst::Func(g)) = a {
                    taken.insert(*g);
                }
            }
        }
        for b in f.graph.reachable_blocks() {
            for l in &f.graph.block(b).exits {
                for a in &l.args {
                    if let Operand::Const(LlConst::Func(g)) = a {
                        taken.insert(*g);
                    }
                }
            }
        }
    }
    for s in &program.statics {
        for v in s.fields.iter().chain(&s.var_items) {
            if let StaticValue::Func(g) = v {
                taken.insert(*g);
            }
        }
    }
    let mut by_shape: HashMap<Shape, Vec<FuncRef>> = HashMap::new();
    for g in taken {
        let f = program.func(g);
        by_shape.entry(shape(&f.params, f.result)).or_default().push(g);
    }
    by_shape
}

/// Which functions can collect: those with a collection point of their own (or a safe
/// point), and their callers, to a fixpoint.
fn analyse(program: &LlProgram) -> Analysis {
    let by_sig = address_taken(program);
    let n = program.functions.len();
    let mut a = Analysis { collects: vec![false; n], indirect: HashMap::new(), types: program.types.clone() };
    loop {
        let mut changed = false;
        for (sig, funcs) in &by_sig {
            let c = funcs.iter().any(|f| a.collects[f.0 as usize]);
            if a.indirect.get(sig) != Some(&c) {
                a.indirect.insert(sig.clone(), c);
                changed = true;
            }
        }
        for (i, f) in program.functions.iter().enumerate() {
            if a.collects[i] || must_not_collect(f) {
                continue;
            }
            let c = f.graph.operations().any(|(_, op)| a.point(&op.kind, false) != Point::None || Analysis::allocates_in_c(&op.kind));
            if c {
                a.collects[i] = true;
                changed = true;
            }
        }
        if !changed {
            return a;
        }
    }
}

/// Runs the GC transform over every function.
pub fn transform_gc(program: &mut LlProgram) -> Result<(), String> {
    let analysis = analyse(program);
    let types = program.types.clone();
    let mut errors = vec![];
    for func in &mut program.functions {
        let no_collect = must_not_collect(func);
        insert_barriers(func, &types, &analysis, no_collect);
        if no_collect {
            if let Some((_, op)) = func.graph.operations().find(|(_, op)| analysis.point(&op.kind, true) != Point::None) {
                errors.push(format!("{}: must not collect, but calls {}", func.display, rpy_flow::OpKind::name(&op.kind)));
            }
            continue;
        }
        if let Err(e) = insert_roots(func, &types, &analysis) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("the GC transform:\n{}", errors.join("\n")))
    }
}

// ---------------------------------------------------------------------------- barriers

fn insert_barriers(func: &mut LlFunction, types: &Types, analysis: &Analysis, no_collect: bool) {
    for b in func.graph.reachable_blocks() {
        if func.graph.is_final(b) {
            continue;
        }
        let ops = std::mem::take(&mut func.graph.block_mut(b).ops);
        let mut out = Vec::with_capacity(ops.len());
        // Objects allocated in this block since its last collection point (young for sure).
        let mut fresh: HashSet<Var> = HashSet::new();
        // Slots made in this block by to_slot of something that is no GC pointer.
        let mut plain_slots: HashSet<Var> = HashSet::new();
        for op in ops {
            let target_is_fresh = matches!(op.args.first(), Some(Operand::Var(v)) if fresh.contains(v));
            let barrier = match &op.kind {
                LlOp::SetField(t, i) => {
                    let ft = types.struct_def(*t).fields[*i as usize].1;
                    ft.is_gc_ptr(types) && matches!(op.args[1], Operand::Var(_)) && !target_is_fresh
                }
                LlOp::SetVarItem(t) => {
                    let item = types.struct_def(*t).varsize;
                    let value_is_pointer = match (&op.args[2], item) {
                        (Operand::Var(v), Some(LlType::Unsigned)) => !plain_slots.contains(v),
                        (Operand::Var(_), Some(it)) => it.is_gc_ptr(types),
                        _ => false,
                    };
                    value_is_pointer && !target_is_fresh
                }
                _ => false,
            };
            if barrier {
                let (kind, args) = match op.kind {
                    LlOp::SetField(..) => (LlOp::GcWriteBarrier, vec![op.args[0].clone()]),
                    _ => (LlOp::GcWriteBarrierItem, vec![op.args[0].clone(), op.args[1].clone()]),
                };
                let v = new_var(func, LlType::Void);
                out.push(Op { kind, args, result: v, span: op.span });
            }
            match &op.kind {
                LlOp::Malloc(_) | LlOp::MallocVarsize(_) => {
                    // Its slow path may collect, promoting the objects allocated before.
                    if !no_collect {
                        fresh.clear();
                    }
                    fresh.insert(op.result);
                }
                LlOp::CastPtr(_) | LlOp::SameAs if target_is_fresh => {
                    fresh.insert(op.result);
                }
                LlOp::ToSlot(t) if !t.is_gc_ptr(types) => {
                    plain_slots.insert(op.result);
                }
                k => {
                    if analysis.point(k, no_collect) != Point::None || (!no_collect && Analysis::allocates_in_c(k)) {
                        fresh.clear();
                    }
                }
            }
            out.push(op);
        }
        func.graph.block_mut(b).ops = out;
    }
}

// ---------------------------------------------------------------------------- roots

fn new_var(func: &mut LlFunction, t: LlType) -> Var {
    let v = func.graph.new_var(None);
    func.var_types.push(t);
    v
}

fn op(kind: LlOp, args: Vec<Operand<LlConst>>, result: Var, span: rpy_source::Span) -> Op<LlOp> {
    Op { kind, args, result, span }
}

/// Whether each slot variable is known to hold GC pointers (true) or other values (false);
/// absent when unknown.
fn slot_contents(func: &LlFunction, types: &Types) -> HashMap<Var, bool> {
    let g = &func.graph;
    let mut known: HashMap<Var, bool> = HashMap::new();
    let blocks = g.reachable_blocks();
    for &b in &blocks {
        for op in &g.block(b).ops {
            match &op.kind {
                LlOp::ToSlot(t) => {
                    known.insert(op.result, t.is_gc_ptr(types));
                }
                LlOp::FromSlot(t) => {
                    if let Operand::Var(v) = op.args[0] {
                        known.insert(v, t.is_gc_ptr(types));
                    }
                }
                _ => {}
            }
        }
    }
    // Along links, both ways.
    loop {
        let mut changed = false;
        for &b in &blocks {
            for l in &g.block(b).exits {
                for (a, t) in l.args.iter().zip(&g.block(l.target).inputs) {
                    let Operand::Var(a) = a else { continue };
                    if func.var_types[a.0 as usize] != LlType::Unsigned {
                        continue;
                    }
                    match (known.get(a).copied(), known.get(t).copied()) {
                        (Some(x), None) => {
                            known.insert(*t, x);
                            changed = true;
                        }
                        (None, Some(x)) => {
                            known.insert(*a, x);
                            changed = true;
                        }
                        _ => {}
                    }
                }
            }
        }
        if !changed {
            return known;
        }
    }
}

struct RootCx<'a> {
    types: &'a Types,
    slots: HashMap<Var, bool>,
    errors: Vec<String>,
}

impl RootCx<'_> {
    /// The roots among the variables live across a point (in a deterministic order).
    fn roots(&mut self, func: &LlFunction, live: &HashSet<Var>, except: Option<Var>) -> Vec<Var> {
        let mut r: Vec<Var> = live
            .iter()
            .copied()
            .filter(|v| Some(*v) != except)
            .filter(|v| {
                let t = func.var_types[v.0 as usize];
                if t.is_gc_ptr(self.types) {
                    return true;
                }
                if t != LlType::Unsigned {
                    return false;
                }
                match self.slots.get(v) {
                    Some(p) => *p,
                    None => {
                        self.errors.push(format!("{}: cannot tell whether slot v{} (live across a collection point) holds a GC pointer", func.display, v.0));
                        false
                    }
                }
            })
            .collect();
        r.sort();
        r
    }
}

/// Adds the variables among `args` to `live`.
fn uses(args: &[Operand<LlConst>], live: &mut HashSet<Var>) {
    for a in args {
        if let Operand::Var(v) = a {
            live.insert(*v);
        }
    }
}

fn insert_roots(func: &mut LlFunction, types: &Types, analysis: &Analysis) -> Result<(), String> {
    let mut cx = RootCx { types, slots: slot_contents(func, types), errors: vec![] };
    for b in func.graph.reachable_blocks() {
        if func.graph.is_final(b) {
            continue;
        }
        transform_block(func, b, analysis, &mut cx);
    }
    if cx.errors.is_empty() {
        Ok(())
    } else {
        cx.errors.dedup();
        Err(cx.errors.join("\n"))
    }
}

/// Walks the block backwards, keeping the set of variables live after the current
/// operation, and rewrites each collection point (insertions only happen at or after the
/// current position, so the earlier positions stay where they were).
fn transform_block(func: &mut LlFunction, b: Block, analysis: &Analysis, cx: &mut RootCx) {
    let data = func.graph.block(b);
    let mut live: HashSet<Var> = HashSet::new();
    for l in &data.exits {
        for a in &l.args {
            if let Operand::Var(v) = a {
                if Some(*v) != l.exc_value {
                    live.insert(*v);
                }
            }
        }
    }
    if let ExitSwitch::Bool(v) | ExitSwitch::Switch(v) = data.exitswitch {
        live.insert(v);
    }
    let safepoint = data.ops.iter().rposition(|op| Analysis::allocates_in_c(&op.kind));
    let mut i = data.ops.len();
    while i > 0 {
        i -= 1;
        let (kind, result, args, span) = {
            let o = &func.graph.block(b).ops[i];
            (o.kind.clone(), o.result, o.args.clone(), o.span)
        };
        let insert = |func: &mut LlFunction, at: usize, kind: LlOp, roots: &[Var]| {
            let v = new_var(func, LlType::Void);
            func.graph.block_mut(b).ops.insert(at, op(kind, roots.iter().map(|r| Operand::Var(*r)).collect(), v, span));
        };
        if Some(i) == safepoint {
            let roots = cx.roots(func, &live, None);
            insert(func, i + 1, LlOp::GcSafepoint, &roots);
        }
        match analysis.point(&kind, false) {
            Point::None => {}
            Point::Call => {
                let roots = cx.roots(func, &live, Some(result));
                if !roots.is_empty() {
                    insert(func, i + 1, LlOp::GcPopRoots, &roots);
                    insert(func, i, LlOp::GcPushRoots, &roots);
                }
            }
            Point::Alloc => {
                let roots = cx.roots(func, &live, Some(result));
                let o = &mut func.graph.block_mut(b).ops[i];
                o.kind = match kind {
                    LlOp::Malloc(t) => LlOp::GcMalloc(t),
                    LlOp::MallocVarsize(t) => LlOp::GcMallocVarsize(t),
                    _ => unreachable!("only mallocs are allocation points"),
                };
                o.args.extend(roots.iter().map(|r| Operand::Var(*r)));
            }
        }
        live.remove(&result);
        uses(&args, &mut live);
    }
}
