//! Module-level evaluation: runs module bodies (and the functions they call, such as class
//! constructors) at translation time, producing prebuilt constants. This is RPython's import
//! phase, done by a small interpreter over `Constant`s instead of by a host Python.
//!
//! Invariant: values are `Constant`s; mutable objects (lists, dicts, instances) live in the
//! `ObjectStore` and are shared by reference, exactly as they will be in the binary.

use crate::loader::{builtin_name, library_module_object, unknown_module, ModuleLoader};
use crate::objects::*;
use crate::scope;
use crate::util::{header_span, span, unsupported};
use crate::Program;
use indexmap::{IndexMap, IndexSet};
use num_traits::ToPrimitive;
use rpy_flow::{Constant, FloatBits, ObjRef};
use rpy_source::{Diagnostic, ErrorCode, FileId, Span};
use rpy_stdlib::{unsupported_builtin, Builtin};
use rustpython_parser::ast::{self, Expr, Ranged, Stmt};
use std::rc::Rc;

const MAX_DEPTH: u32 = 200;
const MAX_STEPS: u64 = 50_000_000;

enum Flow {
    Normal,
    Return(Constant),
    Break,
    Continue,
}

enum Scope {
    Module,
    Class(IndexMap<String, Constant>),
    Function { locals: IndexMap<String, Constant>, globals: IndexSet<String> },
}

struct Frame {
    module: ObjRef,
    file: FileId,
    scope: Scope,
}

type R<T> = Result<T, Diagnostic>;

pub(crate) struct Interp<'a> {
    pub prog: &'a mut Program,
    loader: &'a dyn ModuleLoader,
    pub diags: Vec<Diagnostic>,
    depth: u32,
    steps: u64,
}

fn module_level(span: Span, what: impl Into<String>) -> Diagnostic {
    Diagnostic::at(ErrorCode::ModuleLevel, span, format!("cannot evaluate this at translation time: {}", what.into()))
        .with_note("module-level code runs when the program is translated; it may define functions and classes and build constants")
}

impl<'a> Interp<'a> {
    pub fn new(prog: &'a mut Program, loader: &'a dyn ModuleLoader) -> Self {
        Interp { prog, loader, diags: vec![], depth: 0, steps: 0 }
    }

    // ---------------------------------------------------------------- modules

    /// Loads (once) the module `name` and returns it; reports an error at `span` if there is
    /// no such module.
    pub fn import_module(&mut self, name: &str, span: Span) -> Option<ObjRef> {
        if let Some(m) = self.prog.modules.get(name) {
            return Some(*m);
        }
        if let Some(m) = library_module_object(self.prog, name) {
            return Some(m);
        }
        // A submodule needs its package first.
        if let Some((parent, _)) = name.rsplit_once('.') {
            self.import_module(parent, span)?;
        }
        let src = match rpy_stdlib::source_module(name) {
            Some((path, text)) => crate::LoadedSource { path: path.to_string(), text: text.to_string() },
            None => match self.loader.load(name) {
                Some(src) => src,
                None => {
                    self.diags.push(unknown_module(span, name));
                    return None;
                }
            },
        };
        let file = self.prog.sources.add(src.path.clone(), name, src.text.clone());
        let module = self.prog.objects.add(Object::Module(ModuleDef {
            name: name.to_string(),
            file: Some(file),
            namespace: IndexMap::new(),
            library: false,
        }));
        self.prog.modules.insert(name.to_string(), module);
        if let Some((parent, child)) = name.rsplit_once('.') {
            let p = self.prog.modules[parent];
            if let Object::Module(pm) = self.prog.objects.get_mut(p) {
                pm.namespace.insert(child.to_string(), Constant::Obj(module));
            }
        }
        let mut suite = match <ast::Suite as rustpython_parser::Parse>::parse(&src.text, &src.path) {
            Ok(s) => s,
            Err(e) => {
                let at = e.offset.to_u32();
                let sp = Span::new(file, at, at.saturating_add(1).min(src.text.len() as u32).max(at));
                self.diags.push(Diagnostic::at(ErrorCode::Syntax, sp, format!("invalid syntax: {}", e.error)));
                return Some(module);
            }
        };
        crate::desugar::desugar_suite(&mut suite);
        let mut frame = Frame { module, file, scope: Scope::Module };
        for stmt in &suite {
            if let Err(d) = self.exec_stmt(&mut frame, stmt) {
                self.diags.push(d);
            }
        }
        Some(module)
    }

    /// `main` of the entry module, or the function that `target(driver, args)` returns.
    pub fn find_entry_point(&mut self, module: ObjRef) -> Option<ObjRef> {
        let ns = &self.prog.objects.module(module)?.namespace;
        let main = ns.get("main").cloned();
        let target = ns.get("target").cloned();
        let file = self.prog.objects.module(module)?.file;
        let file_span = file.map_or(Span::DUMMY, |f| Span::new(f, 0, 0));
        if let Some(Constant::Obj(t)) = target {
            if self.prog.objects.function(t).is_some() {
                let span = self.prog.objects.function(t).map_or(file_span, |f| f.span);
                match self.call(Constant::Obj(t), vec![Constant::None, Constant::Tuple(Rc::from(vec![]))], vec![], span) {
                    Ok(Constant::Obj(f)) if self.prog.objects.function(f).is_some() => return Some(f),
                    Ok(Constant::Tuple(t)) if matches!(t.first(), Some(Constant::Obj(_))) => {
                        if let Some(Constant::Obj(f)) = t.first() {
                            return Some(*f);
                        }
                    }
                    Ok(_) => {
                        self.diags.push(Diagnostic::at(ErrorCode::NoEntryPoint, span, "target() must return the entry-point function"));
                        return None;
                    }
                    Err(d) => {
                        self.diags.push(d);
                        return None;
                    }
                }
            }
        }
        match main {
            Some(Constant::Obj(m)) if self.prog.objects.function(m).is_some() => Some(m),
            // A module that did not parse has no names: that error says enough.
            _ if self.diags.iter().any(|d| d.code == ErrorCode::Syntax) => None,
            _ => {
                self.diags.push(
                    Diagnostic::new(ErrorCode::NoEntryPoint, "the program has no entry point")
                        .with_primary(file_span, "")
                        .with_help("define `def main(argv): ... return 0` (or an RPython-style `target(driver, args)`)"),
                );
                None
            }
        }
    }

    // ---------------------------------------------------------------- statements

    fn text(&self, file: FileId) -> &str {
        &self.prog.sources.file(file).text
    }

