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

use rustpython_parser::ast::{self, Expr, Identifier, Stmt};
use rustpython_parser::text_size::TextRange;

/// Rewrites every `with` statement in `suite`, including inside functions and classes.
pub fn desugar_suite(suite: &mut Vec<Stmt>) {
    let mut counter = 0;
    rewrite_body(suite, &mut counter);
}

fn rewrite_body(body: &mut Vec<Stmt>, counter: &mut u32) {
    let old = std::mem::take(body);
    for mut stmt in old {
        rewrite_children(&mut stmt, counter);
        match stmt {
            Stmt::With(w) => body.extend(expand_with(w, counter)),
            other => body.push(other),
        }
    }
}

fn rewrite_children(stmt: &mut Stmt, counter: &mut u32) {
    match stmt {
        Stmt::FunctionDef(d) => rewrite_body(&mut d.body, counter),
        Stmt::ClassDef(c) => rewrite_body(&mut c.body, counter),
        Stmt::If(i) => {
            rewrite_body(&mut i.body, counter);
            rewrite_body(&mut i.orelse, counter);
        }
        Stmt::While(w) => {
            rewrite_body(&mut w.body, counter);
            rewrite_body(&mut w.orelse, counter);
        }
        Stmt::For(f) => {
            rewrite_body(&mut f.body, counter);
            rewrite_body(&mut f.orelse, counter);
        }
        Stmt::Try(t) => {
            rewrite_body(&mut t.body, counter);
            for h in &mut t.handlers {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                rewrite_body(&mut h.body, counter);
            }
            rewrite_body(&mut t.orelse, counter);
            rewrite_body(&mut t.finalbody, counter);
        }
        Stmt::With(w) => rewrite_body(&mut w.body, counter),
        _ => {}
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
