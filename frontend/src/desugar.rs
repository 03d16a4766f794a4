//! Source-level rewrites done once, right after parsing, so that later passes see fewer
//! statement kinds.
//!
//! `with A as x: body` becomes
//!
//! ```text
//! $with0 = A
//! x = $with0.__enter__()
//! try:
//!     body
//! finally:
//!     $with0.__exit__(None, None, None)
//! ```
//!
//! Several items nest, left to right. `__exit__` always receives `None`s and its result is
//! ignored, so a context manager cannot swallow an exception (ARCHITECTURE.md lists this as a
//! difference from CPython; the managers RPy programs use, files, never do).

use rustpython_parser::ast::{self, Expr, Fold, Identifier, Stmt};
use rustpython_parser::text_size::TextRange;
use std::convert::Infallible;

/// Rewrites every `with` statement and generator expression in `suite`, including inside
/// functions and classes.
pub fn desugar_suite(suite: &mut Vec<Stmt>) {
    let mut counter = 0;
    rewrite_body(suite, &mut counter, false);
}

/// `in_function`: the body belongs to a function (generator expressions become nested
/// generator functions only there; module level evaluates them at translation time).
fn rewrite_body(body: &mut Vec<Stmt>, counter: &mut u32, in_function: bool) {
    let old = std::mem::take(body);
    for mut stmt in old {
        rewrite_children(&mut stmt, counter, in_function);
        if in_function && !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            let mut genexps = Genexps { counter, hoisted: vec![] };
            let Ok(folded) = genexps.fold_stmt(stmt);
            body.append(&mut genexps.hoisted);
            stmt = folded;
        }
        match stmt {
            Stmt::With(w) => body.extend(expand_with(w, counter)),
            other => body.push(other),
        }
    }
}

fn rewrite_children(stmt: &mut Stmt, counter: &mut u32, in_function: bool) {
    match stmt {
        Stmt::FunctionDef(d) => rewrite_body(&mut d.body, counter, true),
        Stmt::ClassDef(c) => rewrite_body(&mut c.body, counter, false),
        Stmt::If(i) => {
            rewrite_body(&mut i.body, counter, in_function);
            rewrite_body(&mut i.orelse, counter, in_function);
        }
        Stmt::While(w) => {
            rewrite_body(&mut w.body, counter, in_function);
            rewrite_body(&mut w.orelse, counter, in_function);
        }
        Stmt::For(f) => {
            rewrite_body(&mut f.body, counter, in_function);
            rewrite_body(&mut f.orelse, counter, in_function);
        }
        Stmt::Try(t) => {
            rewrite_body(&mut t.body, counter, in_function);
            for h in &mut t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                rewrite_body(&mut h.body, counter, in_function);
            }
            rewrite_body(&mut t.orelse, counter, in_function);
            rewrite_body(&mut t.finalbody, counter, in_function);
        }
        Stmt::With(w) => rewrite_body(&mut w.body, counter, in_function),
        _ => {}
    }
}

/// Generator expressions are lazy: `(elt for x in it if c for y in it2)` becomes
///
/// ```text
/// def <genexprN>(it0):
///     for x in it0:
///         if c:
///             for y in it2:
///                 yield elt
/// ```
///
/// defined just before the statement, and the expression becomes `<genexprN>(it)` (the first
/// iterable is evaluated where the expression is, as in CPython). The nested function reads
/// the enclosing variables as closures do. A generator expression that is the only argument
/// of a builtin that consumes it whole at once (`sum`, `list`, `sorted`, `"".join`, ...) is
/// left as it is: the translator then builds the items in a loop, with the same result.
struct Genexps<'c> {
    counter: &'c mut u32,
    hoisted: Vec<Stmt>,
}

/// Builtins (and `str.join`) that consume their one iterable argument completely before
/// doing anything else observable.
fn consumes_whole(c: &ast::ExprCall) -> bool {
    if c.args.len() != 1 || !matches!(c.args[0], Expr::GeneratorExp(_)) {
        return false;
    }
    match &*c.func {
        Expr::Name(n) => matches!(n.id.as_str(), "sum" | "list" | "sorted" | "set" | "tuple" | "dict" | "min" | "max"),
        Expr::Attribute(a) => a.attr.as_str() == "join",
        _ => false,
    }
}

