//! Classes: the hierarchy of classes actually used, and the typed instance attributes of
//! each. An attribute lives on the highest class that uses it (reads and writes through a
//! subclass go to the ancestor's attribute); when a base starts using a name that subclasses
//! already had, their attributes are merged into it, as RPython's classdefs do.

use crate::engine::{Annotator, Origin, Position};
use crate::model::{ClassId, SomeValue};
use indexmap::{IndexMap, IndexSet};
use rpy_flow::{Constant, ObjRef};
use rpy_source::{Diagnostic, ErrorCode, Span};

/// A typed instance attribute.
#[derive(Clone, Debug)]
pub struct Attr {
    pub value: SomeValue,
    pub origin: Origin,
    pub(crate) readers: IndexSet<Position>,
}

/// A class used by the program.
#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub obj: ObjRef,
    pub name: String,
    pub base: Option<ClassId>,
    pub subclasses: Vec<ClassId>,
    /// Instance attributes owned by this class (not by an ancestor).
    pub attrs: IndexMap<String, Attr>,
    /// Whether instances are ever created (or prebuilt).
    pub instantiated: bool,
    /// A built-in class (`object`, exception classes).
    pub builtin: bool,
    pub span: Span,
}

impl Annotator {
    /// The class id of a class object, creating it (and its bases) on first use.
    pub fn classdef(&mut self, obj: ObjRef) -> ClassId {
        if let Some(c) = self.class_ids.get(&obj) {
            return *c;
        }
        let cd = self.prog.objects.class(obj).cloned().expect("classdef of a class object");
        let base = cd.base.map(|b| self.classdef(b));
        let id = ClassId(self.classes.len() as u32);
        self.classes.push(ClassInfo {
            obj,
            name: cd.name.clone(),
            base,
            subclasses: vec![],
            attrs: IndexMap::new(),
            instantiated: false,
            builtin: cd.builtin,
            span: cd.span,
        });
        self.class_ids.insert(obj, id);
        if let Some(b) = base {
            self.classes[b.0 as usize].subclasses.push(id);
            // A new subclass may override methods of its bases: calls through them reflow.
            let readers: Vec<Position> = self.ancestors(b).iter().flat_map(|a| self.classes[a.0 as usize].attrs.values().flat_map(|at| at.readers.iter().copied())).collect();
            for r in readers {
                self.schedule(r);
            }
        }
        id
    }

    pub fn class(&self, c: ClassId) -> &ClassInfo {
        &self.classes[c.0 as usize]
    }

    /// `c` and its ancestors, nearest first.
    pub fn ancestors(&self, c: ClassId) -> Vec<ClassId> {
        let mut out = vec![c];
        let mut cur = self.classes[c.0 as usize].base;
        while let Some(b) = cur {
            out.push(b);
            cur = self.classes[b.0 as usize].base;
        }
        out
    }