    fn exec_block(&mut self, frame: &mut Frame, body: &[Stmt]) -> R<Flow> {
        for s in body {
            match self.exec_stmt(frame, s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn tick(&mut self, span: Span) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(module_level(span, "module-level code runs too long (an endless loop?)"));
        }
        Ok(())
    }

    fn exec_stmt(&mut self, frame: &mut Frame, s: &Stmt) -> R<Flow> {
        let sp = span(frame.file, s.range());
        self.tick(sp)?;
        match s {
            Stmt::FunctionDef(def) => {
                let class = None;
                let f = self.make_function(frame, def, class)?;
                if let Some(f) = f {
                    self.store(frame, def.name.as_str(), f, sp)?;
                }
            }
            Stmt::ClassDef(def) => {
                let c = self.make_class(frame, def)?;
                self.store(frame, def.name.as_str(), c, sp)?;
            }
            Stmt::Assign(a) => {
                let v = self.eval(frame, &a.value)?;
                for t in &a.targets {
                    self.assign(frame, t, v.clone())?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(d) = crate::util::bad_annotation_target(&a.target, sp) {
                    return Err(d);
                }
                if let Some(v) = &a.value {
                    let v = self.eval(frame, v)?;
                    self.assign(frame, &a.target, v)?;
                }
            }
            Stmt::AugAssign(a) => {
                let cur = self.eval(frame, &a.target)?;
                let rhs = self.eval(frame, &a.value)?;
                let v = self.binop(cur, a.op, rhs, sp)?;
                self.assign(frame, &a.target, v)?;
            }
            Stmt::Expr(e) => {
                self.eval(frame, &e.value)?;
            }
            Stmt::Pass(_) => {}
            Stmt::If(i) => {
                let t = self.eval(frame, &i.test)?;
                let body = if self.truth(&t, sp)? { &i.body } else { &i.orelse };
                return self.exec_block(frame, body);
            }
            Stmt::While(w) => loop {
                let t = self.eval(frame, &w.test)?;
                if !self.truth(&t, sp)? {
                    return self.exec_block(frame, &w.orelse);
                }
                match self.exec_block(frame, &w.body)? {
                    Flow::Break => return Ok(Flow::Normal),
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
            },
            Stmt::For(f) => {
                let it = self.eval(frame, &f.iter)?;
                let items = self.iterate(&it, sp)?;
                for item in items {
                    self.assign(frame, &f.target, item)?;
                    match self.exec_block(frame, &f.body)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
                return self.exec_block(frame, &f.orelse);
            }
            Stmt::Break(_) => return Ok(Flow::Break),
            Stmt::Continue(_) => return Ok(Flow::Continue),
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(frame, e)?,
                    None => Constant::None,
                };
                return Ok(Flow::Return(v));
            }
            Stmt::Import(imp) => {
                if !matches!(frame.scope, Scope::Module) {
                    return Err(unsupported(sp, "an `import` inside a function (a runtime import)", "move the import to module level"));
                }
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    let m = self.import_module(name, sp).ok_or_else(|| self.diags.pop().unwrap_or_else(|| unknown_module(sp, name)))?;
                    match &alias.asname {
                        Some(asname) => self.store(frame, asname.as_str(), Constant::Obj(m), sp)?,
                        None => {
                            // `import a.b` binds `a` (loading it if `a.b` came first).
                            let top = name.split('.').next().unwrap_or(name);
                            let topm = self.import_module(top, sp).unwrap_or(m);
                            self.store(frame, top, Constant::Obj(topm), sp)?;
                        }
                    }
                }
            }
            Stmt::ImportFrom(imp) => {
                if !matches!(frame.scope, Scope::Module) {
                    return Err(unsupported(sp, "an `import` inside a function (a runtime import)", "move the import to module level"));
                }
                let mut name = imp.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
                let level = imp.level.map_or(0, |l| l.to_u32());
                if level > 0 {
                    let this = self.prog.objects.module(frame.module).map(|m| m.name.clone()).unwrap_or_default();
                    let mut parts: Vec<&str> = this.split('.').collect();
                    for _ in 0..level {
                        parts.pop();
                    }
                    let base = parts.join(".");
                    name = match (base.is_empty(), name.is_empty()) {
                        (true, _) => name,
                        (false, true) => base,
                        (false, false) => format!("{base}.{name}"),
                    };
                }
                if name == "__future__" || name == "typing" {
                    for alias in &imp.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                        self.store(frame, &bound, Constant::None, sp)?;
                    }
                    return Ok(Flow::Normal);
                }
                let m = self.import_module(&name, sp).ok_or_else(|| self.diags.pop().unwrap_or_else(|| unknown_module(sp, &name)))?;
                for alias in &imp.names {
                    let item = alias.name.as_str();
                    if item == "*" {
                        return Err(unsupported(sp, "`from ... import *`", "import the names you use"));
                    }
                    let existing = self.prog.objects.module(m).and_then(|md| md.namespace.get(item).cloned());
                    let value = match existing {
                        Some(v) => v,
                        None => {
                            let sub = format!("{name}.{item}");
                            let is_lib = self.prog.objects.module(m).is_some_and(|md| md.library);
                            if is_lib {
                                return Err(Diagnostic::at(ErrorCode::UnknownName, sp, format!("module `{name}` has no `{item}` in RPy"))
                                    .with_note("RPy's library modules provide only part of CPython's; see LANGUAGE.md section 7"));
                            }
                            Constant::Obj(self.import_module(&sub, sp).ok_or_else(|| {
                                self.diags.pop();
                                Diagnostic::at(ErrorCode::UnknownName, sp, format!("cannot import `{item}` from `{name}`"))
                            })?)
                        }
                    };
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    self.store(frame, &bound, value, sp)?;
                }
            }
            Stmt::Global(g) => {
                if let Scope::Function { globals, .. } = &mut frame.scope {
                    globals.extend(g.names.iter().map(|n| n.to_string()));
                }
            }
            Stmt::Assert(a) => {
                let t = self.eval(frame, &a.test)?;
                if !self.truth(&t, sp)? {
                    return Err(module_level(sp, "an assertion failed"));
                }
            }
            Stmt::Raise(_) => return Err(module_level(sp, "an exception is raised")),
            Stmt::Try(t) => {
                // Exceptions cannot happen at translation time without being errors; the
                // body and the else/finally parts run in order.
                if let f @ (Flow::Return(_) | Flow::Break | Flow::Continue) = self.exec_block(frame, &t.body)? {
                    return Ok(f);
                }
                self.exec_block(frame, &t.orelse)?;
                return self.exec_block(frame, &t.finalbody);
            }
            Stmt::Nonlocal(_) => return Err(unsupported(sp, "`nonlocal`", "")),
            Stmt::AsyncFunctionDef(_) | Stmt::AsyncFor(_) | Stmt::AsyncWith(_) => return Err(unsupported(sp, "`async`", "")),
            Stmt::Match(_) => return Err(unsupported(sp, "the `match` statement", "use if/elif chains")),
            Stmt::Delete(_) | Stmt::With(_) | Stmt::TypeAlias(_) | Stmt::TryStar(_) => {
                return Err(module_level(sp, "this statement is not supported at module level"))
            }
        }
        Ok(Flow::Normal)
    }

    fn store(&mut self, frame: &mut Frame, name: &str, value: Constant, _span: Span) -> R<()> {
        match &mut frame.scope {
            Scope::Module => {
                if let Object::Module(m) = self.prog.objects.get_mut(frame.module) {
                    m.namespace.insert(name.to_string(), value);
                }
            }
            Scope::Class(ns) => {
                ns.insert(name.to_string(), value);
            }
            Scope::Function { locals, globals } => {
                if globals.contains(name) {
                    if let Object::Module(m) = self.prog.objects.get_mut(frame.module) {
                        m.namespace.insert(name.to_string(), value);
                    }
                } else {
                    locals.insert(name.to_string(), value);
                }
            }
        }
        Ok(())
    }

