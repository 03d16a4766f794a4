//! Turning annotation failures into diagnostics: names of types as a Python programmer
//! writes them, and conflicts that point at both places a type came from (the later one in
//! the source as the primary label, since that is usually the one to change).

use crate::engine::{Annotator, Binding, GraphId, Origin, UnionError};
use crate::model::{ClassId, DictDef, ListDef, SomeValue};
use rpy_flow::Var;
use rpy_source::{Diagnostic, ErrorCode, Span};

/// The Python-style name of an annotation: `int`, `list[str]`, `Node | None`.
pub fn type_name(
    s: &SomeValue,
    class_name: &dyn Fn(ClassId) -> String,
    list_item: &dyn Fn(ListDef) -> SomeValue,
    dict_items: &dyn Fn(DictDef) -> (SomeValue, SomeValue),
) -> String {
    let name = |x: &SomeValue| type_name(x, class_name, list_item, dict_items);
    let nullable = |base: String, n: bool| if n { format!("{base} | None") } else { base };
    match s {
        SomeValue::Impossible => "nothing".into(),
        SomeValue::None => "None".into(),
        SomeValue::Bool { .. } => "bool".into(),
        SomeValue::Int { kind: crate::model::IntKind::Unsigned, .. } => "r_uint".into(),
        SomeValue::Int { .. } => "int".into(),
        SomeValue::Float { .. } => "float".into(),
        SomeValue::Str { nullable: n, .. } => nullable("str".into(), *n),
        SomeValue::Bytes { nullable: n, .. } => nullable("bytes".into(), *n),
        SomeValue::ByteArray { nullable: n } => nullable("bytearray".into(), *n),
        SomeValue::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(name).collect();
            format!("tuple[{}]", parts.join(", "))
        }
        SomeValue::List { def, nullable: n } => {
            let item = list_item(*def);
            let inner = if item.is_impossible() { "?".to_string() } else { name(&item) };
            nullable(format!("list[{inner}]"), *n)
        }
        SomeValue::Dict { def, nullable: n } => {
            let (k, v) = dict_items(*def);
            nullable(format!("dict[{}, {}]", name(&k), name(&v)), *n)
        }
        SomeValue::Set { def, nullable: n } => {
            let (k, _) = dict_items(*def);
            nullable(format!("set[{}]", name(&k)), *n)
        }
        SomeValue::Range { .. } => "range".into(),
        SomeValue::Instance { class, nullable: n } => nullable(class_name(*class), *n),
        SomeValue::Functions { funcs, .. } => if funcs.len() == 1 { "function".into() } else { "function (one of several)".into() },
        SomeValue::Classes { .. } => "class".into(),
        SomeValue::Method { name: m, .. } => format!("method {m}"),
        SomeValue::SuperMethod { .. } => "method".into(),
        SomeValue::Super { .. } => "super object".into(),
        SomeValue::Builtin(b) => format!("built-in {}", b.qualified_name()),
        SomeValue::BuiltinMethod { name: m, .. } => format!("method {m}"),
        SomeValue::Iterator { .. } => "iterator".into(),
        SomeValue::Module(_) => "module".into(),
        SomeValue::StringBuilder { bytes } => if *bytes { "BytesBuilder".into() } else { "StringBuilder".into() },
        SomeValue::File { binary: false } => "file".into(),
        SomeValue::File { binary: true } => "binary file".into(),
    }
}

/// Adds two labels: the later place in the source is the primary one.
pub fn two_places(d: Diagnostic, first: (Span, String), second: (Span, String)) -> Diagnostic {
    let (early, late) = if first.0.is_dummy() {
        (first, second)
    } else if second.0.is_dummy() || (second.0.file, second.0.start) >= (first.0.file, first.0.start) {
        (first, second)
    } else {
        (second, first)
    };
    if late.0.is_dummy() {
        return d.with_primary(early.0, early.1);
    }
    let d = d.with_primary(late.0, late.1);
    if early.0.is_dummy() {
        d
    } else {
        d.with_secondary(early.0, early.1)
    }
}

