//! Scope analysis of one function body: which names are locals (assigned somewhere in the
//! body, as Python decides), which are declared `global`, whether it is a generator; and the
//! syntax checks that reject what RPy does not support, each at the offending statement.

use crate::util::{span, unsupported};
use indexmap::IndexSet;
use rpy_source::{Diagnostic, ErrorCode, FileId};
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};

/// What the body of a function binds.
#[derive(Default, Debug)]
pub struct Scope {
    pub locals: IndexSet<String>,
    pub globals: IndexSet<String>,
    pub is_generator: bool,
}

/// Analyzes a function body (parameters are locals too).
pub fn analyze(file: FileId, params: &[String], body: &[Stmt]) -> (Scope, Vec<Diagnostic>) {
    let mut a = Analyzer { file, scope: Scope::default(), diags: vec![] };
    for p in params {
        a.scope.locals.insert(p.clone());
    }
    // `global` declarations apply to the whole body, wherever they appear.
    collect_globals(body, &mut a.scope.globals);
    for s in body {
        a.stmt(s);
    }
    (a.scope, a.diags)
}

fn collect_globals(body: &[Stmt], out: &mut IndexSet<String>) {
    for s in body {
        match s {
            Stmt::Global(g) => out.extend(g.names.iter().map(|n| n.to_string())),
            Stmt::If(i) => {
                collect_globals(&i.body, out);
                collect_globals(&i.orelse, out);
            }
            Stmt::While(w) => {
                collect_globals(&w.body, out);
                collect_globals(&w.orelse, out);
            }
            Stmt::For(f) => {
                collect_globals(&f.body, out);
                collect_globals(&f.orelse, out);
            }
            Stmt::With(w) => collect_globals(&w.body, out),
            Stmt::Try(t) => {
                collect_globals(&t.body, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_globals(&h.body, out);
                }
                collect_globals(&t.orelse, out);
                collect_globals(&t.finalbody, out);
            }
            _ => {}
        }
    }
}

struct Analyzer {
    file: FileId,
    scope: Scope,
    diags: Vec<Diagnostic>,
}

impl Analyzer {
    fn bind(&mut self, name: &str, at: &impl Ranged) {
        if self.scope.globals.contains(name) {
            let sp = span(self.file, at.range());
            self.diags.push(
                Diagnostic::at(
                    ErrorCode::GlobalRebind,
                    sp,
                    format!("`{name}` is a module-level (global) name; a function may read it but not rebind it"),
                )
                .with_help(format!(
                    "keep the value in a prebuilt object and change its contents (e.g. `{name}[0] += 1` with `{name} = [0]`, or an attribute of a module-level instance)"
                )),
            );
            return;
        }
        self.scope.locals.insert(name.to_string());
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.bind(n.id.as_str(), t),
            Expr::Tuple(tu) => tu.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => {
                self.diags.push(unsupported(span(self.file, s.range), "starred assignment (`a, *rest = ...`)", "unpack with indexing and slicing instead"));
            }
            other => self.expr(other),
        }
    }

    fn body(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        let sp = span(self.file, s.range());
        match s {
            Stmt::FunctionDef(f) => {
                self.bind(f.name.as_str(), s);
                for d in &f.decorator_list {
                    self.expr(d);
                }
                for a in f.args.defaults() {
                    self.expr(a);
                }
            }
            Stmt::AsyncFunctionDef(_) | Stmt::AsyncFor(_) | Stmt::AsyncWith(_) => {
                self.diags.push(unsupported(sp, "`async`", ""));
            }
            Stmt::ClassDef(_) => {
                self.diags.push(unsupported(sp, "a class defined inside a function", "define the class at module level"));
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    match t {
                        Expr::Name(_) => self.diags.push(unsupported(sp, "deleting a local variable (`del name`)", "")),
                        Expr::Attribute(_) => self.diags.push(unsupported(sp, "deleting an attribute (`del obj.attr`)", "")),
                        other => self.expr(other),
                    }
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.target(t);
                }
            }
            Stmt::TypeAlias(_) => self.diags.push(unsupported(sp, "a `type` alias statement", "")),
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                self.target(&a.target);
            }
            Stmt::AnnAssign(a) => {
                if let Some(d) = crate::util::bad_annotation_target(&a.target, sp) {
                    self.diags.push(d);
                }
                if let Some(v) = &a.value {
                    self.expr(v);
                    self.target(&a.target);
                }
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                self.target(&f.target);
                self.body(&f.body);
                self.body(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.body(&w.body);
                self.body(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.body(&i.body);
                self.body(&i.orelse);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.body(&w.body);
            }
            Stmt::Match(_) => self.diags.push(unsupported(sp, "the `match` statement", "use if/elif chains")),
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    if let Some(n) = &h.name {
                        let n = n.to_string();
                        self.bind(&n, h);
                    }
                    self.body(&h.body);
                }
                self.body(&t.orelse);
                self.body(&t.finalbody);
            }
            Stmt::TryStar(_) => self.diags.push(unsupported(sp, "`except*`", "")),
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.diags.push(unsupported(
                sp,
                "an `import` inside a function (a runtime import)",
                "move the import to module level; imports happen at translation time",
            )),
            Stmt::Global(_) => {}
            Stmt::Nonlocal(_) => self.diags.push(unsupported(
                sp,
                "`nonlocal`",
                "nested functions may read enclosing variables but not rebind them; keep shared state in a list or an instance",
            )),
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
        }
    }

    fn expr(&mut self, e: &Expr) {
        let sp = span(self.file, e.range());
        match e {
            Expr::Yield(y) => {
                self.scope.is_generator = true;
                if let Some(v) = &y.value {
                    self.expr(v);
                }
            }
            Expr::YieldFrom(_) => self.diags.push(unsupported(sp, "`yield from`", "loop over the iterable and yield each item")),
            Expr::Await(_) => self.diags.push(unsupported(sp, "`await`", "")),
            Expr::NamedExpr(n) => {
                self.expr(&n.value);
                self.target(&n.target);
            }
            // Their bodies are separate scopes, analyzed when they are built.
            Expr::Lambda(l) => {
                for d in l.args.defaults() {
                    self.expr(d);
                }
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::GeneratorExp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::DictComp(c) => self.comprehension(&c.generators, &[&c.key, &c.value]),
            _ => walk_children(e, |c| self.expr(c)),
        }
    }

    fn comprehension(&mut self, gens: &[ast::Comprehension], elts: &[&Expr]) {
        // Comprehension variables are their own scope; only the first iterable is evaluated
        // in the enclosing one, but walking everything finds yields and walruses too.
        for g in gens {
            self.expr(&g.iter);
            for i in &g.ifs {
                self.expr(i);
            }
        }
        for e in elts {
            self.expr(e);
        }
    }
}

