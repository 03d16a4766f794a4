//! Calls: matching arguments to parameters, choosing the graph (specialization), merging the
//! arguments into the callee, and call families: every function that can be called at one
//! place (or fills one method slot) ends up with one signature, so one function-pointer type
//! serves them all.

use crate::engine::{Annotator, GraphId, Origin, SpecKey};
use indexmap::IndexMap;
use crate::model::{ClassId, SomeValue};
use rpy_flow::{Block, Constant, ObjRef};
use rpy_frontend::{Param, Specialize};
use rpy_source::{Diagnostic, ErrorCode, Span};

/// Where a callee's parameter gets its value from.
#[derive(Clone, PartialEq, Debug)]
pub enum ArgSource {
    /// The i-th argument of the call (positional arguments, then keyword values in order).
    Arg(usize),
    /// The parameter's default value.
    Default(Constant),
    /// The receiver of a method call (`self`).
    Receiver,
}

/// One function a call operation may reach.
#[derive(Clone, PartialEq, Debug)]
pub struct CallTarget {
    pub func: ObjRef,
    pub graph: GraphId,
    /// One entry per parameter of the callee.
    pub args: Vec<ArgSource>,
}

/// Matches a call's arguments to parameters: `n_positional` positional arguments followed by
/// keyword arguments named `kwnames`; with a receiver, it fills the first parameter.
pub fn match_arguments(params: &[Param], has_receiver: bool, n_positional: usize, kwnames: &[String]) -> Result<Vec<ArgSource>, String> {
    let mut out: Vec<Option<ArgSource>> = vec![None; params.len()];
    let mut next = 0;
    if has_receiver {
        if params.is_empty() {
            return Err("the method takes no `self` parameter".into());
        }
        out[0] = Some(ArgSource::Receiver);
        next = 1;
    }
    let available = params.len() - next;
    if n_positional > available {
        return Err(format!("it takes {available} positional argument{} but {n_positional} were given", if available == 1 { "" } else { "s" }));
    }
    for i in 0..n_positional {
        out[next + i] = Some(ArgSource::Arg(i));
    }
    for (k, name) in kwnames.iter().enumerate() {
        let Some(p) = params.iter().position(|p| &p.name == name) else {
            return Err(format!("it has no parameter named `{name}`"));
        };
        if out[p].is_some() {
            return Err(format!("it got multiple values for `{name}`"));
        }
        out[p] = Some(ArgSource::Arg(n_positional + k));
    }
    let mut res = vec![];
    for (p, slot) in params.iter().zip(out) {
        match slot {
            Some(s) => res.push(s),
            None => match &p.default {
                Some(d) => res.push(ArgSource::Default(d.clone())),
                None => return Err(format!("the argument `{}` is missing", p.name)),
            },
        }
    }
    Ok(res)
}

/// The op index of emulated calls: they are annotated but recorded at no call site.
const EMULATED_OP: usize = usize::MAX;

/// The call being annotated: where it is and what it passes.
pub(crate) struct CallSite {
    pub graph: GraphId,
    pub block: Block,
    pub op: usize,
    pub span: Span,
    /// Positional arguments, then keyword values.
    pub args: Vec<(SomeValue, Origin)>,
    pub kwnames: Vec<String>,
    /// The variable receiving the result (for narrowing facts of `isinstance`).
    pub result: Option<rpy_flow::Var>,
}