    fn assign(&mut self, frame: &mut Frame, target: &Expr, value: Constant) -> R<()> {
        let sp = span(frame.file, target.range());
        match target {
            Expr::Name(n) => self.store(frame, n.id.as_str(), value, sp),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&value, sp)?;
                if items.len() != elts.len() {
                    return Err(module_level(sp, format!("cannot unpack {} values into {} targets", items.len(), elts.len())));
                }
                for (t, v) in elts.iter().zip(items) {
                    self.assign(frame, t, v)?;
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.eval(frame, &a.value)?;
                match obj {
                    Constant::Obj(o) => match self.prog.objects.get_mut(o) {
                        Object::Instance(inst) => {
                            inst.attrs.insert(a.attr.to_string(), value);
                            Ok(())
                        }
                        Object::Class(c) if !c.builtin => {
                            c.dict.insert(a.attr.to_string(), value);
                            Ok(())
                        }
                        _ => Err(module_level(sp, "attributes can be set only on instances of user classes")),
                    },
                    _ => Err(module_level(sp, "attributes can be set only on instances of user classes")),
                }
            }
            Expr::Subscript(s) => {
                let obj = self.eval(frame, &s.value)?;
                let key = self.eval(frame, &s.slice)?;
                let Constant::Obj(o) = obj else { return Err(module_level(sp, "item assignment to an immutable value")) };
                match self.prog.objects.get_mut(o) {
                    Object::List { items, .. } => {
                        let Constant::Int(i) = key else { return Err(module_level(sp, "list indices must be integers")) };
                        let len = items.len() as i64;
                        let idx = if i < 0 { i + len } else { i };
                        if idx < 0 || idx >= len {
                            return Err(module_level(sp, "list assignment index out of range"));
                        }
                        items[idx as usize] = value;
                        Ok(())
                    }
                    Object::Dict { items, .. } => {
                        if let Some(slot) = items.iter_mut().find(|(k, _)| *k == key) {
                            slot.1 = value;
                        } else {
                            items.push((key, value));
                        }
                        Ok(())
                    }
                    _ => Err(module_level(sp, "item assignment is supported on lists and dicts")),
                }
            }
            _ => Err(module_level(sp, "this assignment target")),
        }
    }

    // ---------------------------------------------------------------- definitions

    /// Creates the function object of a `def` (`None` only for what is not a function).
    fn make_function(&mut self, frame: &mut Frame, def: &ast::StmtFunctionDef, class: Option<ObjRef>) -> R<Option<Constant>> {
        let file = frame.file;
        let head = header_span(file, def.range, self.text(file));
        let mut specialize = Specialize::None;
        for d in &def.decorator_list {
            match self.decorator(frame, d)? {
                Decorator::NotRpython => specialize = Specialize::NotRpython,
                Decorator::Specialize(s) => specialize = s,
                Decorator::Ignored => {}
            }
        }
        let args = &def.args;
        if let Some(v) = &args.vararg {
            let _ = v;
            return Err(unsupported(head, "`*args` in a function definition", "pass a list or a tuple instead"));
        }
        if args.kwarg.is_some() {
            return Err(unsupported(head, "`**kwargs` in a function definition", "pass the values as ordinary parameters"));
        }
        let mut params = vec![];
        for a in args.posonlyargs.iter().chain(&args.args).chain(&args.kwonlyargs) {
            let default = match &a.default {
                Some(d) => Some(self.eval(frame, d)?),
                None => None,
            };
            params.push(Param { name: a.def.arg.to_string(), span: span(file, a.def.range), default });
        }
        let module_name = self.prog.objects.module(frame.module).map(|m| m.name.clone()).unwrap_or_default();
        let qualname = match class.and_then(|c| self.prog.objects.class(c)) {
            Some(c) => format!("{}.{}", c.qualname, def.name),
            None => format!("{module_name}.{}", def.name),
        };
        let param_names: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
        let (sc, _) = scope::analyze(file, &param_names, &def.body);
        let f = FunctionDef {
            name: def.name.to_string(),
            qualname,
            module: frame.module,
            file,
            span: head,
            params,
            body: FunctionBody::Def(Rc::new(def.clone())),
            class,
            closure_env: None,
            free_vars: vec![],
            specialize,
            is_generator: sc.is_generator,
        };
        Ok(Some(Constant::Obj(self.prog.objects.add(Object::Function(f)))))
    }

    fn decorator(&mut self, frame: &mut Frame, d: &Expr) -> R<Decorator> {
        let sp = span(frame.file, d.range());
        // `@specialize.argtype(0)`, `@specialize.memo()` and friends.
        if let Expr::Call(call) = d {
            if let Expr::Attribute(attr) = &*call.func {
                let base = self.eval(frame, &attr.value)?;
                if self.builtin_of(&base) == Some(Builtin::RSpecialize) {
                    return match attr.attr.as_str() {
                        "argtype" | "arg" | "argtype_or_var" | "arg_or_var" => {
                            let mut first = u32::MAX;
                            for a in &call.args {
                                if let Constant::Int(i) = self.eval(frame, a)? {
                                    first = first.min(i as u32);
                                }
                            }
                            Ok(Decorator::Specialize(Specialize::ArgType(if first == u32::MAX { 0 } else { first })))
                        }
                        "memo" => Ok(Decorator::Specialize(Specialize::Memo)),
                        "call_location" | "ll" => Ok(Decorator::Ignored),
                        other => Err(unsupported(sp, &format!("`specialize.{other}`"), "")),
                    };
                }
                if let Some(b) = self.builtin_of(&base) {
                    if b.module() == "rlib.jit" {
                        return Ok(Decorator::Ignored);
                    }
                }
            }
            let f = self.eval(frame, &call.func)?;
            if matches!(self.builtin_of(&f), Some(b) if b.module() == "rlib.jit") {
                return Ok(Decorator::Ignored);
            }
        }
        let v = self.eval(frame, d)?;
        match self.builtin_of(&v) {
            Some(Builtin::RNotRpython) => Ok(Decorator::NotRpython),
            Some(Builtin::RAlwaysInline) => Ok(Decorator::Ignored),
            Some(b) if b.module() == "rlib.jit" => Ok(Decorator::Ignored),
            _ => Err(unsupported(sp, "this decorator", "RPy accepts only the library's decorators (rlib.objectmodel, rlib.jit)")),
        }
    }

    fn builtin_of(&self, c: &Constant) -> Option<Builtin> {
        c.as_obj().and_then(|o| self.prog.objects.as_builtin(o))
    }

    fn make_class(&mut self, frame: &mut Frame, def: &ast::StmtClassDef) -> R<Constant> {
        let file = frame.file;
        let head = header_span(file, def.range, self.text(file));
        if let Some(k) = def.keywords.first() {
            let what = match k.arg.as_ref().map(|a| a.as_str()) {
                Some("metaclass") => "a metaclass".to_string(),
                Some(other) => format!("the class keyword `{other}`"),
                None => "`**` in a class definition".to_string(),
            };
            return Err(unsupported(span(file, k.range), &what, "define an ordinary class"));
        }
        if let Some(d) = def.decorator_list.first() {
            return Err(unsupported(span(file, d.range()), "a class decorator", ""));
        }
        let mut bases = vec![];
        for b in &def.bases {
            let v = self.eval(frame, b)?;
            match v.as_obj() {
                Some(o) if self.prog.objects.class(o).is_some() => bases.push(o),
                _ => return Err(Diagnostic::at(ErrorCode::UnsupportedSyntax, span(file, b.range()), "a base class must be a class")),
            }
        }
        let object = self.prog.object_class;
        bases.retain(|b| *b != object);
        let base = bases.first().copied().unwrap_or(object);
        let mixins: Vec<ObjRef> = bases.iter().skip(1).copied().collect();
        for m in &mixins {
            if let Some(attr) = self.instance_state_of(*m) {
                let mname = self.prog.objects.describe(*m);
                return Err(Diagnostic::at(
                    ErrorCode::UnsupportedSyntax,
                    head,
                    format!("class `{}` uses multiple inheritance, which is not supported for classes that carry instance state", def.name),
                )
                .with_note(format!("`{mname}` sets the instance attribute `{attr}`; only mixins that add methods may follow the first base"))
                .with_help("keep single inheritance and hold the other object in an attribute (composition)"));
            }
        }
        let module_name = self.prog.objects.module(frame.module).map(|m| m.name.clone()).unwrap_or_default();
        let class = self.prog.objects.add(Object::Class(ClassDef {
            name: def.name.to_string(),
            qualname: format!("{module_name}.{}", def.name),
            module: Some(frame.module),
            span: head,
            base: Some(base),
            mixins,
            dict: IndexMap::new(),
            builtin: false,
        }));
        let mut class_frame = Frame { module: frame.module, file, scope: Scope::Class(IndexMap::new()) };
        for s in &def.body {
            let sp = span(file, s.range());
            match s {
                Stmt::FunctionDef(f) => {
                    let fhead = header_span(file, f.range, self.text(file));
                    match f.name.as_str() {
                        "__getattr__" | "__getattribute__" | "__setattr__" | "__delattr__" => {
                            return Err(unsupported(fhead, &format!("`{}`", f.name), "access attributes by name statically"))
                        }
                        "__del__" => return Err(unsupported(fhead, "`__del__` (finalizers)", "")),
                        "__new__" | "__init_subclass__" | "__class_getitem__" | "__set_name__" => {
                            return Err(unsupported(fhead, &format!("`{}`", f.name), ""))
                        }
                        _ => {}
                    }
                    for d in &f.decorator_list {
                        if let Expr::Name(n) = d {
                            if matches!(n.id.as_str(), "property" | "staticmethod" | "classmethod") {
                                return Err(unsupported(span(file, d.range()), &format!("`@{}`", n.id), "use an ordinary method"));
                            }
                        }
                    }
                    if let Some(func) = self.make_function(&mut class_frame, f, Some(class))? {
                        self.store(&mut class_frame, f.name.as_str(), func, sp)?;
                    }
                }
                Stmt::Assign(a) if a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__slots__")) => {
                    return Err(unsupported(sp, "`__slots__`", "remove it; attributes are typed by the translator"));
                }
                _ => {
                    if let Flow::Return(_) = self.exec_stmt(&mut class_frame, s)? {
                        return Err(module_level(sp, "`return` in a class body"));
                    }
                }
            }
        }
        if let Scope::Class(ns) = class_frame.scope {
            if let Object::Class(c) = self.prog.objects.get_mut(class) {
                c.dict = ns;
            }
        }
        Ok(Constant::Obj(class))
    }

    /// The first instance attribute that a class's methods assign (`self.x = ...`), if any.
    fn instance_state_of(&self, class: ObjRef) -> Option<String> {
        let cd = self.prog.objects.class(class)?;
        for v in cd.dict.values() {
            let Some(f) = v.as_obj().and_then(|o| self.prog.objects.function(o)) else { continue };
            let FunctionBody::Def(def) = &f.body else { continue };
            let Some(self_name) = f.params.first().map(|p| p.name.clone()) else { continue };
            if let Some(a) = find_self_assign(&def.body, &self_name) {
                return Some(a);
            }
        }
        cd.base.filter(|b| *b != self.prog.object_class).and_then(|b| self.instance_state_of(b))
    }

    // ---------------------------------------------------------------- expressions

    fn lookup(&mut self, frame: &Frame, name: &str, sp: Span) -> R<Constant> {
        match &frame.scope {
            Scope::Function { locals, .. } => {
                if let Some(v) = locals.get(name) {
                    return Ok(v.clone());
                }
            }
            Scope::Class(ns) => {
                if let Some(v) = ns.get(name) {
                    return Ok(v.clone());
                }
            }
            Scope::Module => {}
        }
        if let Some(v) = self.prog.objects.module(frame.module).and_then(|m| m.namespace.get(name)).cloned() {
            return Ok(v);
        }
        if let Some(why) = unsupported_builtin(name) {
            return Err(unsupported(sp, &format!("`{name}()`"), why));
        }
        builtin_name(self.prog, name).ok_or_else(|| {
            Diagnostic::at(ErrorCode::UnknownName, sp, format!("name `{name}` is not defined at this point of module-level code"))
        })
    }

    fn eval(&mut self, frame: &mut Frame, e: &Expr) -> R<Constant> {
        let sp = span(frame.file, e.range());
        self.tick(sp)?;
        Ok(match e {
            Expr::Constant(c) => literal(&c.value, sp)?,
            Expr::Name(n) => self.lookup(frame, n.id.as_str(), sp)?,
            Expr::Tuple(t) => {
                let items = t.elts.iter().map(|x| self.eval(frame, x)).collect::<R<Vec<_>>>()?;
                Constant::Tuple(Rc::from(items))
            }
            Expr::List(l) => {
                let items = l.elts.iter().map(|x| self.eval(frame, x)).collect::<R<Vec<_>>>()?;
                Constant::Obj(self.prog.objects.add(Object::List { items, span: sp }))
            }
            Expr::Set(s) => {
                let mut items: Vec<Constant> = vec![];
                for x in &s.elts {
                    let v = self.eval(frame, x)?;
                    if !items.contains(&v) {
                        items.push(v);
                    }
                }
                Constant::Obj(self.prog.objects.add(Object::Set { items, span: sp }))
            }
            Expr::Dict(d) => {
                let mut items: Vec<(Constant, Constant)> = vec![];
                for (k, v) in d.keys.iter().zip(&d.values) {
                    let Some(k) = k else { return Err(module_level(sp, "`**` in a dict display")) };
                    let k = self.eval(frame, k)?;
                    let v = self.eval(frame, v)?;
                    match items.iter_mut().find(|(ek, _)| *ek == k) {
                        Some(slot) => slot.1 = v,
                        None => items.push((k, v)),
                    }
                }
                Constant::Obj(self.prog.objects.add(Object::Dict { items, span: sp }))
            }
            Expr::BinOp(b) => {
                let l = self.eval(frame, &b.left)?;
                let r = self.eval(frame, &b.right)?;
                self.binop(l, b.op, r, sp)?
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(frame, &u.operand)?;
                match (u.op, v) {
                    (ast::UnaryOp::Not, v) => Constant::Bool(!self.truth(&v, sp)?),
                    (ast::UnaryOp::USub, Constant::Int(i)) => Constant::Int(i.wrapping_neg()),
                    (ast::UnaryOp::USub, Constant::Float(f)) => Constant::Float(FloatBits::new(-f.get())),
                    (ast::UnaryOp::USub, Constant::Bool(b)) => Constant::Int(-(b as i64)),
                    (ast::UnaryOp::UAdd, v @ (Constant::Int(_) | Constant::Float(_))) => v,
                    (ast::UnaryOp::Invert, Constant::Int(i)) => Constant::Int(!i),
                    _ => return Err(module_level(sp, "this unary operation")),
                }
            }
            Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                let mut last = Constant::None;
                for v in &b.values {
                    last = self.eval(frame, v)?;
                    if self.truth(&last, sp)? != is_and {
                        return Ok(last);
                    }
                }
                last
            }
            Expr::Compare(c) => {
                let mut left = self.eval(frame, &c.left)?;
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    let right = self.eval(frame, right)?;
                    if !self.compare(&left, *op, &right, sp)? {
                        return Ok(Constant::Bool(false));
                    }
                    left = right;
                }
                Constant::Bool(true)
            }
            Expr::IfExp(i) => {
                let t = self.eval(frame, &i.test)?;
                if self.truth(&t, sp)? {
                    self.eval(frame, &i.body)?
                } else {
                    self.eval(frame, &i.orelse)?
                }
            }
            Expr::Attribute(a) => {
                let obj = self.eval(frame, &a.value)?;
                self.getattr(&obj, a.attr.as_str(), sp)?
            }
            Expr::Subscript(s) => {
                let obj = self.eval(frame, &s.value)?;
                if let Expr::Slice(sl) = &*s.slice {
                    let mut bound = |x: &Option<Box<Expr>>, this: &mut Self| -> R<Option<i64>> {
                        match x {
                            None => Ok(None),
                            Some(e) => match this.eval(frame, e)? {
                                Constant::Int(i) => Ok(Some(i)),
                                Constant::None => Ok(None),
                                _ => Err(module_level(sp, "slice bounds must be integers")),
                            },
                        }
                    };
                    let lo = bound(&sl.lower, self)?;
                    let hi = bound(&sl.upper, self)?;
                    if sl.step.is_some() {
                        return Err(module_level(sp, "a slice step"));
                    }
                    let items = self.iterate(&obj, sp)?;
                    let n = items.len() as i64;
                    let clamp = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
                    let (lo, hi) = (clamp(lo.unwrap_or(0)), clamp(hi.unwrap_or(n)));
                    let part: Vec<Constant> = if lo < hi { items[lo as usize..hi as usize].to_vec() } else { vec![] };
                    return Ok(match &obj {
                        Constant::Str(_) => Constant::str(&part.iter().filter_map(|c| c.as_str()).collect::<String>()),
                        Constant::Tuple(_) => Constant::Tuple(Rc::from(part)),
                        _ => Constant::Obj(self.prog.objects.add(Object::List { items: part, span: sp })),
                    });
                }
                let key = self.eval(frame, &s.slice)?;
                self.getitem(&obj, &key, sp)?
            }
            Expr::Call(call) => {
                let f = self.eval(frame, &call.func)?;
                let unsigned = matches!(self.builtin_of(&f), Some(Builtin::RUint | Builtin::RUint64));
                let mut args = vec![];
                for a in &call.args {
                    if let (true, Some(bits)) = (unsigned, unsigned_literal(a)) {
                        args.push(Constant::Int(bits));
                    } else if let Expr::Starred(st) = a {
                        let v = self.eval(frame, &st.value)?;
                        args.extend(self.iterate(&v, sp)?);
                    } else {
                        args.push(self.eval(frame, a)?);
                    }
                }
                let mut kwargs = vec![];
                for k in &call.keywords {
                    let Some(name) = &k.arg else { return Err(module_level(sp, "`**` in a call")) };
                    kwargs.push((name.to_string(), self.eval(frame, &k.value)?));
                }
                self.call(f, args, kwargs, sp)?
            }
            Expr::ListComp(c) => {
                let mut out = vec![];
                self.comprehension(frame, &c.generators, 0, &mut |this, fr| {
                    out.push(this.eval(fr, &c.elt)?);
                    Ok(())
                })?;
                Constant::Obj(self.prog.objects.add(Object::List { items: out, span: sp }))
            }
            Expr::DictComp(c) => {
                let mut out: Vec<(Constant, Constant)> = vec![];
                self.comprehension(frame, &c.generators, 0, &mut |this, fr| {
                    let k = this.eval(fr, &c.key)?;
                    let v = this.eval(fr, &c.value)?;
                    match out.iter_mut().find(|(ek, _)| *ek == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k, v)),
                    }
                    Ok(())
                })?;
                Constant::Obj(self.prog.objects.add(Object::Dict { items: out, span: sp }))
            }
            Expr::JoinedStr(j) => {
                let mut s = String::new();
                for part in &j.values {
                    match part {
                        Expr::Constant(c) => {
                            if let ast::Constant::Str(t) = &c.value {
                                s.push_str(t);
                            }
                        }
                        Expr::FormattedValue(fv) if fv.format_spec.is_none() => {
                            let v = self.eval(frame, &fv.value)?;
                            s.push_str(&self.to_str(&v, sp)?);
                        }
                        _ => return Err(module_level(sp, "a format spec in a module-level f-string")),
                    }
                }
                Constant::str(&s)
            }
            Expr::Lambda(_) => return Err(module_level(sp, "a lambda at module level (use def)")),
            _ => return Err(module_level(sp, "this expression")),
        })
    }

    fn comprehension(
        &mut self,
        frame: &mut Frame,
        gens: &[ast::Comprehension],
        idx: usize,
        body: &mut dyn FnMut(&mut Self, &mut Frame) -> R<()>,
    ) -> R<()> {
        let Some(g) = gens.get(idx) else { return body(self, frame) };
        let sp = span(frame.file, g.iter.range());
        let it = self.eval(frame, &g.iter)?;
        for item in self.iterate(&it, sp)? {
            self.assign(frame, &g.target, item)?;
            let mut ok = true;
            for cond in &g.ifs {
                let c = self.eval(frame, cond)?;
                if !self.truth(&c, sp)? {
                    ok = false;
                    break;
                }
            }
            if ok {
                self.comprehension(frame, gens, idx + 1, body)?;
            }
        }
        Ok(())
    }

    fn getattr(&mut self, obj: &Constant, name: &str, sp: Span) -> R<Constant> {
        let Constant::Obj(o) = obj else {
            return self.value_method(obj.clone(), name, sp);
        };
        match self.prog.objects.get(*o).clone() {
            Object::Module(m) => m.namespace.get(name).cloned().ok_or_else(|| {
                Diagnostic::at(ErrorCode::UnknownName, sp, format!("module `{}` has no attribute `{name}`", m.name))
            }),
            Object::Instance(inst) => {
                if let Some(v) = inst.attrs.get(name) {
                    return Ok(v.clone());
                }
                match self.prog.objects.class_lookup(inst.class, name) {
                    Some((_, Constant::Obj(f))) if self.prog.objects.function(f).is_some() => {
                        Ok(Constant::Obj(self.prog.objects.add(Object::BoundMethod(BoundMethodObj { func: f, receiver: *o }))))
                    }
                    Some((_, v)) => Ok(v),
                    None => Err(module_level(sp, format!("the instance has no attribute `{name}`"))),
                }
            }
            Object::Class(_) => match self.prog.objects.class_lookup(*o, name) {
                Some((_, v)) => Ok(v),
                None => Err(module_level(sp, format!("the class has no attribute `{name}`"))),
            },
            _ => self.value_method(obj.clone(), name, sp),
        }
    }

    /// Methods of built-in values used at module level (`TABLE.append`, `",".join`), as a
    /// tuple `(receiver, name)` marker understood by `call`.
    fn value_method(&mut self, obj: Constant, name: &str, _sp: Span) -> R<Constant> {
        Ok(Constant::Tuple(Rc::from(vec![Constant::str("$method"), obj, Constant::str(name)])))
    }

    fn getitem(&mut self, obj: &Constant, key: &Constant, sp: Span) -> R<Constant> {
        if let Constant::Obj(o) = obj {
            if let Object::Dict { items, .. } = self.prog.objects.get(*o) {
                return items
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| module_level(sp, format!("key {key} is not in the dict")));
            }
        }
        let items = self.iterate(obj, sp)?;
        let Constant::Int(i) = key else { return Err(module_level(sp, "indices must be integers")) };
        let n = items.len() as i64;
        let idx = if *i < 0 { i + n } else { *i };
        if idx < 0 || idx >= n {
            return Err(module_level(sp, "index out of range"));
        }
        Ok(items[idx as usize].clone())
    }

    fn iterate(&mut self, v: &Constant, sp: Span) -> R<Vec<Constant>> {
        Ok(match v {
            Constant::Tuple(t) => t.to_vec(),
            Constant::Str(s) => s.chars().map(|c| Constant::str(&c.to_string())).collect(),
            Constant::Bytes(b) => b.iter().map(|x| Constant::Int(*x as i64)).collect(),
            Constant::Obj(o) => match self.prog.objects.get(*o) {
                Object::List { items, .. } | Object::Set { items, .. } => items.clone(),
                Object::Dict { items, .. } => items.iter().map(|(k, _)| k.clone()).collect(),
                _ => return Err(module_level(sp, "iteration over this object")),
            },
            _ => return Err(module_level(sp, "iteration over this value")),
        })
    }

    fn truth(&mut self, v: &Constant, sp: Span) -> R<bool> {
        if let Some(t) = v.truth() {
            return Ok(t);
        }
        match v {
            Constant::Obj(o) => Ok(match self.prog.objects.get(*o) {
                Object::List { items, .. } | Object::Set { items, .. } => !items.is_empty(),
                Object::Dict { items, .. } => !items.is_empty(),
                _ => true,
            }),
            _ => Err(module_level(sp, "the truth value of an unassigned name")),
        }
    }

    fn to_str(&mut self, v: &Constant, sp: Span) -> R<String> {
        Ok(match v {
            Constant::Str(s) => s.to_string(),
            Constant::Int(_) | Constant::Bool(_) | Constant::None | Constant::Float(_) => v.to_string(),
            _ => return Err(module_level(sp, "str() of this value")),
        })
    }

    fn binop(&mut self, l: Constant, op: ast::Operator, r: Constant, sp: Span) -> R<Constant> {
        use ast::Operator as O;
        use Constant as C;
        let as_int = |c: &Constant| match c {
            C::Int(i) => Some(*i),
            C::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(a), Some(b)) = (as_int(&l), as_int(&r)) {
            let overflow = || module_level(sp, "integer overflow in a module-level constant (ints are 64-bit)");
            return Ok(C::Int(match op {
                O::Add => a.checked_add(b).ok_or_else(overflow)?,
                O::Sub => a.checked_sub(b).ok_or_else(overflow)?,
                O::Mult => a.checked_mul(b).ok_or_else(overflow)?,
                O::FloorDiv | O::Mod => {
                    if b == 0 {
                        return Err(module_level(sp, "division by zero"));
                    }
                    let (q, m) = (a.wrapping_div(b), a.wrapping_rem(b));
                    let (q, m) = if m != 0 && ((m < 0) != (b < 0)) { (q - 1, m + b) } else { (q, m) };
                    if matches!(op, O::FloorDiv) {
                        q
                    } else {
                        m
                    }
                }
                O::Pow => {
                    if b < 0 {
                        return Ok(C::Float(FloatBits::new((a as f64).powf(b as f64))));
                    }
                    a.checked_pow(b.min(u32::MAX as i64) as u32).ok_or_else(overflow)?
                }
                O::LShift => {
                    if !(0..64).contains(&b) {
                        return Err(overflow());
                    }
                    a.checked_shl(b as u32).filter(|v| v >> b == a).ok_or_else(overflow)?
                }
                O::RShift => a >> b.clamp(0, 63),
                O::BitAnd => a & b,
                O::BitOr => a | b,
                O::BitXor => a ^ b,
                O::Div => {
                    if b == 0 {
                        return Err(module_level(sp, "division by zero"));
                    }
                    return Ok(C::Float(FloatBits::new(a as f64 / b as f64)));
                }
                O::MatMult => return Err(module_level(sp, "`@`")),
            }));
        }
        let as_float = |c: &Constant| match c {
            C::Float(f) => Some(f.get()),
            C::Int(i) => Some(*i as f64),
            C::Bool(b) => Some(*b as i64 as f64),
            _ => None,
        };
        if let (Some(a), Some(b)) = (as_float(&l), as_float(&r)) {
            let v = match op {
                O::Add => a + b,
                O::Sub => a - b,
                O::Mult => a * b,
                O::Div => a / b,
                O::Pow => a.powf(b),
                O::FloorDiv => (a / b).floor(),
                O::Mod => a - b * (a / b).floor(),
                _ => return Err(module_level(sp, "this float operation")),
            };
            return Ok(C::Float(FloatBits::new(v)));
        }
        match (op, &l, &r) {
            (O::Add, C::Str(a), C::Str(b)) => Ok(C::str(&format!("{a}{b}"))),
            (O::Mult, C::Str(a), C::Int(n)) | (O::Mult, C::Int(n), C::Str(a)) => Ok(C::str(&a.repeat((*n).max(0) as usize))),
            (O::Add, C::Tuple(a), C::Tuple(b)) => Ok(C::Tuple(Rc::from(a.iter().chain(b.iter()).cloned().collect::<Vec<_>>()))),
            (O::Add, C::Bytes(a), C::Bytes(b)) => Ok(C::Bytes(Rc::from(a.iter().chain(b.iter()).copied().collect::<Vec<_>>()))),
            (O::Add, C::Obj(_), C::Obj(_)) | (O::Mult, C::Obj(_), C::Int(_)) => {
                let mut items = self.iterate(&l, sp)?;
                if let C::Int(n) = r {
                    let one = items.clone();
                    items.clear();
                    for _ in 0..n.max(0) {
                        items.extend(one.iter().cloned());
                    }
                } else {
                    items.extend(self.iterate(&r, sp)?);
                }
                Ok(C::Obj(self.prog.objects.add(Object::List { items, span: sp })))
            }
            (O::Mult, C::Tuple(a), C::Int(n)) => {
                let mut items = vec![];
                for _ in 0..(*n).max(0) {
                    items.extend(a.iter().cloned());
                }
                Ok(C::Tuple(Rc::from(items)))
            }
            _ => Err(module_level(sp, format!("the operation {op:?} on these values"))),
        }
    }

    fn compare(&mut self, l: &Constant, op: ast::CmpOp, r: &Constant, sp: Span) -> R<bool> {
        use ast::CmpOp as O;
        match op {
            O::Is => return Ok(l == r),
            O::IsNot => return Ok(l != r),
            O::In | O::NotIn => {
                let found = match (l, r) {
                    (Constant::Str(a), Constant::Str(b)) => b.contains(&**a),
                    _ => self.iterate(r, sp)?.contains(l),
                };
                return Ok(found == matches!(op, O::In));
            }
            _ => {}
        }
        let ord = match (l, r) {
            (Constant::Str(a), Constant::Str(b)) => a.cmp(b),
            _ => {
                let num = |c: &Constant| match c {
                    Constant::Int(i) => Some(*i as f64),
                    Constant::Bool(b) => Some(*b as i64 as f64),
                    Constant::Float(f) => Some(f.get()),
                    _ => None,
                };
                match (num(l), num(r)) {
                    (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
                    _ if matches!(op, O::Eq | O::NotEq) => {
                        return Ok((l == r) == matches!(op, O::Eq));
                    }
                    _ => return Err(module_level(sp, "comparison of these values")),
                }
            }
        };
        use std::cmp::Ordering::*;
        Ok(match op {
            O::Eq => ord == Equal,
            O::NotEq => ord != Equal,
            O::Lt => ord == Less,
            O::LtE => ord != Greater,
            O::Gt => ord == Greater,
            O::GtE => ord != Less,
            _ => unreachable!("handled above"),
        })
    }

    // ---------------------------------------------------------------- calls

    fn call(&mut self, f: Constant, args: Vec<Constant>, kwargs: Vec<(String, Constant)>, sp: Span) -> R<Constant> {
        if let Constant::Tuple(t) = &f {
            if t.len() == 3 && t[0] == Constant::str("$method") {
                return self.call_value_method(t[1].clone(), t[2].as_str().unwrap_or(""), args, sp);
            }
        }
        let Constant::Obj(o) = f else { return Err(module_level(sp, format!("calling {f}"))) };
        match self.prog.objects.get(o).clone() {
            Object::Function(func) => self.call_function(o, &func, None, args, kwargs, sp),
            Object::BoundMethod(m) => {
                let func = self.prog.objects.function(m.func).cloned().expect("bound method of a function");
                self.call_function(m.func, &func, Some(Constant::Obj(m.receiver)), args, kwargs, sp)
            }
            Object::Class(c) => {
                if c.builtin {
                    return Err(module_level(sp, format!("instantiating the built-in class `{}` at module level", c.name)));
                }
                let inst = self.prog.objects.add(Object::Instance(InstanceObj { class: o, attrs: IndexMap::new(), span: sp }));
                if let Some((_, Constant::Obj(init))) = self.prog.objects.class_lookup(o, "__init__") {
                    let func = self.prog.objects.function(init).cloned().ok_or_else(|| module_level(sp, "__init__ is not a function"))?;
                    self.call_function(init, &func, Some(Constant::Obj(inst)), args, kwargs, sp)?;
                } else if !args.is_empty() {
                    return Err(module_level(sp, format!("`{}()` takes no arguments", c.name)));
                }
                Ok(Constant::Obj(inst))
            }
            Object::Builtin(b) => self.call_builtin(b, args, sp),
            other => Err(module_level(sp, format!("calling a {}", other.kind_name()))),
        }
    }

    fn call_function(&mut self, _fref: ObjRef, func: &FunctionDef, receiver: Option<Constant>, args: Vec<Constant>, kwargs: Vec<(String, Constant)>, sp: Span) -> R<Constant> {
        let FunctionBody::Def(def) = &func.body else { return Err(module_level(sp, "calling a lambda at module level")) };
        if self.depth >= MAX_DEPTH {
            return Err(module_level(sp, "module-level calls nest too deeply"));
        }
        let mut all: Vec<Option<Constant>> = vec![None; func.params.len()];
        let mut pos = receiver.into_iter().chain(args);
        for slot in all.iter_mut() {
            match pos.next() {
                Some(v) => *slot = Some(v),
                None => break,
            }
        }
        if pos.next().is_some() {
            return Err(module_level(sp, format!("too many arguments for `{}`", func.name)));
        }
        for (k, v) in kwargs {
            let Some(i) = func.params.iter().position(|p| p.name == k) else {
                return Err(module_level(sp, format!("`{}` has no parameter `{k}`", func.name)));
            };
            all[i] = Some(v);
        }
        let mut locals = IndexMap::new();
        for (p, v) in func.params.iter().zip(all) {
            let v = v.or_else(|| p.default.clone()).ok_or_else(|| module_level(sp, format!("missing argument `{}`", p.name)))?;
            locals.insert(p.name.clone(), v);
        }
        let mut frame = Frame { module: func.module, file: func.file, scope: Scope::Function { locals, globals: IndexSet::new() } };
        self.depth += 1;
        let res = self.exec_block(&mut frame, &def.body);
        self.depth -= 1;
        Ok(match res? {
            Flow::Return(v) => v,
            _ => Constant::None,
        })
    }

    fn call_builtin(&mut self, b: Builtin, args: Vec<Constant>, sp: Span) -> R<Constant> {
        use Builtin as B;
        let arg = |i: usize| args.get(i).cloned().ok_or_else(|| module_level(sp, format!("missing argument to {}()", b.name())));
        Ok(match b {
            // Hints for a JIT this translator does not generate: the driver does nothing.
            B::RJitDriver => Constant::Obj(self.prog.objects.builtin(B::RJitDriverInstance)),
            B::Range => {
                let ints: Vec<i64> = args.iter().filter_map(|a| if let Constant::Int(i) = a { Some(*i) } else { None }).collect();
                let (start, stop, step) = match ints.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] if *step != 0 => (*start, *stop, *step),
                    _ => return Err(module_level(sp, "range() arguments")),
                };
                let mut items = vec![];
                let mut i = start;
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    items.push(Constant::Int(i));
                    i += step;
                }
                Constant::Obj(self.prog.objects.add(Object::List { items, span: sp }))
            }
            B::Len => Constant::Int(match arg(0)? {
                Constant::Str(s) => s.chars().count() as i64,
                other => self.iterate(&other, sp)?.len() as i64,
            }),
            B::List => {
                let items = match args.first() {
                    Some(v) => self.iterate(v, sp)?,
                    None => vec![],
                };
                Constant::Obj(self.prog.objects.add(Object::List { items, span: sp }))
            }
            B::Zip => {
                let columns: Vec<Vec<Constant>> = args.iter().map(|a| self.iterate(a, sp)).collect::<R<_>>()?;
                let n = columns.iter().map(|c| c.len()).min().unwrap_or(0);
                let rows: Vec<Constant> = (0..n).map(|i| Constant::Tuple(columns.iter().map(|c| c[i].clone()).collect())).collect();
                Constant::Obj(self.prog.objects.add(Object::List { items: rows, span: sp }))
            }
            B::Enumerate => {
                let items = self.iterate(&arg(0)?, sp)?;
                let rows = items.into_iter().enumerate().map(|(i, x)| Constant::Tuple(Rc::from(vec![Constant::Int(i as i64), x]))).collect();
                Constant::Obj(self.prog.objects.add(Object::List { items: rows, span: sp }))
            }
            B::Tuple => Constant::Tuple(Rc::from(match args.first() {
                Some(v) => self.iterate(v, sp)?,
                None => vec![],
            })),
            B::Dict if args.is_empty() => Constant::Obj(self.prog.objects.add(Object::Dict { items: vec![], span: sp })),
            B::Set if args.is_empty() => Constant::Obj(self.prog.objects.add(Object::Set { items: vec![], span: sp })),
            B::Set => {
                let mut items: Vec<Constant> = vec![];
                for v in self.iterate(&arg(0)?, sp)? {
                    if !items.contains(&v) {
                        items.push(v);
                    }
                }
                Constant::Obj(self.prog.objects.add(Object::Set { items, span: sp }))
            }
            B::Str => Constant::str(&self.to_str(&arg(0)?, sp)?),
            B::Int => match arg(0)? {
                Constant::Int(i) => Constant::Int(i),
                Constant::Bool(b) => Constant::Int(b as i64),
                Constant::Float(f) => Constant::Int(f.get() as i64),
                Constant::Str(s) => Constant::Int(s.trim().parse().map_err(|_| module_level(sp, "int() of a non-number"))?),
                _ => return Err(module_level(sp, "int() of this value")),
            },
            B::Float => match arg(0)? {
                Constant::Int(i) => Constant::Float(FloatBits::new(i as f64)),
                Constant::Float(f) => Constant::Float(f),
                Constant::Str(s) => Constant::Float(FloatBits::new(match s.trim() {
                    "inf" | "+inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    "nan" => f64::NAN,
                    t => t.parse().map_err(|_| module_level(sp, "float() of a non-number"))?,
                })),
                _ => return Err(module_level(sp, "float() of this value")),
            },
            B::Chr => match arg(0)? {
                Constant::Int(i) => Constant::str(&char::from_u32(i as u32).ok_or_else(|| module_level(sp, "chr() arg not in range"))?.to_string()),
                _ => return Err(module_level(sp, "chr() of a non-int")),
            },
            B::Ord => match arg(0)? {
                Constant::Str(s) if s.chars().count() == 1 => Constant::Int(s.chars().next().map_or(0, |c| c as i64)),
                _ => return Err(module_level(sp, "ord() of this value")),
            },
            B::Abs => match arg(0)? {
                Constant::Int(i) => Constant::Int(i.wrapping_abs()),
                Constant::Float(f) => Constant::Float(FloatBits::new(f.get().abs())),
                _ => return Err(module_level(sp, "abs() of this value")),
            },
            B::Bool => Constant::Bool(self.truth(&arg(0)?, sp)?),
            B::Isinstance => {
                let (Constant::Obj(o), Constant::Obj(c)) = (arg(0)?, arg(1)?) else { return Ok(Constant::Bool(false)) };
                match self.prog.objects.get(o) {
                    Object::Instance(inst) => Constant::Bool(self.prog.objects.is_subclass(inst.class, c)),
                    _ => Constant::Bool(false),
                }
            }
            B::Min | B::Max | B::Sum | B::Sorted => {
                let items = if args.len() == 1 { self.iterate(&args[0], sp)? } else { args.clone() };
                match b {
                    B::Sum => {
                        let mut acc = Constant::Int(0);
                        for it in items {
                            acc = self.binop(acc, ast::Operator::Add, it, sp)?;
                        }
                        acc
                    }
                    B::Sorted => {
                        let mut items = items;
                        let mut err = None;
                        items.sort_by(|a, c| {
                            match (a, c) {
                                (Constant::Int(x), Constant::Int(y)) => x.cmp(y),
                                (Constant::Str(x), Constant::Str(y)) => x.cmp(y),
                                _ => {
                                    err = Some(());
                                    std::cmp::Ordering::Equal
                                }
                            }
                        });
                        if err.is_some() {
                            return Err(module_level(sp, "sorted() of these values"));
                        }
                        Constant::Obj(self.prog.objects.add(Object::List { items, span: sp }))
                    }
                    _ => {
                        let mut best: Option<Constant> = None;
                        for it in items {
                            best = Some(match best {
                                None => it,
                                Some(cur) => {
                                    let better = self.compare(&it, if b == B::Min { ast::CmpOp::Lt } else { ast::CmpOp::Gt }, &cur, sp)?;
                                    if better {
                                        it
                                    } else {
                                        cur
                                    }
                                }
                            });
                        }
                        best.ok_or_else(|| module_level(sp, "min()/max() of an empty sequence"))?
                    }
                }
            }
            B::Object => Constant::Obj(self.prog.objects.add(Object::Instance(InstanceObj {
                class: self.prog.object_class,
                attrs: IndexMap::new(),
                span: sp,
            }))),
            B::RIntmask | B::RUint | B::RInt64 | B::RUint64 => arg(0)?,
            _ => return Err(module_level(sp, format!("calling `{}` at module level", b.qualified_name()))),
        })
    }

    fn call_value_method(&mut self, recv: Constant, name: &str, args: Vec<Constant>, sp: Span) -> R<Constant> {
        let arg = |i: usize| args.get(i).cloned().ok_or_else(|| module_level(sp, format!("missing argument to .{name}()")));
        match (&recv, name) {
            (Constant::Obj(o), "maketrans") if matches!(self.prog.objects.get(*o), Object::Builtin(Builtin::Str)) => self.maketrans(&args, sp),
            (Constant::Obj(o), _) => {
                let o = *o;
                match (self.prog.objects.get_mut(o), name) {
                    (Object::List { items, .. }, "append") => {
                        items.push(arg(0)?);
                        Ok(Constant::None)
                    }
                    (Object::List { .. }, "extend") => {
                        let more = self.iterate(&arg(0)?, sp)?;
                        if let Object::List { items, .. } = self.prog.objects.get_mut(o) {
                            items.extend(more);
                        }
                        Ok(Constant::None)
                    }
                    (Object::Set { items, .. }, "add") => {
                        let v = arg(0)?;
                        if !items.contains(&v) {
                            items.push(v);
                        }
                        Ok(Constant::None)
                    }
                    (Object::Dict { items, .. }, "get") => {
                        let k = arg(0)?;
                        Ok(items.iter().find(|(ek, _)| *ek == k).map(|(_, v)| v.clone()).unwrap_or(args.get(1).cloned().unwrap_or(Constant::None)))
                    }
                    (Object::Dict { items, .. }, "keys" | "values" | "items") => {
                        let out: Vec<Constant> = items
                            .iter()
                            .map(|(k, v)| match name {
                                "keys" => k.clone(),
                                "values" => v.clone(),
                                _ => Constant::Tuple(Rc::from(vec![k.clone(), v.clone()])),
                            })
                            .collect();
                        Ok(Constant::Obj(self.prog.objects.add(Object::List { items: out, span: sp })))
                    }
                    _ => Err(module_level(sp, format!("the method `{name}` at module level"))),
                }
            }
            (Constant::Str(s), "join") => {
                let parts = self.iterate(&arg(0)?, sp)?;
                let strs: Option<Vec<&str>> = parts.iter().map(|p| p.as_str()).collect();
                Ok(Constant::str(&strs.ok_or_else(|| module_level(sp, "join() of non-strings"))?.join(s)))
            }
            (Constant::Str(s), "upper") => Ok(Constant::str(&s.to_uppercase())),
            (Constant::Str(s), "lower") => Ok(Constant::str(&s.to_lowercase())),
            (Constant::Str(s), "split") => {
                let parts: Vec<Constant> = match args.first() {
                    Some(Constant::Str(sep)) => s.split(&**sep).map(Constant::str).collect(),
                    _ => s.split_whitespace().map(Constant::str).collect(),
                };
                Ok(Constant::Obj(self.prog.objects.add(Object::List { items: parts, span: sp })))
            }
            (Constant::Str(s), "encode") => Ok(Constant::Bytes(Rc::from(s.as_bytes()))),
            _ => Err(module_level(sp, format!("the method `{name}` at module level"))),
        }
    }
}