fn is_float_int(a: &SomeValue, b: &SomeValue) -> bool {
    (a.is_intlike() && matches!(b, SomeValue::Float { .. })) || (b.is_intlike() && matches!(a, SomeValue::Float { .. }))
}

fn mixing_help(a: &SomeValue, b: &SomeValue) -> String {
    if is_float_int(a, b) {
        "write `float(...)` where the int is assigned, so the variable is always a float".into()
    } else if matches!(a, SomeValue::None) || matches!(b, SomeValue::None) {
        "None cannot be mixed with int, float or bool; use a sentinel value (such as -1) or raise an exception".into()
    } else {
        "use a separate variable for each type, or convert the values to one type".into()
    }
}

impl Annotator {
    /// A conflict in the binding of a variable (a local at a join, a parameter, a return
    /// value).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn conflict_diagnostic(&self, g: GraphId, var: Var, name: Option<&str>, what: &str, old: &Binding, new: &Binding, _e: &UnionError) -> Diagnostic {
        let (on, nn) = (self.type_name(&old.value), self.type_name(&new.value));
        let graph = &self.g(g).graph;
        let func = self.prog.objects.function(self.g(g).func).map(|f| match f.class.and_then(|c| self.prog.objects.class(c)) {
            Some(c) => format!("{}.{}", c.name, f.name),
            None => f.name.clone(),
        });
        let func = func.unwrap_or_else(|| graph.name.clone());
        let is_param = graph.block(graph.start).inputs.contains(&var);
        let message = if what == "return value" {
            format!("`{func}` returns `{on}` on one path and `{nn}` on another")
        } else if is_param {
            format!("parameter `{}` of `{func}` is called with `{on}` and with `{nn}`", name.unwrap_or("?"))
        } else {
            match name.filter(|n| !n.starts_with('$')) {
                Some(n) => format!("`{n}` is `{on}` on one path and `{nn}` on another"),
                None => format!("a value is `{on}` on one path and `{nn}` on another"),
            }
        };
        let label = |t: &str, o: &Origin| -> String {
            if is_param {
                format!("called with `{t}` here")
            } else if what == "return value" {
                format!("returns `{t}` here")
            } else if o.what.is_empty() {
                format!("`{t}` here")
            } else {
                format!("`{t}` {}", o.what)
            }
        };
        let d = Diagnostic::new(ErrorCode::TypeConflict, message);
        let d = two_places(d, (old.origin.span, label(&on, &old.origin)), (new.origin.span, label(&nn, &new.origin)));
        let d = if is_param { d.with_note("an RPy function has one signature for the whole program") } else { d.with_note("every variable has one type over the whole program") };
        d.with_help(mixing_help(&old.value, &new.value))
    }

    /// A conflict in a container's items.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn container_conflict(&self, what: &str, old: &SomeValue, old_origin: &Origin, new: &SomeValue, new_origin: &Origin, at: Span, created: Span) -> Diagnostic {
        let (on, nn) = (self.type_name(old), self.type_name(new));
        let d = Diagnostic::new(ErrorCode::TypeConflict, format!("{what} `{on}` and `{nn}`"));
        let old_span = if old_origin.span.is_dummy() { created } else { old_origin.span };
        let new_span = if new_origin.span.is_dummy() { at } else { new_origin.span };
        let d = two_places(d, (old_span, format!("`{on}` enters here")), (new_span, format!("`{nn}` enters here")));
        d.with_note("a list, dict or set holds one type of item; containers that are ever mixed share it")
            .with_help(mixing_help(old, new))
    }

    /// An operation that the inferred types do not support.
    pub(crate) fn bad_operation(&self, g: GraphId, span: Span, message: String, operands: &[(&rpy_flow::Operand<rpy_flow::Constant>, &SomeValue)]) -> Diagnostic {
        let mut d = Diagnostic::at(ErrorCode::BadOperation, span, message);
        for (op, s) in operands {
            if let rpy_flow::Operand::Var(v) = op {
                if let Some(b) = self.binding(g, *v) {
                    if !b.origin.span.is_dummy() && b.origin.span != span {
                        let t = self.type_name(s);
                        d = d.with_secondary(b.origin.span, format!("this is `{t}`"));
                    }
                }
            }
        }
        d
    }
}