impl Annotator {
    /// Annotates calling `callee`; `None` means an error was reported.
    pub(crate) fn call_value(&mut self, site: &CallSite, callee: &SomeValue) -> Option<SomeValue> {
        match callee {
            SomeValue::Functions { funcs, .. } => {
                let mut res = SomeValue::Impossible;
                let mut first: Option<(ObjRef, SomeValue)> = None;
                for f in funcs.iter() {
                    // A nested function receives its defining call's environment first.
                    let env = self.prog.objects.function(*f).and_then(|fd| fd.closure_env);
                    let receiver = env.map(|c| SomeValue::Instance { class: self.classdef(c), nullable: false });
                    let r = self.call_function(site, *f, receiver)?;
                    match self.union(&res, &r) {
                        Ok(u) => res = u,
                        Err(_) => {
                            // Name both functions: the one that returned the first type, and this one.
                            let (ta, tb) = (self.type_name(&res), self.type_name(&r));
                            let mut d = Diagnostic::at(ErrorCode::TypeConflict, site.span, format!("the functions called here return both `{ta}` and `{tb}`"));
                            if let Some((g, _)) = &first {
                                let span = self.prog.objects.function(*g).map_or(Span::DUMMY, |fd| fd.span);
                                d = d.with_secondary(span, format!("this one returns `{ta}`"));
                            }
                            let span = self.prog.objects.function(*f).map_or(Span::DUMMY, |fd| fd.span);
                            d = d.with_secondary(span, format!("this one returns `{tb}`"));
                            self.error(d.with_note("functions called from one place form a family with one signature"));
                            return None;
                        }
                    }
                    if first.is_none() && !r.is_impossible() {
                        first = Some((*f, r));
                    }
                }
                Some(res)
            }
            SomeValue::Classes { classes, .. } => {
                let mut res = SomeValue::Impossible;
                for c in classes.iter() {
                    let r = self.instantiate(site, *c)?;
                    res = self.union_at(&res, &r, site.span, "the classes instantiated here make")?;
                }
                Some(res)
            }
            SomeValue::Method { class, name, .. } => {
                let impls = self.method_implementations(*class, name);
                if impls.is_empty() {
                    let cname = self.class(*class).name.clone();
                    self.error(Diagnostic::at(ErrorCode::BadOperation, site.span, format!("`{cname}` has no method `{name}`")));
                    return None;
                }
                let mut res = SomeValue::Impossible;
                for (k, f) in impls {
                    let recv_class = if self.is_subclass(k, *class) { k } else { *class };
                    let r = self.call_function(site, f, Some(SomeValue::Instance { class: recv_class, nullable: false }))?;
                    res = self.union_at(&res, &r, site.span, "the methods called here return")?;
                }
                Some(res)
            }
            SomeValue::SuperMethod { func, class } => self.call_function(site, *func, Some(SomeValue::Instance { class: *class, nullable: false })),
            SomeValue::Builtin(b) => self.call_builtin(site, *b),
            SomeValue::BuiltinMethod { receiver, name } if matches!(**receiver, SomeValue::Instance { .. }) && &**name == "__init__" => {
                // `super().__init__(message)` reaching a built-in exception class.
                self.check_str_args(site)?;
                Some(SomeValue::None)
            }
            SomeValue::BuiltinMethod { receiver, name } => {
                let (receiver, name) = (receiver.clone(), name.clone());
                self.call_method(site, &receiver, &name)
            }
            other => {
                let t = self.type_name(other);
                self.error(Diagnostic::at(ErrorCode::BadOperation, site.span, format!("a `{t}` value is not callable")));
                None
            }
        }
    }

    /// Annotates a call of one user function.
    pub(crate) fn call_function(&mut self, site: &CallSite, func: ObjRef, receiver: Option<SomeValue>) -> Option<SomeValue> {
        let mut fdef = self.prog.objects.function(func).cloned().expect("call_function on a function");
        if fdef.specialize == Specialize::NotRpython {
            let d = Diagnostic::at(ErrorCode::BadCall, site.span, format!("`{}` is marked `@not_rpython`: it runs at translation time only", fdef.name))
                .with_secondary(fdef.span, "defined here")
                .with_help("call it from module-level code, or remove the decorator if it is RPy");
            self.error(d);
            return None;
        }
        let n_positional = site.args.len() - site.kwnames.len();
        // A closure's environment is a hidden first parameter, filled like a receiver.
        if fdef.closure_env.is_some() {
            fdef.params.insert(0, rpy_frontend::Param { name: "$closure".into(), span: fdef.span, default: None });
        }
        let sources = match match_arguments(&fdef.params, receiver.is_some(), n_positional, &site.kwnames) {
            Ok(s) => s,
            Err(why) => {
                self.error(
                    Diagnostic::at(ErrorCode::BadCall, site.span, format!("bad call of `{}`: {why}", fdef.name)).with_secondary(fdef.span, "defined here"),
                );
                return None;
            }
        };
        let mut values = vec![];
        for (p, src) in fdef.params.iter().zip(&sources) {
            let v = match src {
                ArgSource::Arg(i) => {
                    let (s, o) = site.args[*i].clone();
                    (s.generalize_for_call(), Origin::new(site.span, &format!("passed as `{}`", p.name)).with_fallback(o))
                }
                ArgSource::Default(c) => (self.immutable_value(c).generalize_for_call(), Origin::new(p.span, "the default value")),
                ArgSource::Receiver => (receiver.clone().expect("receiver source with a receiver"), Origin::new(site.span, "the receiver")),
            };
            values.push(v);
        }
        let key = match fdef.specialize {
            Specialize::ArgType(n) => {
                let tags = values.iter().skip(n as usize).take(1).map(|(s, _)| self.type_name(&s.generalize())).collect();
                SpecKey::ArgTypes(tags)
            }
            _ => SpecKey::Default,
        };
        let graph = self.graph_for(func, key, site.span)?;
        let start = self.g(graph).graph.start;
        self.bind_inputs(graph, start, values, "argument");
        if site.op == EMULATED_OP {
            return Some(self.read_return(graph));
        }
        let target = CallTarget { func, graph, args: sources };
        let targets = self.calls.entry((site.graph, site.block, site.op)).or_default();
        if !targets.contains(&target) {
            targets.push(target);
        }
        Some(self.read_return(graph))
    }

