//! Builds the flow graph of one function from its AST: statements and expressions become
//! high-level operations in blocks, control flow becomes links, and locals are resolved by
//! the SSI builder. Module-level names are looked up now and become constants (the program's
//! globals are frozen after module evaluation).
//!
//! Exceptions: an operation that may raise, inside a `try`, ends its block with an exception
//! link to the handler's dispatch block; outside a `try` it propagates implicitly (the
//! exception transform adds the checks). `finally` bodies are duplicated on every path out of
//! the `try` (normal, exception, return, break, continue).

use crate::loader::builtin_name;
use crate::modeval::literal;
use crate::objects::{FunctionBody, Object};
use crate::scope::{self, Scope};
use crate::util::{header_span, span, unsupported};
use crate::Program;
use rpy_flow::{Block, Constant, FlowGraph, GraphBuilder, HlOp, ObjRef, Operand, Var};
use rpy_source::{Diagnostic, ErrorCode, FileId, Span};
use rpy_stdlib::unsupported_builtin;
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};
use indexmap::{IndexMap, IndexSet};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

type Value = Operand<Constant>;
/// `Err(())` means a diagnostic was recorded and the current statement is abandoned.
type R<T> = Result<T, ()>;

/// Builds the flow graph of the function `func`.
pub fn build_flow_graph(prog: &mut Program, func: ObjRef) -> Result<FlowGraph, Vec<Diagnostic>> {
    let Some(f) = prog.objects.function(func).cloned() else {
        return Err(vec![Diagnostic::internal(format!("build_flow_graph: object {} is not a function", func.0))]);
    };
    match &f.body {
        FunctionBody::GeneratorIter => return Ok(crate::generator::iter_graph(&f)),
        FunctionBody::GeneratorNext { generator } => {
            let generator = *generator;
            let mut body = build_body_graph(prog, generator, true)?;
            body.name = f.qualname.clone();
            let n = prog.objects.function(generator).map_or(0, crate::generator::n_stored_params);
            let stop = prog.exception_class("StopIteration");
            return crate::generator::resumable(body, n, stop, f.span);
        }
        _ => {}
    }
    if f.is_generator {
        return crate::generator::constructor_graph(prog, func);
    }
    build_body_graph(prog, func, false)
}

/// The graph of a function's body (with `yield_` operations for a generator's body).
fn build_body_graph(prog: &mut Program, func: ObjRef, generator: bool) -> Result<FlowGraph, Vec<Diagnostic>> {
    let Some(f) = prog.objects.function(func).cloned() else {
        return Err(vec![Diagnostic::internal(format!("build_flow_graph: object {} is not a function", func.0))]);
    };
    // A lambda's body is one `return`.
    let (body, range): (Vec<Stmt>, rustpython_parser::text_size::TextRange) = match &f.body {
        FunctionBody::Def(d) => (d.body.clone(), d.range),
        FunctionBody::Lambda(l) => (vec![Stmt::Return(ast::StmtReturn { range: l.range, value: Some(l.body.clone()) })], l.range),
        FunctionBody::GeneratorNext { .. } | FunctionBody::GeneratorIter => {
            return Err(vec![Diagnostic::internal("the body of a generator method is built from its generator")]);
        }
    };
    let param_names: Vec<String> = f.params.iter().map(|p| p.name.clone()).collect();
    let (scope, diags) = scope::analyze(f.file, &param_names, &body);
    let _ = header_span;
    if !diags.is_empty() {
        return Err(diags);
    }
    // Variables that nested functions read live in an environment object, so that the
    // nested functions see their current values (late binding).
    let free: IndexMap<String, u32> = f.free_vars.iter().cloned().collect();
    let mut cells: IndexSet<String> = IndexSet::new();
    let mut needs_env = false;
    for nested in scope::nested_functions(&body) {
        let names = match &nested {
            scope::Nested::Def(d) => scope::free_names(f.file, &nested.params(), &d.body),
            scope::Nested::Lambda(l) => scope::free_names_lambda(f.file, l),
        };
        for n in names {
            if scope.locals.contains(&n) {
                cells.insert(n);
                needs_env = true;
            } else if free.contains_key(&n) {
                needs_env = true;
            }
        }
    }
    let mut params: Vec<(String, Span)> = f.params.iter().map(|p| (p.name.clone(), p.span)).collect();
    if f.closure_env.is_some() {
        params.insert(0, ("$closure".to_string(), f.span));
    }
    let builder = GraphBuilder::new(f.qualname.clone(), f.span, &params, Constant::Undefined);
    let mut fb = FnBuilder {
        prog,
        func,
        generator,
        file: f.file,
        module: f.module,
        class: f.class,
        self_param: f.params.first().map(|p| p.name.clone()),
        b: builder,
        scope,
        cells,
        free,
        has_env: false,
        loops: vec![],
        handlers: vec![],
        finallies: vec![],
        current_exc: vec![],
        renames: vec![],
        diags: vec![],
        n_temps: 0,
        known_bool: HashSet::new(),
    };
    if needs_env {
        fb.make_env(f.span, &param_names);
    }
    let def_body: &[Stmt] = &body;
    let def = DefInfo { range };
    fb.body(def_body);
    if fb.b.current().is_some() {
        let end = Span::new(f.file, def.range.end().to_u32(), def.range.end().to_u32());
        fb.b.finish_return(Operand::Const(Constant::None), end);
    }
    let undefined: Vec<(String, Span)> = fb.b.undefined_reads().iter().map(|(n, s)| (n.clone(), *s)).collect();
    for (name, sp) in undefined {
        if name.starts_with('$') {
            continue;
        }
        fb.diags.push(
            Diagnostic::at(ErrorCode::UnknownName, sp, format!("local variable `{name}` may be read before it is assigned"))
                .with_note("on some path to this point (for example, when a loop runs zero times, or a branch is skipped) the variable has no value")
                .with_help(format!("assign `{name}` a value before the branch or loop")),
        );
    }
    if !fb.diags.is_empty() {
        return Err(fb.diags);
    }
    Ok(fb.b.finish())
}

struct DefInfo {
    range: rustpython_parser::text_size::TextRange,
}

struct LoopCtx {
    continue_to: Block,
    break_to: Block,
    /// Number of `finally` bodies enclosing the loop.
    n_finallies: usize,
}

struct FinallyCtx<'a> {
    body: &'a [Stmt],
    /// Handler-stack depth outside the `try` this `finally` belongs to.
    n_handlers: usize,
}

struct FnBuilder<'p, 'a> {
    prog: &'p mut Program,
    func: ObjRef,
    /// Building a generator's body: `yield` is allowed.
    generator: bool,
    file: FileId,
    module: ObjRef,
    class: Option<ObjRef>,
    self_param: Option<String>,
    b: GraphBuilder<HlOp>,
    scope: Scope,
    /// Locals that nested functions read: kept in the environment object `$env`.
    cells: IndexSet<String>,
    /// Variables of enclosing functions read here, with their environment depth.
    free: IndexMap<String, u32>,
    /// Whether `$env` exists.
    has_env: bool,
    loops: Vec<LoopCtx>,
    /// Where exceptions raised here go: dispatch blocks taking the exception as input 0.
    handlers: Vec<Block>,
    finallies: Vec<FinallyCtx<'a>>,
    /// The exception being handled, for bare `raise`.
    current_exc: Vec<Value>,
    /// Comprehension variables, renamed so they do not clash with the function's locals.
    renames: Vec<HashMap<String, String>>,
    diags: Vec<Diagnostic>,
    n_temps: u32,
    /// Variables known to hold a bool (results of comparisons), which need no `bool` op.
    known_bool: HashSet<Var>,
}