/// Calls `f` on each direct subexpression of `e` (not descending into nested scopes' bodies).
pub fn walk_children<'a>(e: &'a Expr, mut f: impl FnMut(&'a Expr)) {
    match e {
        Expr::BoolOp(b) => b.values.iter().for_each(f),
        Expr::NamedExpr(n) => {
            f(&n.target);
            f(&n.value)
        }
        Expr::BinOp(b) => {
            f(&b.left);
            f(&b.right)
        }
        Expr::UnaryOp(u) => f(&u.operand),
        Expr::Lambda(_) => {}
        Expr::IfExp(i) => {
            f(&i.test);
            f(&i.body);
            f(&i.orelse)
        }
        Expr::Dict(d) => {
            d.keys.iter().flatten().for_each(&mut f);
            d.values.iter().for_each(f)
        }
        Expr::Set(s) => s.elts.iter().for_each(f),
        Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::GeneratorExp(_) => {}
        Expr::Await(a) => f(&a.value),
        Expr::Yield(y) => {
            if let Some(v) = &y.value {
                f(v)
            }
        }
        Expr::YieldFrom(y) => f(&y.value),
        Expr::Compare(c) => {
            f(&c.left);
            c.comparators.iter().for_each(f)
        }
        Expr::Call(c) => {
            f(&c.func);
            c.args.iter().for_each(&mut f);
            c.keywords.iter().for_each(|k| f(&k.value))
        }
        Expr::FormattedValue(v) => {
            f(&v.value);
            if let Some(s) = &v.format_spec {
                f(s)
            }
        }
        Expr::JoinedStr(j) => j.values.iter().for_each(f),
        Expr::Constant(_) | Expr::Name(_) => {}
        Expr::Attribute(a) => f(&a.value),
        Expr::Subscript(s) => {
            f(&s.value);
            f(&s.slice)
        }
        Expr::Starred(s) => f(&s.value),
        Expr::List(l) => l.elts.iter().for_each(f),
        Expr::Tuple(t) => t.elts.iter().for_each(f),
        Expr::Slice(s) => {
            for x in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                f(x)
            }
        }
    }
}

/// A nested function or lambda found in a function body.
pub enum Nested<'a> {
    Def(&'a ast::StmtFunctionDef),
    Lambda(&'a ast::ExprLambda),
}

impl Nested<'_> {
    pub fn params(&self) -> Vec<String> {
        let args = match self {
            Nested::Def(d) => &d.args,
            Nested::Lambda(l) => &l.args,
        };
        args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs).map(|a| a.def.arg.to_string()).collect()
    }
}

/// The names a function body reads that are not its own (free in it): reads of its own scope
/// and, recursively, free names of the functions nested in it. Comprehension variables count
/// as the function's own.
pub fn free_names(file: FileId, params: &[String], body: &[Stmt]) -> IndexSet<String> {
    let (scope, _) = analyze(file, params, body);
    let mut reads = Reads::default();
    for s in body {
        reads.stmt(s);
    }
    let mut free = IndexSet::new();
    for n in reads.names {
        if !scope.locals.contains(&n) && !reads.comprehension_vars.contains(&n) {
            free.insert(n);
        }
    }
    for nested in reads.nested {
        let inner = match nested {
            Nested::Def(d) => free_names(file, &Nested::Def(d).params(), &d.body),
            Nested::Lambda(l) => free_names_lambda(file, l),
        };
        for n in inner {
            if !scope.locals.contains(&n) {
                free.insert(n);
            }
        }
    }
    for g in &scope.globals {
        free.shift_remove(g);
    }
    free
}