    /// Annotates `C(args)`: a new instance, then `C.__init__(instance, args)`.
    fn instantiate(&mut self, site: &CallSite, class: ObjRef) -> Option<SomeValue> {
        let c = self.classdef(class);
        self.classes[c.0 as usize].instantiated = true;
        let inst = SomeValue::Instance { class: c, nullable: false };
        let base_exc = self.prog.exception_class("BaseException");
        let is_exception = self.prog.objects.is_subclass(class, base_exc);
        self.emulate_special_methods(site, c);
        match self.method_of(c, "__init__") {
            Some(init) => {
                let result = self.call_function(site, init, Some(inst.clone()))?;
                if !matches!(result, SomeValue::None | SomeValue::Impossible) {
                    let name = self.class(c).name.clone();
                    let t = self.type_name(&result);
                    self.error(
                        Diagnostic::at(ErrorCode::BadCall, site.span, format!("`{name}.__init__` returns `{t}`; it must return None (CPython raises TypeError here)"))
                            .with_help("remove the value from `return` in `__init__`"),
                    );
                    return None;
                }
            }
            None => {
                if !is_exception && !site.args.is_empty() {
                    let name = self.class(c).name.clone();
                    self.error(Diagnostic::at(ErrorCode::BadCall, site.span, format!("`{name}()` takes no arguments (the class has no `__init__`)")));
                    return None;
                }
                self.check_str_args(site)?;
            }
        }
        Some(inst)
    }

    /// Special methods that containers, `sorted` and `hash()` call implicitly are annotated
    /// as soon as the class is instantiated, as called with two instances of it (or one, for
    /// `__hash__`), so the rtyper finds their graphs wherever it needs them.
    fn emulate_special_methods(&mut self, site: &CallSite, c: ClassId) {
        // (name, arguments besides self, what it must return)
        let is_bool = |s: &SomeValue| matches!(s, SomeValue::Bool { .. });
        let is_int = |s: &SomeValue| s.is_intlike();
        let is_str = |s: &SomeValue| matches!(s, SomeValue::Str { nullable: false, .. });
        let implicit: &[(&str, usize, &dyn Fn(&SomeValue) -> bool, &str)] = &[
            ("__eq__", 1, &is_bool, "a bool"),
            ("__ne__", 1, &is_bool, "a bool"),
            ("__lt__", 1, &is_bool, "a bool"),
            ("__le__", 1, &is_bool, "a bool"),
            ("__gt__", 1, &is_bool, "a bool"),
            ("__ge__", 1, &is_bool, "a bool"),
            ("__hash__", 0, &is_int, "an int"),
            ("__bool__", 0, &is_bool, "a bool"),
            ("__len__", 0, &is_int, "an int"),
            ("__str__", 0, &is_str, "a str"),
            ("__repr__", 0, &is_str, "a str"),
        ];
        let inst = SomeValue::Instance { class: c, nullable: false };
        for &(name, n_args, returns_ok, what) in implicit {
            let Some(f) = self.method_of(c, name) else { continue };
            let emulated = CallSite {
                graph: site.graph,
                block: site.block,
                op: EMULATED_OP,
                span: site.span,
                args: vec![(inst.clone(), Origin::new(site.span, &format!("an implicit call of `{name}`"))); n_args],
                kwnames: vec![],
                result: None,
            };
            let Some(r) = self.call_function(&emulated, f, Some(inst.clone())) else { continue };
            if !r.is_impossible() && !returns_ok(&r) {
                let (cname, t) = (self.class(c).name.clone(), self.type_name(&r));
                let span = self.prog.objects.function(f).map_or(site.span, |d| d.span);
                self.error(Diagnostic::at(ErrorCode::BadCall, span, format!("`{cname}.{name}` returns `{t}`; it must return {what}")).with_help("it is called implicitly (by comparisons, containers, hash(), print()), and the translated program needs that type"));
            }
        }
    }