fn cmp_op(op: ast::CmpOp) -> HlOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => HlOp::Eq,
        C::NotEq => HlOp::Ne,
        C::Lt => HlOp::Lt,
        C::LtE => HlOp::Le,
        C::Gt => HlOp::Gt,
        C::GtE => HlOp::Ge,
        C::Is | C::IsNot => HlOp::Is,
        C::In | C::NotIn => HlOp::Contains,
    }
}

fn bin_op(op: ast::Operator, inplace: bool) -> Option<HlOp> {
    use ast::Operator as O;
    Some(match (op, inplace) {
        (O::Add, false) => HlOp::Add,
        (O::Sub, false) => HlOp::Sub,
        (O::Mult, false) => HlOp::Mul,
        (O::Div, false) => HlOp::TrueDiv,
        (O::FloorDiv, false) => HlOp::FloorDiv,
        (O::Mod, false) => HlOp::Mod,
        (O::Pow, false) => HlOp::Pow,
        (O::LShift, false) => HlOp::LShift,
        (O::RShift, false) => HlOp::RShift,
        (O::BitAnd, false) => HlOp::BitAnd,
        (O::BitOr, false) => HlOp::BitOr,
        (O::BitXor, false) => HlOp::BitXor,
        (O::Add, true) => HlOp::InplaceAdd,
        (O::Sub, true) => HlOp::InplaceSub,
        (O::Mult, true) => HlOp::InplaceMul,
        (O::Div, true) => HlOp::InplaceTrueDiv,
        (O::FloorDiv, true) => HlOp::InplaceFloorDiv,
        (O::Mod, true) => HlOp::InplaceMod,
        (O::Pow, true) => HlOp::InplacePow,
        (O::LShift, true) => HlOp::InplaceLShift,
        (O::RShift, true) => HlOp::InplaceRShift,
        (O::BitAnd, true) => HlOp::InplaceAnd,
        (O::BitOr, true) => HlOp::InplaceOr,
        (O::BitXor, true) => HlOp::InplaceXor,
        (O::MatMult, _) => return None,
    })
}

impl<'p, 'a> FnBuilder<'p, 'a> {
    fn sp(&self, r: &impl Ranged) -> Span {
        span(self.file, r.range())
    }

    fn fail<T>(&mut self, d: Diagnostic) -> R<T> {
        self.diags.push(d);
        Err(())
    }

    fn temp(&mut self, what: &str) -> String {
        self.n_temps += 1;
        format!("${what}{}", self.n_temps)
    }

    /// Emits an operation; inside a `try`, an operation that may raise ends the block with an
    /// exception link to the innermost handler.
    fn emit(&mut self, kind: HlOp, args: Vec<Value>, sp: Span) -> Value {
        if self.b.current().is_none() {
            // Code no path reaches (after a constant test): nothing to build.
            return Operand::Const(Constant::None);
        }
        let v = self.b.emit(kind, args, sp);
        let is_bool = matches!(kind, HlOp::Lt | HlOp::Le | HlOp::Eq | HlOp::Ne | HlOp::Gt | HlOp::Ge | HlOp::Is | HlOp::Contains | HlOp::Not | HlOp::Bool | HlOp::ExcMatch);
        if is_bool {
            self.known_bool.insert(v);
        }
        if let (Some(handler), true) = (self.handlers.last().copied(), kind.may_raise()) {
            let next = self.b.new_block();
            self.b.catch_last(next, None, Some(handler));
            self.b.seal(next);
            self.b.switch_to(next);
        }
        Operand::Var(v)
    }

    /// Raises `exc` to the innermost handler, or out of the function.
    fn raise_value(&mut self, exc: Value, sp: Span) {
        match self.handlers.last().copied() {
            Some(h) => self.b.jump_with(h, vec![(exc, sp)]),
            None => self.b.finish_raise(exc, sp),
        }
    }

    // ------------------------------------------------------------------ statements

