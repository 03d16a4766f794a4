//! Small helpers shared by the frontend's passes: spans from the parser's ranges and the
//! constructors of the frontend's errors.

use rpy_source::{Diagnostic, ErrorCode, FileId, Span};
use rustpython_parser::text_size::TextRange;

pub fn span(file: FileId, range: TextRange) -> Span {
    Span::new(file, range.start().to_u32(), range.end().to_u32())
}

/// "`what` is not supported in RPy", at `span`.
/// CPython's compile-time check of `target: annotation` (the parser accepts any expression).
pub fn bad_annotation_target(target: &rustpython_parser::ast::Expr, span: Span) -> Option<Diagnostic> {
    use rustpython_parser::ast::Expr;
    match target {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => None,
        _ => Some(Diagnostic::at(ErrorCode::Syntax, span, "illegal target for annotation")),
    }
}

pub fn unsupported(span: Span, what: &str, help: &str) -> Diagnostic {
    let d = Diagnostic::at(ErrorCode::UnsupportedSyntax, span, format!("{what} is not supported in RPy"));
    if help.is_empty() {
        d
    } else {
        d.with_help(help.to_string())
    }
}

/// The span of the first line of a statement (a `def` or `class` header).
pub fn header_span(file: FileId, range: TextRange, text: &str) -> Span {
    let start = range.start().to_u32();
    let end = text[start as usize..range.end().to_usize()].find('\n').map_or(range.end().to_u32(), |i| start + i as u32);
    Span::new(file, start, end.max(start + 1))
}