    /// Arguments that become an exception's message must be convertible to `str`.
    pub(crate) fn check_str_args(&mut self, site: &CallSite) -> Option<()> {
        if !site.kwnames.is_empty() {
            self.error(Diagnostic::at(ErrorCode::BadCall, site.span, "exception classes take no keyword arguments"));
            return None;
        }
        Some(())
    }

    /// Gives every group of graphs that share a call site (or a method slot) one signature.
    /// Returns whether anything changed.
    pub(crate) fn normalize_call_families(&mut self) -> bool {
        let mut families: Vec<Vec<GraphId>> = vec![];
        let mut keys: Vec<_> = self.calls.keys().copied().collect();
        keys.sort();
        for k in keys {
            // One operation may make several calls (a builtin calling `__iter__`, then
            // `__next__`, of two unrelated iterators): only alternatives for one callee form
            // a family, so methods are grouped by name and class hierarchy.
            let mut groups: IndexMap<Option<(String, ObjRef)>, Vec<GraphId>> = IndexMap::new();
            for t in &self.calls[&k] {
                let method = self.prog.objects.function(t.func).and_then(|fd| Some((fd.name.clone(), self.hierarchy_root(fd.class?))));
                groups.entry(method).or_default().push(t.graph);
            }
            families.extend(groups.into_values().filter(|g| g.len() > 1));
        }
        families.extend(self.method_families());
        let mut changed = false;
        for fam in families {
            changed |= self.unify_signatures(&fam);
        }
        changed
    }

    /// The class just below `object` that class `c` descends from.
    fn hierarchy_root(&self, mut c: ObjRef) -> ObjRef {
        while let Some(b) = self.prog.objects.class(c).and_then(|cd| cd.base) {
            if b == self.prog.object_class {
                break;
            }
            c = b;
        }
        c
    }

    /// For each method name, the graphs of all implementations under the class that first
    /// defines it: they fill one vtable slot.
    fn method_families(&self) -> Vec<Vec<GraphId>> {
        let mut out = vec![];
        for (ci, info) in self.classes.iter().enumerate() {
            let Some(cd) = self.prog.objects.class(info.obj) else { continue };
            for (name, v) in &cd.dict {
                // Constructors are called on a known class, never through the vtable.
                if !self.is_function_constant(v) || name == "__init__" {
                    continue;
                }
                // Only the topmost definer starts a family.
                let defined_above = info.base.is_some_and(|b| self.method_of(b, name).is_some());
                if defined_above {
                    continue;
                }
                let impls = self.method_implementations(ClassId(ci as u32), name);
                let graphs: Vec<GraphId> = impls
                    .iter()
                    .flat_map(|(_, f)| self.graph_of.iter().filter(move |((gf, _), _)| gf == f).map(|(_, g)| *g))
                    .collect();
                if graphs.len() > 1 {
                    out.push(graphs);
                }
            }
        }
        out
    }

    /// How many leading parameters of a graph are hidden (a closure's environment).
    fn hidden_params(&self, g: GraphId) -> usize {
        let f = self.g(g).func;
        usize::from(self.prog.objects.function(f).is_some_and(|fd| fd.closure_env.is_some()))
    }