impl Fold<TextRange> for Genexps<'_> {
    type TargetU = TextRange;
    type Error = Infallible;
    type UserContext = ();

    fn will_map_user(&mut self, _user: &TextRange) {}

    fn map_user(&mut self, user: TextRange, _context: ()) -> Result<TextRange, Infallible> {
        Ok(user)
    }

    // Nested scopes keep their own generator expressions as they are.
    fn fold_stmt_function_def(&mut self, node: ast::StmtFunctionDef) -> Result<ast::StmtFunctionDef, Infallible> {
        Ok(node)
    }

    fn fold_stmt_class_def(&mut self, node: ast::StmtClassDef) -> Result<ast::StmtClassDef, Infallible> {
        Ok(node)
    }

    fn fold_expr(&mut self, node: Expr) -> Result<Expr, Infallible> {
        match node {
            Expr::Lambda(_) => Ok(node),
            Expr::Call(c) if consumes_whole(&c) => Ok(Expr::Call(c)),
            Expr::GeneratorExp(g) if !g.generators.iter().any(|c| c.is_async) => Ok(self.lazy(g)),
            other => ast::fold::fold_expr(self, other),
        }
    }
}

impl Genexps<'_> {
    fn lazy(&mut self, g: ast::ExprGeneratorExp) -> Expr {
        let range = g.range;
        let name = format!("<genexpr{}>", *self.counter);
        *self.counter += 1;
        let param = "<iter>";
        let mut gens = g.generators;
        let first_iter = std::mem::replace(&mut gens[0].iter, self::name(param, ast::ExprContext::Load, range));
        let yield_stmt = Stmt::Expr(ast::StmtExpr { range, value: Box::new(Expr::Yield(ast::ExprYield { range, value: Some(g.elt) })) });
        // Innermost first: each `for` (with its `if`s) wraps what is built so far.
        let mut body = vec![yield_stmt];
        for c in gens.into_iter().rev() {
            for test in c.ifs.into_iter().rev() {
                body = vec![Stmt::If(ast::StmtIf { range, test: Box::new(test), body, orelse: vec![] })];
            }
            body = vec![Stmt::For(ast::StmtFor {
                range,
                target: Box::new(c.target),
                iter: Box::new(c.iter),
                body,
                orelse: vec![],
                type_comment: None,
            })];
        }
        let arg = ast::ArgWithDefault {
            range: Default::default(),
            def: ast::Arg { range, arg: Identifier::new(param), annotation: None, type_comment: None },
            default: None,
        };
        let args = ast::Arguments { range: Default::default(), posonlyargs: vec![], args: vec![arg], vararg: None, kwonlyargs: vec![], kwarg: None };
        self.hoisted.push(Stmt::FunctionDef(ast::StmtFunctionDef {
            range,
            name: Identifier::new(name.as_str()),
            args: Box::new(args),
            body,
            decorator_list: vec![],
            returns: None,
            type_comment: None,
            type_params: vec![],
        }));
        Expr::Call(ast::ExprCall { range, func: Box::new(self::name(&name, ast::ExprContext::Load, range)), args: vec![first_iter], keywords: vec![] })
    }
}

fn expand_with(w: ast::StmtWith, counter: &mut u32) -> Vec<Stmt> {
    let range = w.range;
    let mut body = w.body;
    // Innermost item first: each wraps the statements built so far.
    for item in w.items.into_iter().rev() {
        let mgr = format!("$with{}", *counter);
        *counter += 1;
        let mut out = vec![assign(name(&mgr, ast::ExprContext::Store, range), item.context_expr, range)];
        let enter = call_method(&mgr, "__enter__", vec![], range);
        match item.optional_vars {
            Some(target) => out.push(assign(*target, enter, range)),
            None => out.push(Stmt::Expr(ast::StmtExpr { range, value: Box::new(enter) })),
        }
        let none = || Expr::Constant(ast::ExprConstant { range, value: ast::Constant::None, kind: None });
        let exit = call_method(&mgr, "__exit__", vec![none(), none(), none()], range);
        out.push(Stmt::Try(ast::StmtTry {
            range,
            body,
            handlers: vec![],
            orelse: vec![],
            finalbody: vec![Stmt::Expr(ast::StmtExpr { range, value: Box::new(exit) })],
        }));
        body = out;
    }
    body
}

fn name(id: &str, ctx: ast::ExprContext, range: TextRange) -> Expr {
    Expr::Name(ast::ExprName { range, id: Identifier::new(id), ctx })
}

fn assign(target: Expr, value: Expr, range: TextRange) -> Stmt {
    Stmt::Assign(ast::StmtAssign { range, targets: vec![target], value: Box::new(value), type_comment: None })
}

fn call_method(obj: &str, method: &str, args: Vec<Expr>, range: TextRange) -> Expr {
    let func = Expr::Attribute(ast::ExprAttribute {
        range,
        value: Box::new(name(obj, ast::ExprContext::Load, range)),
        attr: Identifier::new(method),
        ctx: ast::ExprContext::Load,
    });
    Expr::Call(ast::ExprCall { range, func: Box::new(func), args, keywords: vec![] })
}