    /// `c` and all its (known) descendants.
    pub fn descendants(&self, c: ClassId) -> Vec<ClassId> {
        let mut out = vec![c];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.classes[out[i].0 as usize].subclasses.iter().copied());
            i += 1;
        }
        out
    }

    pub fn is_subclass(&self, c: ClassId, ancestor: ClassId) -> bool {
        self.ancestors(c).contains(&ancestor)
    }

    /// The nearest common base of two classes; `None` if it would be `object` while neither
    /// is `object` itself.
    pub fn common_base(&self, a: ClassId, b: ClassId) -> Option<ClassId> {
        let up = self.ancestors(a);
        let common = self.ancestors(b).into_iter().find(|c| up.contains(c))?;
        let object = self.class_ids.get(&self.prog.object_class).copied();
        if Some(common) == object && Some(a) != object && Some(b) != object {
            return None;
        }
        Some(common)
    }

    /// The class owning instance attribute `name` as seen from `c` (it or an ancestor).
    pub fn attr_owner(&self, c: ClassId, name: &str) -> Option<ClassId> {
        self.ancestors(c).into_iter().find(|a| self.classes[a.0 as usize].attrs.contains_key(name))
    }

    /// Makes sure `c` (or an ancestor) owns attribute `name`, merging subclasses' attributes
    /// of that name into it.
    fn ensure_attr(&mut self, c: ClassId, name: &str) -> ClassId {
        if let Some(owner) = self.attr_owner(c, name) {
            return owner;
        }
        let mut value = SomeValue::Impossible;
        let mut origin = Origin::none();
        let mut readers = IndexSet::new();
        for d in self.descendants(c).into_iter().skip(1) {
            if let Some(attr) = self.classes[d.0 as usize].attrs.shift_remove(name) {
                match self.union(&value, &attr.value) {
                    Ok(u) => value = u,
                    Err(_) => {
                        let d = self.attr_conflict(c, name, &value, &origin, &attr.value, &attr.origin, attr.origin.span);
                        self.error(d);
                    }
                }
                if origin.span.is_dummy() {
                    origin = attr.origin.clone();
                }
                readers.extend(attr.readers);
            }
        }
        // Class-level defaults (`count = 0` in a class body) initialize the field.
        for d in self.ancestors(c).into_iter().chain(self.descendants(c)) {
            let obj = self.classes[d.0 as usize].obj;
            let default = self.prog.objects.class(obj).and_then(|cd| cd.dict.get(name).cloned());
            if let Some(k) = default {
                if self.is_function_constant(&k) {
                    continue;
                }
                let s = self.immutable_value(&k).generalize();
                if let Ok(u) = self.union(&value, &s) {
                    value = u;
                }
                if origin.span.is_dummy() {
                    origin = Origin::new(self.classes[d.0 as usize].span, "the class-level default");
                }
            }
        }
        for r in readers.iter().copied() {
            self.schedule(r);
        }
        self.classes[c.0 as usize].attrs.insert(name.to_string(), crate::classes::Attr { value, origin, readers });
        c
    }

    pub fn is_function_constant(&self, k: &Constant) -> bool {
        matches!(k, Constant::Obj(o) if self.prog.objects.function(*o).is_some())
    }

    /// Unions a written value into an instance attribute.
    pub fn generalize_attr(&mut self, c: ClassId, name: &str, value: SomeValue, origin: Origin, at: Span) -> bool {
        let owner = self.ensure_attr(c, name);
        let old = self.classes[owner.0 as usize].attrs[name].clone();
        match self.union(&old.value, &value) {
            Ok(u) => {
                if !self.same(&u, &old.value) {
                    let attr = self.classes[owner.0 as usize].attrs.get_mut(name).expect("ensured");
                    if attr.value.is_impossible() {
                        attr.origin = origin;
                    }
                    attr.value = u;
                    let readers: Vec<Position> = attr.readers.iter().copied().collect();
                    for r in readers {
                        self.schedule(r);
                    }
                }
                true
            }
            Err(_) => {
                let d = self.attr_conflict(owner, name, &old.value, &old.origin, &value, &origin, at);
                self.error(d);
                false
            }
        }
    }

    /// Reads an instance attribute (registering the current position as a reader).
    pub fn read_attr(&mut self, c: ClassId, name: &str) -> SomeValue {
        let owner = self.ensure_attr(c, name);
        let pos = self.current.map(|(p, _)| p);
        let attr = self.classes[owner.0 as usize].attrs.get_mut(name).expect("ensured");
        if let Some(p) = pos {
            attr.readers.insert(p);
        }
        attr.value.clone()
    }

    /// Whether `name` is a method somewhere in the hierarchy of `c` (on it, an ancestor, or a
    /// descendant).
    pub fn is_method(&self, c: ClassId, name: &str) -> bool {
        self.ancestors(c).into_iter().chain(self.descendants(c)).any(|k| {
            let obj = self.classes[k.0 as usize].obj;
            self.prog.objects.class(obj).and_then(|cd| cd.dict.get(name)).is_some_and(|v| self.is_function_constant(v))
                || self.mixin_method(obj, name).is_some()
        })
    }

    fn mixin_method(&self, class: ObjRef, name: &str) -> Option<ObjRef> {
        let cd = self.prog.objects.class(class)?;
        for m in &cd.mixins {
            if let Some((_, Constant::Obj(f))) = self.prog.objects.class_lookup(*m, name) {
                if self.prog.objects.function(f).is_some() {
                    return Some(f);
                }
            }
        }
        None
    }

    /// The function implementing method `name` for instances of exactly class `c`.
    pub fn method_of(&self, c: ClassId, name: &str) -> Option<ObjRef> {
        let obj = self.classes[c.0 as usize].obj;
        match self.prog.objects.class_lookup(obj, name) {
            Some((_, Constant::Obj(f))) if self.prog.objects.function(f).is_some() => Some(f),
            _ => None,
        }
    }

    /// The implementations of method `name` that a call on an instance of `c` may reach:
    /// `(class that defines it or inherits it, function)` for `c` and each descendant that
    /// overrides it.
    pub fn method_implementations(&self, c: ClassId, name: &str) -> Vec<(ClassId, ObjRef)> {
        let mut out: Vec<(ClassId, ObjRef)> = vec![];
        for k in self.descendants(c) {
            if let Some(f) = self.method_of(k, name) {
                if !out.iter().any(|(_, g)| *g == f) {
                    out.push((k, f));
                }
            }
        }
        out
    }

    /// A class-level constant attribute (not a method) visible from `c`.
    pub fn class_constant(&self, c: ClassId, name: &str) -> Option<Constant> {
        let obj = self.classes[c.0 as usize].obj;
        match self.prog.objects.class_lookup(obj, name) {
            Some((_, k)) if !self.is_function_constant(&k) => Some(k),
            _ => None,
        }
    }

    pub(crate) fn attr_conflict(&self, owner: ClassId, name: &str, a: &SomeValue, ao: &Origin, b: &SomeValue, bo: &Origin, at: Span) -> Diagnostic {
        let class = self.classes[owner.0 as usize].name.clone();
        let (an, bn) = (self.type_name(a), self.type_name(b));
        let mut d = Diagnostic::new(ErrorCode::TypeConflict, format!("attribute `{name}` of `{class}` would hold both `{an}` and `{bn}`"));
        let bspan = if bo.span.is_dummy() { at } else { bo.span };
        d = crate::errors::two_places(d, (ao.span, format!("`{an}` is stored here")), (bspan, format!("`{bn}` is stored here")));
        d.with_note("every instance attribute has one type over the whole program").with_help("store one type in the attribute (convert the value, or use a separate attribute)")
    }
}