    fn unify_signatures(&mut self, fam: &[GraphId]) -> bool {
        let visible = |this: &Self, g: GraphId| this.g(g).graph.block(this.g(g).graph.start).inputs.len() - this.hidden_params(g);
        let n = visible(self, fam[0]);
        // Methods keep their own `self` (an instance of the class defining each one); the
        // other parameters and the result are shared.
        let all_methods = fam.iter().all(|g| self.prog.objects.function(self.g(*g).func).is_some_and(|fd| fd.class.is_some()));
        let first = usize::from(all_methods);
        if fam.iter().any(|g| visible(self, *g) != n) {
            let names: Vec<String> = fam.iter().map(|g| self.g(*g).graph.name.clone()).collect();
            let span = self.g(fam[1]).graph.span;
            self.error(
                Diagnostic::at(ErrorCode::BadCall, span, format!("functions called at the same place take different numbers of parameters: {}", names.join(", ")))
                    .with_note("functions that can be called from one place (or that override one method) must have the same parameters"),
            );
            return false;
        }
        let mut changed = false;
        for i in first..n {
            let mut u = SomeValue::Impossible;
            for g in fam {
                let v = self.g(*g).graph.block(self.g(*g).graph.start).inputs[i + self.hidden_params(*g)];
                let a = self.ann(*g, v);
                match self.union(&u, &a) {
                    Ok(x) => u = x,
                    Err(_) => {
                        let (t1, t2) = (self.type_name(&u), self.type_name(&a));
                        let span = self.g(*g).graph.span;
                        let names: Vec<String> = fam.iter().map(|g| self.g(*g).graph.name.clone()).collect();
                        self.error(
                            Diagnostic::at(ErrorCode::TypeConflict, span, format!("parameter {} of functions called from one place would be both `{t1}` and `{t2}`", i + 1))
                                .with_note(format!("the functions: {}", names.join(", ")))
                                .with_note("functions that can be called from one place (or that override one method) share one signature"),
                        );
                        return false;
                    }
                }
            }
            if u.is_impossible() {
                continue;
            }
            for g in fam {
                let start = self.g(*g).graph.start;
                let k = i + self.hidden_params(*g);
                let v = self.g(*g).graph.block(start).inputs[k];
                if !self.same(&self.ann(*g, v), &u) {
                    let mut values: Vec<(SomeValue, Origin)> = vec![];
                    for (j, w) in self.g(*g).graph.block(start).inputs.clone().iter().enumerate() {
                        values.push(if j == k { (u.clone(), Origin::none()) } else { (self.ann(*g, *w), Origin::none()) });
                    }
                    self.bind_inputs(*g, start, values, "argument");
                    changed = true;
                }
            }
        }
        // One return type for the whole family.
        let mut r = SomeValue::Impossible;
        for g in fam {
            let a = self.g(*g).return_ann();
            match self.union(&r, &a) {
                Ok(x) => r = x,
                Err(_) => {
                    let (t1, t2) = (self.type_name(&r), self.type_name(&a));
                    let span = self.g(*g).graph.span;
                    let names: Vec<String> = fam.iter().map(|g| self.g(*g).graph.name.clone()).collect();
                    self.error(
                        Diagnostic::at(ErrorCode::TypeConflict, span, format!("functions called from one place would return both `{t1}` and `{t2}`"))
                            .with_note(format!("the functions: {}", names.join(", ")))
                            .with_note("functions that can be called from one place (or that override one method) share one signature"),
                    );
                    return changed;
                }
            }
        }
        if !r.is_impossible() {
            for g in fam {
                if !self.same(&self.g(*g).return_ann(), &r) {
                    self.set_return(*g, r.clone());
                    changed = true;
                }
            }
        }
        changed
    }
}

impl SomeValue {
    /// The annotation a parameter receives: constants are forgotten (one graph serves every
    /// constant), except where they select what is called.
    pub(crate) fn generalize_for_call(&self) -> SomeValue {
        match self {
            SomeValue::Functions { .. } | SomeValue::Classes { .. } | SomeValue::Builtin(_) | SomeValue::Module(_) => self.clone(),
            other => other.generalize(),
        }
    }
}

impl Origin {
    fn with_fallback(self, other: Origin) -> Origin {
        if self.span.is_dummy() {
            other
        } else {
            self
        }
    }
}