/// Free names of a lambda.
pub fn free_names_lambda(file: FileId, l: &ast::ExprLambda) -> IndexSet<String> {
    let body = vec![Stmt::Return(ast::StmtReturn { range: l.range, value: Some(l.body.clone()) })];
    free_names(file, &Nested::Lambda(l).params(), &body)
}

/// The functions and lambdas nested directly in a body (not inside nested ones).
pub fn nested_functions(body: &[Stmt]) -> Vec<Nested<'_>> {
    let mut r = Reads::default();
    for s in body {
        r.stmt(s);
    }
    r.nested
}

/// Collects name reads of one scope, and the nested scopes found on the way.
#[derive(Default)]
struct Reads<'a> {
    names: IndexSet<String>,
    comprehension_vars: IndexSet<String>,
    nested: Vec<Nested<'a>>,
}

impl<'a> Reads<'a> {
    fn stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::FunctionDef(d) => {
                for e in d.args.defaults() {
                    self.expr(e);
                }
                self.nested.push(Nested::Def(d));
            }
            Stmt::ClassDef(_) | Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            _ => walk_stmt(s, &mut |part| match part {
                Part::Expr(e) => self.expr(e),
                Part::Body(b) => {
                    for x in b {
                        self.stmt(x);
                    }
                }
            }),
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) => {
                self.names.insert(n.id.to_string());
            }
            Expr::Lambda(l) => {
                for d in l.args.defaults() {
                    self.expr(d);
                }
                self.nested.push(Nested::Lambda(l));
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::GeneratorExp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::DictComp(c) => self.comprehension(&c.generators, &[&c.key, &c.value]),
            _ => walk_children(e, |c| self.expr(c)),
        }
    }

    fn comprehension(&mut self, gens: &'a [ast::Comprehension], elts: &[&'a Expr]) {
        for g in gens {
            self.expr(&g.iter);
            let mut targets = vec![];
            collect_names(&g.target, &mut targets);
            self.comprehension_vars.extend(targets);
            for i in &g.ifs {
                self.expr(i);
            }
        }
        for e in elts {
            self.expr(e);
        }
    }
}

fn collect_names(t: &Expr, out: &mut Vec<String>) {
    match t {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(tu) => tu.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| collect_names(e, out)),
        _ => {}
    }
}

/// A direct part of a statement.
enum Part<'a> {
    Expr(&'a Expr),
    Body(&'a [Stmt]),
}

/// Calls `f` on the expressions and the nested bodies of a statement.
fn walk_stmt<'a>(s: &'a Stmt, f: &mut dyn FnMut(Part<'a>)) {
    for p in parts(s) {
        f(p);
    }
}

/// The expressions and nested bodies of a statement, in source order.
fn parts(s: &Stmt) -> Vec<Part<'_>> {
    use Part::{Body, Expr as E};
    let mut out = vec![];
    match s {
        Stmt::Return(r) => out.extend(r.value.as_deref().map(E)),
        Stmt::Delete(d) => out.extend(d.targets.iter().map(E)),
        Stmt::Assign(a) => {
            out.push(E(&a.value));
            out.extend(a.targets.iter().map(E));
        }
        Stmt::AugAssign(a) => out.extend([E(&a.target), E(&a.value)]),
        Stmt::AnnAssign(a) => {
            out.extend(a.value.as_deref().map(E));
            out.push(E(&a.target));
        }
        Stmt::For(fo) => out.extend([E(&fo.iter), E(&fo.target), Body(&fo.body), Body(&fo.orelse)]),
        Stmt::While(w) => out.extend([E(&w.test), Body(&w.body), Body(&w.orelse)]),
        Stmt::If(i) => out.extend([E(&i.test), Body(&i.body), Body(&i.orelse)]),
        Stmt::With(w) => {
            for it in &w.items {
                out.push(E(&it.context_expr));
                out.extend(it.optional_vars.as_deref().map(E));
            }
            out.push(Body(&w.body));
        }
        Stmt::Raise(r) => out.extend(r.exc.as_deref().map(E)),
        Stmt::Try(tr) => {
            out.push(Body(&tr.body));
            for h in &tr.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                out.extend(h.type_.as_deref().map(E));
                out.push(Body(&h.body));
            }
            out.extend([Body(&tr.orelse), Body(&tr.finalbody)]);
        }
        Stmt::Assert(a) => {
            out.push(E(&a.test));
            out.extend(a.msg.as_deref().map(E));
        }
        Stmt::Expr(e) => out.push(E(&e.value)),
        _ => {}
    }
    out
}