impl Interp<'_> {
    /// `str.maketrans(x, y)` or `str.maketrans(d)` at module level: the dict of code points
    /// the translated call would build.
    fn maketrans(&mut self, args: &[Constant], sp: Span) -> R<Constant> {
        let code = |c: char| Constant::Int(c as i64);
        let pairs: Vec<(Constant, Constant)> = match args {
            [Constant::Str(x), Constant::Str(y)] if x.chars().count() == y.chars().count() => x.chars().zip(y.chars()).map(|(a, b)| (code(a), code(b))).collect(),
            [Constant::Str(_), Constant::Str(_), Constant::Str(_)] => {
                let (message, help) = rpy_stdlib::MAKETRANS3_ERROR;
                return Err(Diagnostic::at(ErrorCode::BadCall, sp, message).with_help(help));
            }
            [Constant::Obj(d)] => {
                let Object::Dict { items, .. } = self.prog.objects.get(*d) else { return Err(module_level(sp, "`str.maketrans()` of this value")) };
                let mut pairs = vec![];
                for (k, v) in items {
                    let mut chars = k.as_str().map(|s| s.chars());
                    pairs.push(match (k, chars.as_mut().and_then(|c| Some((c.next()?, c.next())))) {
                        (_, Some((c, None))) => (code(c), v.clone()),
                        (Constant::Int(_), _) => (k.clone(), v.clone()),
                        (Constant::Bool(b), _) => (Constant::Int(*b as i64), v.clone()),
                        _ => return Err(module_level(sp, "`str.maketrans()` of a dict whose keys are not characters or ints")),
                    });
                }
                pairs
            }
            _ => return Err(module_level(sp, "this call of `str.maketrans()` (it takes a dict, or two str of equal length)")),
        };
        // Later pairs replace the values of earlier equal keys, as in a dict.
        let mut items: Vec<(Constant, Constant)> = vec![];
        for (k, v) in pairs {
            match items.iter_mut().find(|(ek, _)| *ek == k) {
                Some(e) => e.1 = v,
                None => items.push((k, v)),
            }
        }
        Ok(Constant::Obj(self.prog.objects.add(Object::Dict { items, span: sp })))
    }
}