    fn body(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            if self.b.current().is_none() {
                // Code after return/raise/break/continue is unreachable.
                return;
            }
            if self.stmt(s).is_err() {
                // One error per function: what follows would only repeat its consequences.
                self.b.set_unreachable();
                return;
            }
        }
    }

    fn stmt(&mut self, s: &'a Stmt) -> R<()> {
        let sp = self.sp(s);
        match s {
            Stmt::Expr(e) => {
                if !matches!(&*e.value, Expr::Constant(_)) {
                    self.expr(&e.value)?;
                }
            }
            Stmt::Pass(_) | Stmt::Global(_) => {}
            Stmt::Assign(a) => {
                if let [target] = a.targets.as_slice() {
                    if let (Some(ts), Some(vs)) = (seq_elts(target), seq_elts(&a.value)) {
                        if ts.len() == vs.len() && !ts.iter().chain(vs.iter()).any(|e| matches!(e, Expr::Starred(_))) {
                            // `a, b = b, a`: evaluate every value before assigning any.
                            let values = vs.iter().map(|v| self.expr(v)).collect::<R<Vec<_>>>()?;
                            for (t, v) in ts.iter().zip(values) {
                                self.assign(t, v, sp)?;
                            }
                            return Ok(());
                        }
                    }
                }
                let v = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign(t, v.clone(), sp)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.expr(value)?;
                    self.assign(&a.target, v, sp)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a, sp)?,
            Stmt::If(i) => self.if_stmt(&i.test, &i.body, &i.orelse)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(_) => {
                let Some(lp) = self.loops.last() else { return self.fail(Diagnostic::at(ErrorCode::Syntax, sp, "`break` outside a loop")) };
                let (target, depth) = (lp.break_to, lp.n_finallies);
                self.run_finallies_down_to(depth);
                self.b.jump(target);
            }
            Stmt::Continue(_) => {
                let Some(lp) = self.loops.last() else { return self.fail(Diagnostic::at(ErrorCode::Syntax, sp, "`continue` outside a loop")) };
                let (target, depth) = (lp.continue_to, lp.n_finallies);
                self.run_finallies_down_to(depth);
                self.b.jump(target);
            }
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.expr(e)?,
                    None => Operand::Const(Constant::None),
                };
                // The value crosses the finally bodies in a temporary local.
                let tmp = self.temp("ret");
                self.b.def_local(&tmp, v, sp);
                self.run_finallies_down_to(0);
                if self.b.current().is_some() {
                    let v = self.b.use_local(&tmp, sp);
                    self.b.finish_return(v, sp);
                }
            }
            Stmt::Raise(r) => {
                let exc = match &r.exc {
                    Some(e) => {
                        let v = self.expr(e)?;
                        if let Some(cause) = &r.cause {
                            self.expr(cause)?;
                        }
                        self.emit(HlOp::ExcInstance, vec![v], sp)
                    }
                    None => match self.current_exc.last() {
                        Some(e) => e.clone(),
                        None => {
                            return self.fail(unsupported(sp, "a bare `raise` outside an `except` clause", "raise an exception instance"));
                        }
                    },
                };
                if self.b.current().is_some() {
                    self.raise_value(exc, sp);
                }
            }
            Stmt::Assert(a) => {
                let ok = self.b.new_block();
                let fail = self.b.new_block();
                self.branch_on(&a.test, fail, ok)?;
                self.b.seal(fail);
                self.b.switch_to(fail);
                // Unreachable when the test is a constant true.
                if self.b.current().is_some() {
                    let msg = match &a.msg {
                        Some(m) => self.expr(m)?,
                        None => Operand::Const(Constant::None),
                    };
                    let exc = self.emit(HlOp::AssertionError, vec![msg], sp);
                    self.raise_value(exc, sp);
                }
                self.b.seal(ok);
                self.b.switch_to(ok);
            }
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::Delete(d) => {
                for target in &d.targets {
                    let tsp = self.sp(target);
                    match target {
                        Expr::Subscript(sub) => {
                            let obj = self.expr(&sub.value)?;
                            if let Expr::Slice(sl) = &*sub.slice {
                                let (lo, hi, st) = self.slice_bounds(sl)?;
                                self.emit(HlOp::DelSlice, vec![obj, lo, hi, st], tsp);
                            } else {
                                let key = self.expr(&sub.slice)?;
                                self.emit(HlOp::DelItem, vec![obj, key], tsp);
                            }
                        }
                        _ => return self.fail(unsupported(tsp, "this `del` target", "only `del x[i]`, `del x[a:b]` and `del d[k]` are supported")),
                    }
                }
            }
            Stmt::FunctionDef(def) => {
                let names: Vec<String> = def.args.args.iter().map(|a| a.def.arg.to_string()).collect();
                let (_, inner) = scope::analyze(self.file, &names, &def.body);
                if let Some(d) = inner.into_iter().next() {
                    return self.fail(d);
                }
                if let Some(d) = def.decorator_list.first() {
                    return self.fail(unsupported(self.sp(d), "a decorator on a nested function", ""));
                }
                let head = header_span(self.file, s.range(), &self.prog.sources.file(self.file).text);
                let body = crate::objects::FunctionBody::Def(Rc::new(def.clone()));
                let v = self.nested_function(def.name.as_str(), &def.args, body, &scope::Nested::Def(def), def.range, head)?;
                self.write_name(def.name.as_str(), v, sp);
            }
            Stmt::With(_) => return self.fail(unsupported(sp, "the `with` statement", "call open() and close() explicitly")),
            // Rejected by the scope analysis before building.
            _ => return self.fail(unsupported(sp, "this statement", "")),
        }
        Ok(())
    }

    /// Runs the `finally` bodies from the innermost down to (not including) index `depth`,
    /// on a path leaving them by return/break/continue.
    fn run_finallies_down_to(&mut self, depth: usize) {
        let mut i = self.finallies.len();
        while i > depth && self.b.current().is_some() {
            i -= 1;
            let body = self.finallies[i].body;
            let n_handlers = self.finallies[i].n_handlers;
            let saved_finallies = self.finallies.split_off(i);
            let saved_handlers = self.handlers.split_off(n_handlers);
            self.body(body);
            self.handlers.extend(saved_handlers);
            self.finallies.extend(saved_finallies);
        }
    }

    fn assign(&mut self, target: &Expr, value: Value, sp: Span) -> R<()> {
        match target {
            Expr::Name(n) => self.write_name(n.id.as_str(), value, sp),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    return self.fail(unsupported(self.sp(target), "starred assignment (`a, *rest = ...`)", "unpack with indexing and slicing"));
                }
                let seq = self.emit(HlOp::Unpack, vec![value, Operand::Const(Constant::Int(elts.len() as i64))], sp);
                for (i, t) in elts.iter().enumerate() {
                    let item = self.emit(HlOp::GetItem, vec![seq.clone(), Operand::Const(Constant::Int(i as i64))], sp);
                    self.assign(t, item, sp)?;
                }
            }
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                self.emit(HlOp::SetAttr, vec![obj, Operand::Const(Constant::str(a.attr.as_str())), value], self.sp(target));
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                if let Expr::Slice(sl) = &*s.slice {
                    let (lo, hi, st) = self.slice_bounds(sl)?;
                    self.emit(HlOp::SetSlice, vec![obj, lo, hi, st, value], self.sp(target));
                } else {
                    let key = self.expr(&s.slice)?;
                    self.emit(HlOp::SetItem, vec![obj, key, value], self.sp(target));
                }
            }
            Expr::Starred(_) => return self.fail(unsupported(self.sp(target), "starred assignment", "")),
            other => return self.fail(Diagnostic::at(ErrorCode::Syntax, self.sp(other), "cannot assign to this expression")),
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign, sp: Span) -> R<()> {
        let Some(op) = bin_op(a.op, true) else { return self.fail(unsupported(sp, "the `@` operator", "")) };
        match &*a.target {
            Expr::Name(n) => {
                let cur = self.read_name(n.id.as_str(), self.sp(&*a.target))?;
                let rhs = self.expr(&a.value)?;
                let new = self.emit(op, vec![cur, rhs], sp);
                self.write_name(n.id.as_str(), new, sp);
            }
            Expr::Attribute(at) => {
                let obj = self.expr(&at.value)?;
                let name = Operand::Const(Constant::str(at.attr.as_str()));
                let cur = self.emit(HlOp::GetAttr, vec![obj.clone(), name.clone()], sp);
                let rhs = self.expr(&a.value)?;
                let new = self.emit(op, vec![cur, rhs], sp);
                self.emit(HlOp::SetAttr, vec![obj, name, new], sp);
            }
            Expr::Subscript(s) if !matches!(&*s.slice, Expr::Slice(_)) => {
                let obj = self.expr(&s.value)?;
                let key = self.expr(&s.slice)?;
                let cur = self.emit(HlOp::GetItem, vec![obj.clone(), key.clone()], sp);
                let rhs = self.expr(&a.value)?;
                let new = self.emit(op, vec![cur, rhs], sp);
                self.emit(HlOp::SetItem, vec![obj, key, new], sp);
            }
            other => return self.fail(unsupported(self.sp(other), "augmented assignment to this target", "")),
        }
        Ok(())
    }

    fn if_stmt(&mut self, test: &Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> R<()> {
        if let Some(c) = self.constant_truth(test) {
            self.body(if c { body } else { orelse });
            return Ok(());
        }
        let then_b = self.b.new_block();
        let else_b = self.b.new_block();
        let join = self.b.new_block();
        self.branch_on(test, else_b, then_b)?;
        self.b.seal(then_b);
        self.b.seal(else_b);
        self.b.switch_to(then_b);
        self.body(body);
        self.b.jump(join);
        self.b.switch_to(else_b);
        self.body(orelse);
        self.b.jump(join);
        self.b.seal(join);
        self.b.switch_to(join);
        Ok(())
    }

    /// The truth value of a test known while building (`while True`, `if 0`).
    fn constant_truth(&self, test: &Expr) -> Option<bool> {
        match test {
            Expr::Constant(c) => literal(&c.value, Span::DUMMY).ok().and_then(|c| c.truth()),
            _ => None,
        }
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> R<()> {
        let header = self.b.new_block();
        let body_b = self.b.new_block();
        let else_b = self.b.new_block();
        let after = self.b.new_block();
        self.b.jump(header);
        self.b.switch_to(header);
        match self.constant_truth(&w.test) {
            Some(true) => self.b.jump(body_b),
            Some(false) => self.b.jump(else_b),
            None => self.branch_on(&w.test, else_b, body_b)?,
        }
        self.b.seal(body_b);
        self.b.switch_to(body_b);
        self.loops.push(LoopCtx { continue_to: header, break_to: after, n_finallies: self.finallies.len() });
        self.body(&w.body);
        self.loops.pop();
        self.b.jump(header);
        self.b.seal(header);
        self.b.seal(else_b);
        self.b.switch_to(else_b);
        self.body(&w.orelse);
        self.b.jump(after);
        self.b.seal(after);
        self.b.switch_to(after);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> R<()> {
        let sp = self.sp(&*f.iter);
        let iterable = self.expr(&f.iter)?;
        let it = self.emit(HlOp::Iter, vec![iterable], sp);
        let it_name = self.temp("iter");
        self.b.def_local(&it_name, it, sp);
        let (header, body_b, else_b, after) = (self.b.new_block(), self.b.new_block(), self.b.new_block(), self.b.new_block());
        self.b.jump(header);
        self.b.switch_to(header);
        let item = self.next_with_stop(&it_name, sp, body_b, else_b);
        self.b.seal(body_b);
        self.b.switch_to(body_b);
        let item = self.b.use_local(&item, sp);
        self.assign(&f.target, item, self.sp(&*f.target))?;
        self.loops.push(LoopCtx { continue_to: header, break_to: after, n_finallies: self.finallies.len() });
        self.body(&f.body);
        self.loops.pop();
        self.b.jump(header);
        self.b.seal(header);
        self.b.seal(else_b);
        self.b.switch_to(else_b);
        self.body(&f.orelse);
        self.b.jump(after);
        self.b.seal(after);
        self.b.switch_to(after);
        Ok(())
    }

    /// In the current block: `next` of the iterator in local `it_name`, continuing in
    /// `normal` with the item in the returned temporary local, or in `stop` at the end.
    fn next_with_stop(&mut self, it_name: &str, sp: Span, normal: Block, stop: Block) -> String {
        let it = self.b.use_local(it_name, sp);
        let item = self.b.emit(HlOp::Next, vec![it], sp);
        let item_name = self.temp("item");
        self.b.def_local(&item_name, Operand::Var(item), sp);
        let handler = self.handlers.last().copied();
        self.b.catch_last(normal, Some(stop), handler);
        item_name
    }

    fn try_stmt(&mut self, t: &'a ast::StmtTry) -> R<()> {
        let has_finally = !t.finalbody.is_empty();
        let outer_handlers = self.handlers.len();
        let fin_exc = if has_finally {
            let (blk, _) = self.b.new_block_with_inputs(&[Some("$exc")]);
            self.finallies.push(FinallyCtx { body: &t.finalbody, n_handlers: outer_handlers });
            self.handlers.push(blk);
            Some(blk)
        } else {
            None
        };
        let dispatch = if t.handlers.is_empty() {
            None
        } else {
            let (blk, _) = self.b.new_block_with_inputs(&[Some("$exc")]);
            self.handlers.push(blk);
            Some(blk)
        };
        let after = self.b.new_block();
        self.body(&t.body);
        if dispatch.is_some() {
            self.handlers.pop();
        }
        self.body(&t.orelse);
        self.b.jump(after);
        if let Some(dispatch) = dispatch {
            self.b.seal(dispatch);
            self.b.switch_to(dispatch);
            let exc = Operand::Var(self.b.graph.block(dispatch).inputs[0]);
            for h in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                let hsp = self.sp(h);
                if self.b.current().is_none() {
                    break;
                }
                let handler_body = self.b.new_block();
                let next_test = self.b.new_block();
                match &h.type_ {
                    Some(ty) => {
                        let cls = self.expr(ty)?;
                        let m = self.emit(HlOp::ExcMatch, vec![exc.clone(), cls], hsp);
                        let Operand::Var(m) = m else { unreachable!("exc_match gives a variable") };
                        self.b.branch(m, next_test, handler_body);
                    }
                    None => self.b.jump(handler_body),
                }
                self.b.seal(handler_body);
                self.b.switch_to(handler_body);
                let exc_here = exc.clone();
                if let Some(name) = &h.name {
                    self.write_name(name.as_str(), exc_here.clone(), hsp);
                }
                self.current_exc.push(exc_here);
                self.body(&h.body);
                self.current_exc.pop();
                self.b.jump(after);
                self.b.seal(next_test);
                self.b.switch_to(next_test);
            }
            // No clause matched: propagate to the enclosing handler.
            if self.b.current().is_some() {
                self.raise_value(exc.clone(), Span::DUMMY);
            }
        }
        self.b.seal(after);
        self.b.switch_to(after);
        if let Some(fin_exc) = fin_exc {
            self.handlers.pop();
            let ctx = self.finallies.pop().expect("pushed above");
            // Normal path: the finally body runs inline after the try.
            self.body(ctx.body);
            let resume = self.b.current();
            // Exception path: run the finally body, then re-raise.
            self.b.seal(fin_exc);
            self.b.switch_to(fin_exc);
            let exc = Operand::Var(self.b.graph.block(fin_exc).inputs[0]);
            let tmp = self.temp("finexc");
            self.b.def_local(&tmp, exc, Span::DUMMY);
            self.body(ctx.body);
            if self.b.current().is_some() {
                let exc = self.b.use_local(&tmp, Span::DUMMY);
                self.raise_value(exc, Span::DUMMY);
            }
            match resume {
                Some(b) => self.b.switch_to(b),
                None => self.b.set_unreachable(),
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------------ conditions

    /// Ends the current block with a branch on the truth of `test`.
    fn branch_on(&mut self, test: &Expr, if_false: Block, if_true: Block) -> R<()> {
        // In a condition only truth matters: `and`, `or` and `not` become control flow, so
        // their operands may have different types (`while node is not None or stack:`).
        match test {
            Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    if i + 1 == n {
                        return self.branch_on(v, if_false, if_true);
                    }
                    let next = self.b.new_block();
                    if is_and {
                        self.branch_on(v, if_false, next)?;
                    } else {
                        self.branch_on(v, next, if_true)?;
                    }
                    self.b.seal(next);
                    self.b.switch_to(next);
                    if self.b.current().is_none() {
                        return Ok(());
                    }
                }
                return Ok(());
            }
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::Not) => return self.branch_on(&u.operand, if_true, if_false),
            _ => {}
        }
        let v = self.expr(test)?;
        let sp = self.sp(test);
        let c = self.to_bool(v, sp);
        match c {
            Operand::Var(cv) => self.b.branch(cv, if_false, if_true),
            Operand::Const(k) => match k.truth() {
                Some(true) => self.b.jump(if_true),
                Some(false) => self.b.jump(if_false),
                None => {
                    let cv = self.emit(HlOp::Bool, vec![Operand::Const(k)], sp);
                    let Operand::Var(cv) = cv else { unreachable!() };
                    self.b.branch(cv, if_false, if_true);
                }
            },
        }
        Ok(())
    }

    fn to_bool(&mut self, v: Value, sp: Span) -> Value {
        match v {
            Operand::Var(var) if self.known_bool.contains(&var) => Operand::Var(var),
            Operand::Const(c) if c.truth().is_some() => Operand::Const(Constant::Bool(c.truth().unwrap_or(false))),
            other => self.emit(HlOp::Bool, vec![other], sp),
        }
    }

    // ------------------------------------------------------------------ names

    /// Assigns a local (in the environment when nested functions read it).
    fn write_name(&mut self, name: &str, value: Value, sp: Span) {
        let renamed = self.local_name(name);
        if renamed == name && self.has_env && self.cells.contains(name) {
            let env = self.b.use_local("$env", sp);
            self.emit(HlOp::SetAttr, vec![env, Operand::Const(Constant::str(name)), value], sp);
        } else {
            self.b.def_local(&renamed, value, sp);
        }
    }

    /// Creates this call's environment object at the start of the function.
    fn make_env(&mut self, sp: Span, params: &[String]) {
        let class = self.env_class();
        let env = self.emit(HlOp::SimpleCall, vec![Operand::Const(Constant::Obj(class))], sp);
        self.b.def_local("$env", env.clone(), sp);
        self.has_env = true;
        if self.prog.objects.function(self.func).is_some_and(|f| f.closure_env.is_some()) {
            let up = self.b.use_local("$closure", sp);
            self.emit(HlOp::SetAttr, vec![env.clone(), Operand::Const(Constant::str("$up")), up], sp);
        }
        for p in params {
            if self.cells.contains(p) {
                let v = self.b.use_local(p, sp);
                self.emit(HlOp::SetAttr, vec![env.clone(), Operand::Const(Constant::str(p)), v], sp);
            }
        }
    }

    /// The environment class of this function (made once).
    fn env_class(&mut self) -> ObjRef {
        if let Some(c) = self.prog.env_classes.get(&self.func) {
            return *c;
        }
        let qualname = self.prog.objects.function(self.func).map(|f| format!("{}.<env>", f.qualname)).unwrap_or_default();
        let base = self.prog.env_base;
        let c = self.prog.objects.add(Object::Class(crate::objects::ClassDef {
            name: qualname.clone(),
            qualname,
            module: Some(self.module),
            span: Span::DUMMY,
            base: Some(base),
            mixins: vec![],
            dict: Default::default(),
            builtin: false,
        }));
        self.prog.env_classes.insert(self.func, c);
        c
    }

    /// The value of a nested `def` or `lambda`: a function, bound to this call's environment
    /// when it reads variables of enclosing functions.
    fn nested_function(&mut self, name: &str, args: &ast::Arguments, body: crate::objects::FunctionBody, nested: &scope::Nested, range: rustpython_parser::text_size::TextRange, sp: Span) -> R<Value> {
        if args.vararg.is_some() || args.kwarg.is_some() {
            return self.fail(unsupported(sp, "`*args`/`**kwargs` in a function definition", "pass a list or a tuple instead"));
        }
        let names = match nested {
            scope::Nested::Def(d) => scope::free_names(self.file, &nested.params(), &d.body),
            scope::Nested::Lambda(l) => scope::free_names_lambda(self.file, l),
        };
        let mut free_vars = vec![];
        for n in names {
            if self.local_name(&n) != n {
                // Comprehension variables are renamed locals of this call, not cells.
                return self.fail(unsupported(sp, &format!("a nested function or lambda reading the comprehension variable `{n}`"), "build the list with a `for` loop, or pass the value as an argument"));
            }
            if self.scope.locals.contains(&n) {
                free_vars.push((n, 0));
            } else if let Some(d) = self.free.get(&n) {
                free_vars.push((n, d + 1));
            }
        }
        let key = (self.func, range.start().to_u32());
        let fobj = match self.prog.nested.get(&key) {
            Some(f) => *f,
            None => {
                let mut params = vec![];
                for a in args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs) {
                    let default = match &a.default {
                        None => None,
                        Some(d) => match &**d {
                            Expr::Constant(c) => Some(literal(&c.value, self.sp(&**d)).map_err(|e| {
                                self.diags.push(e);
                            })?),
                            other => {
                                return self.fail(unsupported(self.sp(other), "a computed default value in a nested function", "use a constant default; to capture a value per closure, return the lambda from a function that takes the value (`def make(i): return lambda: i * 10`)"));
                            }
                        },
                    };
                    params.push(crate::objects::Param { name: a.def.arg.to_string(), span: span(self.file, a.def.range), default });
                }
                let outer = self.prog.objects.function(self.func).cloned().expect("building a function");
                let closure_env = if free_vars.is_empty() { None } else { Some(self.env_class()) };
                let (_, gen_scope) = (0, scope::analyze(self.file, &[], match &body {
                    crate::objects::FunctionBody::Def(d) => &d.body,
                    _ => &[],
                }));
                let fd = crate::objects::FunctionDef {
                    name: name.to_string(),
                    qualname: format!("{}.{name}", outer.qualname),
                    module: outer.module,
                    file: self.file,
                    span: sp,
                    params,
                    body,
                    class: None,
                    closure_env,
                    free_vars: free_vars.clone(),
                    specialize: crate::objects::Specialize::None,
                    is_generator: gen_scope.0.is_generator,
                };
                let r = self.prog.objects.add(Object::Function(fd));
                self.prog.nested.insert(key, r);
                r
            }
        };
        if free_vars.is_empty() {
            return Ok(Operand::Const(Constant::Obj(fobj)));
        }
        if !self.has_env {
            return self.fail(Diagnostic::internal("a closure without an environment").with_primary(sp, ""));
        }
        let env = self.b.use_local("$env", sp);
        Ok(self.emit(HlOp::MakeClosure, vec![Operand::Const(Constant::Obj(fobj)), env], sp))
    }

    fn local_name(&self, name: &str) -> String {
        for r in self.renames.iter().rev() {
            if let Some(n) = r.get(name) {
                return n.clone();
            }
        }
        name.to_string()
    }

    fn read_name(&mut self, name: &str, sp: Span) -> R<Value> {
        let renamed = self.local_name(name);
        if renamed == name && self.has_env && self.cells.contains(name) {
            let env = self.b.use_local("$env", sp);
            return Ok(self.emit(HlOp::GetAttr, vec![env, Operand::Const(Constant::str(name))], sp));
        }
        if renamed == name && !self.scope.locals.contains(name) {
            if let Some(depth) = self.free.get(name).copied() {
                let mut env = self.b.use_local("$closure", sp);
                for _ in 0..depth {
                    env = self.emit(HlOp::GetAttr, vec![env, Operand::Const(Constant::str("$up"))], sp);
                }
                return Ok(self.emit(HlOp::GetAttr, vec![env, Operand::Const(Constant::str(name))], sp));
            }
        }
        if renamed != name || self.scope.locals.contains(name) {
            let v = self.b.use_local(&renamed, sp);
            if matches!(v, Operand::Const(Constant::Undefined)) && self.b.current().is_some() {
                return self.fail(
                    Diagnostic::at(ErrorCode::UnknownName, sp, format!("local variable `{name}` is read before it is assigned"))
                        .with_help(format!("assign `{name}` before this point")),
                );
            }
            return Ok(v);
        }
        let global = self.prog.objects.module(self.module).and_then(|m| m.namespace.get(name)).cloned();
        if let Some(v) = global {
            return Ok(Operand::Const(v));
        }
        if let Some(why) = unsupported_builtin(name) {
            return self.fail(unsupported(sp, &format!("`{name}()`"), why));
        }
        match builtin_name(self.prog, name) {
            Some(c) => Ok(Operand::Const(c)),
            None => self.fail(
                Diagnostic::at(ErrorCode::UnknownName, sp, format!("name `{name}` is not defined"))
                    .with_help("define it at module level, or import it"),
            ),
        }
    }

    // ------------------------------------------------------------------ expressions

    fn expr(&mut self, e: &Expr) -> R<Value> {
        let sp = self.sp(e);
        if self.b.current().is_none() {
            return Ok(Operand::Const(Constant::None));
        }
        Ok(match e {
            Expr::Constant(c) => match literal(&c.value, sp) {
                Ok(v) => Operand::Const(v),
                Err(d) => return self.fail(d),
            },
            Expr::Name(n) => self.read_name(n.id.as_str(), sp)?,
            Expr::BinOp(b) => {
                let Some(op) = bin_op(b.op, false) else { return self.fail(unsupported(sp, "the `@` operator", "")) };
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                self.emit(op, vec![l, r], sp)
            }
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand)?;
                match u.op {
                    ast::UnaryOp::Not => {
                        if let Operand::Const(c) = &v {
                            if let Some(t) = c.truth() {
                                return Ok(Operand::Const(Constant::Bool(!t)));
                            }
                        }
                        self.emit(HlOp::Not, vec![v], sp)
                    }
                    ast::UnaryOp::USub => match v {
                        Operand::Const(Constant::Int(i)) => Operand::Const(Constant::Int(i.wrapping_neg())),
                        Operand::Const(Constant::Float(f)) => Operand::Const(Constant::Float(rpy_flow::FloatBits::new(-f.get()))),
                        v => self.emit(HlOp::Neg, vec![v], sp),
                    },
                    ast::UnaryOp::UAdd => self.emit(HlOp::Pos, vec![v], sp),
                    ast::UnaryOp::Invert => self.emit(HlOp::Invert, vec![v], sp),
                }
            }
            Expr::BoolOp(b) => self.bool_op(b, sp)?,
            Expr::Compare(c) => self.compare(c, sp)?,
            Expr::IfExp(i) => {
                let tmp = self.temp("ifexp");
                let (then_b, else_b, join) = (self.b.new_block(), self.b.new_block(), self.b.new_block());
                self.branch_on(&i.test, else_b, then_b)?;
                self.b.seal(then_b);
                self.b.seal(else_b);
                self.b.switch_to(then_b);
                let v = self.expr(&i.body)?;
                self.b.def_local(&tmp, v, self.sp(&*i.body));
                self.b.jump(join);
                self.b.switch_to(else_b);
                let v = self.expr(&i.orelse)?;
                self.b.def_local(&tmp, v, self.sp(&*i.orelse));
                self.b.jump(join);
                self.b.seal(join);
                self.b.switch_to(join);
                self.b.use_local(&tmp, sp)
            }
            Expr::Call(c) => self.call(c, sp)?,
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                // Attributes of modules are known now.
                if let Operand::Const(Constant::Obj(o)) = &obj {
                    if let Some(m) = self.prog.objects.module(*o) {
                        return match m.namespace.get(a.attr.as_str()) {
                            Some(v) => Ok(Operand::Const(v.clone())),
                            None => {
                                let mname = m.name.clone();
                                self.fail(Diagnostic::at(ErrorCode::UnknownName, sp, format!("module `{mname}` has no attribute `{}` in RPy", a.attr)))
                            }
                        };
                    }
                }
                self.emit(HlOp::GetAttr, vec![obj, Operand::Const(Constant::str(a.attr.as_str()))], sp)
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                if let Expr::Slice(sl) = &*s.slice {
                    let (lo, hi, st) = self.slice_bounds(sl)?;
                    self.emit(HlOp::GetSlice, vec![obj, lo, hi, st], sp)
                } else {
                    let key = self.expr(&s.slice)?;
                    self.emit(HlOp::GetItem, vec![obj, key], sp)
                }
            }
            Expr::Tuple(t) => {
                let items = self.exprs(&t.elts)?;
                if let Some(consts) = items.iter().map(|i| i.as_const().cloned()).collect::<Option<Vec<_>>>() {
                    Operand::Const(Constant::Tuple(Rc::from(consts)))
                } else {
                    self.emit(HlOp::NewTuple, items, sp)
                }
            }
            Expr::List(l) => {
                let items = self.exprs(&l.elts)?;
                self.emit(HlOp::NewList, items, sp)
            }
            Expr::Set(s) => {
                let items = self.exprs(&s.elts)?;
                self.emit(HlOp::NewSet, items, sp)
            }
            Expr::Dict(d) => {
                let mut items = vec![];
                for (k, v) in d.keys.iter().zip(&d.values) {
                    let Some(k) = k else { return self.fail(unsupported(sp, "`**` in a dict display", "")) };
                    items.push(self.expr(k)?);
                    items.push(self.expr(v)?);
                }
                self.emit(HlOp::NewDict, items, sp)
            }
            Expr::JoinedStr(j) => self.fstring(j, sp)?,
            Expr::FormattedValue(fv) => {
                let parts = self.formatted_value(fv, sp)?;
                parts
            }
            Expr::ListComp(c) => self.comprehension(CompKind::List, &c.generators, &[&c.elt], sp)?,
            Expr::GeneratorExp(c) => self.comprehension(CompKind::List, &c.generators, &[&c.elt], sp)?,
            Expr::SetComp(c) => self.comprehension(CompKind::Set, &c.generators, &[&c.elt], sp)?,
            Expr::DictComp(c) => self.comprehension(CompKind::Dict, &c.generators, &[&c.key, &c.value], sp)?,
            Expr::Lambda(l) => {
                let body = crate::objects::FunctionBody::Lambda(Rc::new(l.clone()));
                self.nested_function("<lambda>", &l.args, body, &scope::Nested::Lambda(l), l.range, sp)?
            }
            Expr::Yield(y) if self.generator => {
                let v = match &y.value {
                    Some(v) => self.expr(v)?,
                    None => Operand::Const(Constant::None),
                };
                // A yield ends its block: the rest resumes from the continuation.
                self.b.emit(HlOp::Yield, vec![v], sp);
                let cont = self.b.new_block();
                self.b.jump(cont);
                self.b.seal(cont);
                self.b.switch_to(cont);
                Operand::Const(Constant::None)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => return self.fail(unsupported(sp, "`yield` here", "")),
            Expr::NamedExpr(_) => return self.fail(unsupported(sp, "the walrus operator `:=`", "assign in a separate statement")),
            Expr::Starred(_) => return self.fail(unsupported(sp, "`*` unpacking here", "")),
            Expr::Slice(_) => return self.fail(unsupported(sp, "a slice outside a subscript", "")),
        })
    }

    fn exprs(&mut self, es: &[Expr]) -> R<Vec<Value>> {
        let mut out = vec![];
        for e in es {
            if let Expr::Starred(s) = e {
                return self.fail(unsupported(self.sp(s), "`*` unpacking in a display", "build the sequence with + or extend()"));
            }
            out.push(self.expr(e)?);
        }
        Ok(out)
    }

    fn slice_bounds(&mut self, sl: &ast::ExprSlice) -> R<(Value, Value, Value)> {
        let one = |x: &Option<Box<Expr>>, this: &mut Self| -> R<Value> {
            match x {
                Some(e) => this.expr(e),
                None => Ok(Operand::Const(Constant::None)),
            }
        };
        let lo = one(&sl.lower, self)?;
        let hi = one(&sl.upper, self)?;
        let st = one(&sl.step, self)?;
        Ok((lo, hi, st))
    }

    fn bool_op(&mut self, b: &ast::ExprBoolOp, sp: Span) -> R<Value> {
        let is_and = matches!(b.op, ast::BoolOp::And);
        let tmp = self.temp(if is_and { "and" } else { "or" });
        let join = self.b.new_block();
        let n = b.values.len();
        for (i, v) in b.values.iter().enumerate() {
            let val = self.expr(v)?;
            let vsp = self.sp(v);
            self.b.def_local(&tmp, val.clone(), vsp);
            if i + 1 == n {
                self.b.jump(join);
                break;
            }
            let next = self.b.new_block();
            let c = self.to_bool(val, vsp);
            match c {
                Operand::Var(cv) => {
                    if is_and {
                        self.b.branch(cv, join, next)
                    } else {
                        self.b.branch(cv, next, join)
                    }
                }
                Operand::Const(k) => {
                    if k.truth() == Some(is_and) {
                        self.b.jump(next)
                    } else {
                        self.b.jump(join)
                    }
                }
            }
            self.b.seal(next);
            self.b.switch_to(next);
        }
        self.b.seal(join);
        self.b.switch_to(join);
        let _ = sp;
        Ok(self.b.use_local(&tmp, sp))
    }

    fn compare(&mut self, c: &ast::ExprCompare, sp: Span) -> R<Value> {
        let mut left = self.expr(&c.left)?;
        let n = c.ops.len();
        let tmp = self.temp("cmp");
        let join = if n > 1 { Some(self.b.new_block()) } else { None };
        for (i, (op, right)) in c.ops.iter().zip(&c.comparators).enumerate() {
            let r = self.expr(right)?;
            let res = self.compare_one(*op, left, r.clone(), sp);
            let Some(join) = join else { return Ok(res) };
            self.b.def_local(&tmp, res.clone(), sp);
            if i + 1 == n {
                self.b.jump(join);
                break;
            }
            let next = self.b.new_block();
            // Carry the right operand to the next comparison through a local.
            let rtmp = self.temp("cmpr");
            self.b.def_local(&rtmp, r, sp);
            match self.to_bool(res, sp) {
                Operand::Var(cv) => self.b.branch(cv, join, next),
                Operand::Const(k) => {
                    if k.truth() == Some(true) {
                        self.b.jump(next)
                    } else {
                        self.b.jump(join)
                    }
                }
            }
            self.b.seal(next);
            self.b.switch_to(next);
            left = self.b.use_local(&rtmp, sp);
        }
        let join = join.expect("n > 1");
        self.b.seal(join);
        self.b.switch_to(join);
        let v = self.b.use_local(&tmp, sp);
        if let Operand::Var(var) = v {
            self.known_bool.insert(var);
        }
        Ok(v)
    }

    fn compare_one(&mut self, op: ast::CmpOp, l: Value, r: Value, sp: Span) -> Value {
        let kind = cmp_op(op);
        let args = if kind == HlOp::Contains { vec![r, l] } else { vec![l, r] };
        let v = self.emit(kind, args, sp);
        if matches!(op, ast::CmpOp::NotIn | ast::CmpOp::IsNot) {
            self.emit(HlOp::Not, vec![v], sp)
        } else {
            v
        }
    }

    fn call(&mut self, c: &ast::ExprCall, sp: Span) -> R<Value> {
        if let Some(v) = self.format_with_accessors(c, sp)? {
            return Ok(v);
        }
        // `super()` inside a method means `super(ThisClass, self)`.
        if let (Expr::Name(n), true) = (&*c.func, c.args.is_empty()) {
            if n.id.as_str() == "super" && !self.scope.locals.contains("super") {
                let (Some(class), Some(self_name)) = (self.class, self.self_param.clone()) else {
                    return self.fail(unsupported(sp, "`super()` outside a method", ""));
                };
                let f = self.read_name("super", sp)?;
                let me = self.read_name(&self_name, sp)?;
                return Ok(self.emit(HlOp::SimpleCall, vec![f, Operand::Const(Constant::Obj(class)), me], sp));
            }
        }
        let f = self.expr(&c.func)?;
        if let (Operand::Const(Constant::Obj(o)), [arg], true) = (&f, c.args.as_slice(), c.keywords.is_empty()) {
            match self.prog.objects.as_builtin(*o) {
                Some(rpy_stdlib::Builtin::ROvfcheck) => {
                    if let Some(v) = self.ovf_arith(arg, sp)? {
                        return Ok(v);
                    }
                }
                // `r_uint(14695981039346656037)`: a literal of an unsigned word.
                Some(rpy_stdlib::Builtin::RUint | rpy_stdlib::Builtin::RUint64) => {
                    if let Some(bits) = crate::modeval::unsigned_literal(arg) {
                        return Ok(self.emit(HlOp::SimpleCall, vec![f, Operand::Const(Constant::Int(bits))], sp));
                    }
                }
                _ => {}
            }
        }
        let mut args = vec![f];
        let mut star = None;
        for (i, a) in c.args.iter().enumerate() {
            if let Expr::Starred(s) = a {
                if star.is_some() {
                    return self.fail(unsupported(self.sp(s), "more than one `*args` in a call", "build one tuple and pass it with `*`"));
                }
                star = Some(i);
                args.push(self.expr(&s.value)?);
                continue;
            }
            args.push(self.expr(a)?);
        }
        if c.keywords.is_empty() && star.is_none() {
            return Ok(self.emit(HlOp::SimpleCall, args, sp));
        }
        let mut names = vec![];
        for k in &c.keywords {
            let Some(name) = &k.arg else { return self.fail(unsupported(self.sp(k), "`**kwargs` in a call", "pass the keywords one by one")) };
            names.push(Constant::str(name.as_str()));
            args.push(self.expr(&k.value)?);
        }
        let names = Constant::Tuple(Rc::from(names));
        if let Some(k) = star {
            // call_star(f, (k, ("kw", ...)), args...): argument k is the tuple to spread.
            args.insert(1, Operand::Const(Constant::Tuple(Rc::from(vec![Constant::Int(k as i64), names]))));
            return Ok(self.emit(HlOp::CallStar, args, sp));
        }
        args.insert(1, Operand::Const(names));
        Ok(self.emit(HlOp::CallKw, args, sp))
    }

    /// `"{0.x} {p[k]}".format(...)` with a constant format string whose fields read
    /// attributes or items: those reads become operations here, and the call formats the
    /// values they give with plain fields (`"{0} {1}".format(v0, v1)`). `None` when the call
    /// is not such a call.
    fn format_with_accessors(&mut self, c: &ast::ExprCall, sp: Span) -> R<Option<Value>> {
        let Expr::Attribute(a) = &*c.func else { return Ok(None) };
        let Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(fmt), .. }) = &*a.value else { return Ok(None) };
        if a.attr.as_str() != "format" || c.args.iter().any(|x| matches!(x, Expr::Starred(_))) || c.keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(None);
        }
        let fields = split_format_fields(fmt);
        if !fields.iter().any(|f| matches!(f, FormatPiece::Field { accessors, .. } if !accessors.is_empty())) {
            return Ok(None);
        }
        let mut positional = vec![];
        for x in &c.args {
            positional.push(self.expr(x)?);
        }
        let mut named = vec![];
        for k in &c.keywords {
            named.push((k.arg.as_ref().map(|n| n.to_string()).unwrap_or_default(), self.expr(&k.value)?));
        }
        let (mut plain, mut values, mut auto) = (String::new(), vec![], 0usize);
        for piece in fields {
            match piece {
                FormatPiece::Text(t) => plain.push_str(&t.replace('{', "{{").replace('}', "}}")),
                FormatPiece::Field { name, accessors, rest } => {
                    let base = if name.is_empty() {
                        auto += 1;
                        positional.get(auto - 1).cloned()
                    } else if let Ok(k) = name.parse::<usize>() {
                        positional.get(k).cloned()
                    } else {
                        named.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
                    };
                    let Some(mut v) = base else {
                        return self.fail(Diagnostic::at(ErrorCode::BadCall, sp, format!("the format field `{{{name}}}` has no argument")));
                    };
                    for acc in accessors {
                        v = match acc {
                            Accessor::Attr(n) => self.emit(HlOp::GetAttr, vec![v, Operand::Const(Constant::str(&n))], sp),
                            Accessor::Index(k) => self.emit(HlOp::GetItem, vec![v, Operand::Const(Constant::Int(k))], sp),
                            Accessor::Key(k) => self.emit(HlOp::GetItem, vec![v, Operand::Const(Constant::str(&k))], sp),
                        };
                    }
                    plain.push_str(&format!("{{{}{rest}}}", values.len()));
                    values.push(v);
                }
            }
        }
        let method = self.emit(HlOp::GetAttr, vec![Operand::Const(Constant::str(&plain)), Operand::Const(Constant::str("format"))], sp);
        let mut args = vec![method];
        args.extend(values);
        Ok(Some(self.emit(HlOp::SimpleCall, args, sp)))
    }

    /// `ovfcheck(<arithmetic>)`: the operation itself checks for overflow; `None` when the
    /// argument is not such an operation (then ovfcheck of a word is the word).
    fn ovf_arith(&mut self, e: &Expr, sp: Span) -> R<Option<Value>> {
        let (kind, l, r) = match e {
            Expr::BinOp(b) => {
                let kind = match b.op {
                    ast::Operator::Add => HlOp::OvfAdd,
                    ast::Operator::Sub => HlOp::OvfSub,
                    ast::Operator::Mult => HlOp::OvfMul,
                    ast::Operator::LShift => HlOp::OvfLShift,
                    _ => return Ok(None),
                };
                (kind, self.expr(&b.left)?, self.expr(&b.right)?)
            }
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => (HlOp::OvfSub, Operand::Const(Constant::Int(0)), self.expr(&u.operand)?),
            _ => return Ok(None),
        };
        Ok(Some(self.emit(kind, vec![l, r], sp)))
    }

    fn fstring(&mut self, j: &ast::ExprJoinedStr, sp: Span) -> R<Value> {
        let mut parts = vec![];
        for part in &j.values {
            match part {
                Expr::Constant(c) => {
                    if let ast::Constant::Str(s) = &c.value {
                        if !s.is_empty() {
                            parts.push(Operand::Const(Constant::str(s)));
                        }
                    }
                }
                Expr::FormattedValue(fv) => parts.push(self.formatted_value(fv, sp)?),
                other => parts.push(self.expr(other)?),
            }
        }
        if parts.len() == 1 && parts[0].as_const().is_some_and(|c| matches!(c, Constant::Str(_))) {
            return Ok(parts.remove(0));
        }
        if parts.is_empty() {
            return Ok(Operand::Const(Constant::str("")));
        }
        Ok(self.emit(HlOp::BuildString, parts, sp))
    }

    fn formatted_value(&mut self, fv: &ast::ExprFormattedValue, sp: Span) -> R<Value> {
        let mut v = self.expr(&fv.value)?;
        let conversion = fv.conversion;
        if conversion != ast::ConversionFlag::None {
            let which = match conversion {
                ast::ConversionFlag::Repr => "repr",
                ast::ConversionFlag::Str => "str",
                _ => return self.fail(unsupported(sp, "the `!a` conversion", "use `!r`")),
            };
            let f = Operand::Const(builtin_name(self.prog, which).expect("repr and str are builtins"));
            v = self.emit(HlOp::SimpleCall, vec![f, v], sp);
        }
        let spec = match &fv.format_spec {
            None => Operand::Const(Constant::str("")),
            Some(s) => match &**s {
                Expr::JoinedStr(j) => self.fstring(j, sp)?,
                other => self.expr(other)?,
            },
        };
        Ok(self.emit(HlOp::Format, vec![v, spec], sp))
    }

    /// A comprehension, built inline: an accumulator filled by nested loops. Generator
    /// expressions are built the same way (into a list), which gives the same results for
    /// the consumers RPy accepts them in (`sum`, `join`, `any`, `min`, ...).
    fn comprehension(&mut self, kind: CompKind, gens: &[ast::Comprehension], elts: &[&Expr], sp: Span) -> R<Value> {
        let acc = match kind {
            CompKind::List => self.emit(HlOp::NewList, vec![], sp),
            CompKind::Set => self.emit(HlOp::NewSet, vec![], sp),
            CompKind::Dict => self.emit(HlOp::NewDict, vec![], sp),
        };
        let acc_name = self.temp("comp");
        self.b.def_local(&acc_name, acc, sp);
        self.renames.push(HashMap::new());
        let res = self.comp_level(kind, gens, 0, elts, &acc_name, sp);
        self.renames.pop();
        res?;
        Ok(self.b.use_local(&acc_name, sp))
    }

    fn comp_level(&mut self, kind: CompKind, gens: &[ast::Comprehension], idx: usize, elts: &[&Expr], acc_name: &str, sp: Span) -> R<()> {
        let Some(g) = gens.get(idx) else {
            let acc = self.b.use_local(acc_name, sp);
            let vals = elts.iter().map(|e| self.expr(e)).collect::<R<Vec<_>>>()?;
            match kind {
                CompKind::Dict => {
                    let mut args = vec![acc];
                    args.extend(vals);
                    self.emit(HlOp::SetItem, args, sp);
                }
                CompKind::List | CompKind::Set => {
                    let name = if kind == CompKind::List { "append" } else { "add" };
                    let m = self.emit(HlOp::GetAttr, vec![acc, Operand::Const(Constant::str(name))], sp);
                    let mut args = vec![m];
                    args.extend(vals);
                    self.emit(HlOp::SimpleCall, args, sp);
                }
            }
            return Ok(());
        };
        if g.is_async {
            return self.fail(unsupported(sp, "`async for`", ""));
        }
        let isp = self.sp(&g.iter);
        let iterable = self.expr(&g.iter)?;
        // The comprehension's targets are new names from here on.
        let mut bound = vec![];
        collect_target_names(&g.target, &mut bound);
        for n in bound {
            let fresh = self.temp(&format!("c_{n}_"));
            self.renames.last_mut().expect("pushed by comprehension").insert(n, fresh);
        }
        let it = self.emit(HlOp::Iter, vec![iterable], isp);
        let it_name = self.temp("iter");
        self.b.def_local(&it_name, it, isp);
        let (header, body_b, after) = (self.b.new_block(), self.b.new_block(), self.b.new_block());
        self.b.jump(header);
        self.b.switch_to(header);
        let item = self.next_with_stop(&it_name, isp, body_b, after);
        self.b.seal(body_b);
        self.b.switch_to(body_b);
        let item = self.b.use_local(&item, isp);
        self.assign(&g.target, item, isp)?;
        for cond in &g.ifs {
            let keep = self.b.new_block();
            self.branch_on(cond, header, keep)?;
            self.b.seal(keep);
            self.b.switch_to(keep);
        }
        self.comp_level(kind, gens, idx + 1, elts, acc_name, sp)?;
        self.b.jump(header);
        self.b.seal(header);
        self.b.seal(after);
        self.b.switch_to(after);
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum CompKind {
    List,
    Set,
    Dict,
}

fn seq_elts(e: &Expr) -> Option<&[Expr]> {
    match e {
        Expr::Tuple(t) => Some(&t.elts),
        Expr::List(l) => Some(&l.elts),
        _ => None,
    }
}

fn collect_target_names(t: &Expr, out: &mut Vec<String>) {
    match t {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(tu) => tu.elts.iter().for_each(|e| collect_target_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| collect_target_names(e, out)),
        _ => {}
    }
}

#[allow(dead_code)]
fn is_class(prog: &Program, c: &Constant) -> bool {
    matches!(c, Constant::Obj(o) if matches!(prog.objects.get(*o), Object::Class(_)))
}

/// A piece of a `str.format` string: literal text, or a field with its argument name, the
/// attribute and item reads after it, and the rest (`!r`, `:spec`) kept as written.
enum FormatPiece {
    Text(String),
    Field { name: String, accessors: Vec<Accessor>, rest: String },
}

enum Accessor {
    Attr(String),
    Index(i64),
    Key(String),
}

fn split_format_fields(fmt: &str) -> Vec<FormatPiece> {
    let chars: Vec<char> = fmt.chars().collect();
    let (mut out, mut text, mut i) = (vec![], String::new(), 0);
    while i < chars.len() {
        let c = chars[i];
        if (c == '{' || c == '}') && chars.get(i + 1) == Some(&c) {
            text.push(c);
            i += 2;
            continue;
        }
        if c != '{' {
            text.push(c);
            i += 1;
            continue;
        }
        let Some(close) = chars[i..].iter().position(|x| *x == '}').map(|p| i + p) else {
            text.push(c);
            i += 1;
            continue;
        };
        let field: String = chars[i + 1..close].iter().collect();
        i = close + 1;
        if !text.is_empty() {
            out.push(FormatPiece::Text(std::mem::take(&mut text)));
        }
        let cut = field.find(['!', ':']).unwrap_or(field.len());
        let (path, rest) = field.split_at(cut);
        let first = path.find(['.', '[']).unwrap_or(path.len());
        let (name, mut tail) = path.split_at(first);
        let mut accessors = vec![];
        while !tail.is_empty() {
            if let Some(t) = tail.strip_prefix('.') {
                let end = t.find(['.', '[']).unwrap_or(t.len());
                accessors.push(Accessor::Attr(t[..end].to_string()));
                tail = &t[end..];
            } else if let Some(t) = tail.strip_prefix('[') {
                let end = t.find(']').unwrap_or(t.len());
                let key = &t[..end];
                accessors.push(match key.parse::<i64>() {
                    Ok(k) => Accessor::Index(k),
                    Err(_) => Accessor::Key(key.to_string()),
                });
                tail = t.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        out.push(FormatPiece::Field { name: name.to_string(), accessors, rest: rest.to_string() });
    }
    if !text.is_empty() {
        out.push(FormatPiece::Text(text));
    }
    out
}