enum Decorator {
    NotRpython,
    Specialize(Specialize),
    Ignored,
}

/// The bits of an int literal in [2**63, 2**64), which fits an unsigned word only.
pub(crate) fn unsigned_literal(e: &Expr) -> Option<i64> {
    let Expr::Constant(ast::ExprConstant { value: ast::Constant::Int(i), .. }) = e else { return None };
    if i.to_i64().is_some() {
        return None;
    }
    i.to_u64().map(|u| u as i64)
}

/// A literal of the parser as a constant.
pub(crate) fn literal(c: &ast::Constant, sp: Span) -> R<Constant> {
    Ok(match c {
        ast::Constant::None => Constant::None,
        ast::Constant::Bool(b) => Constant::Bool(*b),
        ast::Constant::Str(s) => Constant::str(s),
        ast::Constant::Bytes(b) => Constant::Bytes(Rc::from(b.as_slice())),
        ast::Constant::Int(i) => Constant::Int(i.to_i64().ok_or_else(|| {
            Diagnostic::at(ErrorCode::UnsupportedSyntax, sp, "this integer does not fit in 64 bits")
                .with_note("RPy's int is a signed 64-bit machine word")
        })?),
        ast::Constant::Float(f) => Constant::Float(FloatBits::new(*f)),
        ast::Constant::Tuple(t) => Constant::Tuple(Rc::from(t.iter().map(|x| literal(x, sp)).collect::<R<Vec<_>>>()?)),
        ast::Constant::Complex { .. } => return Err(unsupported(sp, "complex numbers", "")),
        ast::Constant::Ellipsis => return Err(unsupported(sp, "`...` as a value", "")),
    })
}

/// The first `self.<attr> = ...` in a method body.
fn find_self_assign(body: &[Stmt], self_name: &str) -> Option<String> {
    for s in body {
        let targets: Vec<&Expr> = match s {
            Stmt::Assign(a) => a.targets.iter().collect(),
            Stmt::AugAssign(a) => vec![&a.target],
            Stmt::AnnAssign(a) => vec![&a.target],
            _ => vec![],
        };
        for t in targets {
            if let Expr::Attribute(a) = t {
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == self_name) {
                    return Some(a.attr.to_string());
                }
            }
        }
        let nested: Vec<&[Stmt]> = match s {
            Stmt::If(i) => vec![&i.body, &i.orelse],
            Stmt::While(w) => vec![&w.body, &w.orelse],
            Stmt::For(f) => vec![&f.body, &f.orelse],
            Stmt::Try(t) => vec![&t.body, &t.orelse, &t.finalbody],
            Stmt::With(w) => vec![&w.body],
            _ => vec![],
        };
        for n in nested {
            if let Some(a) = find_self_assign(n, self_name) {
                return Some(a);
            }
        }
    }
    None
}
