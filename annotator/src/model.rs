//! The lattice of annotations (`SomeValue`): what the annotator knows about the values a
//! variable may hold. `Impossible` is the bottom; `union` (in `engine.rs`, because merging
//! containers has side effects) is the join.

use rpy_flow::{FloatBits, ObjRef};
use rpy_stdlib::Builtin;
use std::rc::Rc;

/// Index of a container definition (list items, dict keys/values) in the annotator's
/// union-find tables. Two containers that ever meet share one definition.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ListDef(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct DictDef(pub u32);

/// Index of a class in the annotator's class table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ClassId(pub u32);

/// The kinds of integer RPy knows.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IntKind {
    /// `int`: a signed machine word.
    Signed,
    /// `r_uint`: an unsigned machine word.
    Unsigned,
}

/// What an iterator walks over.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum IterKind {
    Range,
    /// A list, tuple, str, bytes, bytearray, set or dict (keys): the container is the
    /// iterator's `of`.
    Sequence,
    DictKeys,
    DictValues,
    DictItems,
    Reversed,
    Enumerate,
    Zip,
    /// An instance with `__next__`.
    User,
}

/// An annotation.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum SomeValue {
    /// No value yet (or never: dead code, a call that always raises).
    Impossible,
    /// Only `None`.
    None,
    Bool { konst: Option<bool> },
    Int { konst: Option<i64>, nonneg: bool, kind: IntKind },
    Float { konst: Option<FloatBits> },
    /// Unicode text. `char` means the length is known to be 1.
    Str { konst: Option<Rc<str>>, char: bool, nullable: bool },
    Bytes { konst: Option<Rc<[u8]>>, nullable: bool },
    ByteArray { nullable: bool },
    Tuple(Rc<[SomeValue]>),
    List { def: ListDef, nullable: bool },
    Dict { def: DictDef, nullable: bool },
    /// Sets share the dict machinery: the keys are the items.
    Set { def: DictDef, nullable: bool },
    /// A `range(...)` object; `step` when it is a known constant.
    Range { step: Option<i64> },
    Instance { class: ClassId, nullable: bool },
    /// One or more prebuilt functions (a call family).
    Functions { funcs: Rc<[ObjRef]>, nullable: bool },
    /// One or more classes used as values.
    Classes { classes: Rc<[ObjRef]>, nullable: bool },
    /// A method of an instance: the receiver's class and the method's name; the functions
    /// called are found through the class hierarchy.
    Method { class: ClassId, name: Rc<str>, nullable: bool },
    /// A method looked up on a superclass (`super().f`): no virtual dispatch.
    SuperMethod { func: ObjRef, class: ClassId },
    /// `super(C, self)`: attribute lookups start after class `class`; `receiver` is `self`'s
    /// class.
    Super { class: ClassId, receiver: ClassId },
    /// A builtin function or object (`len`, `sys.stdout`).
    Builtin(Builtin),
    /// A method of a builtin type bound to a receiver (`lst.append`).
    BuiltinMethod { receiver: Rc<SomeValue>, name: Rc<str> },
    Iterator { kind: IterKind, of: Rc<[SomeValue]> },
    Module(ObjRef),
    /// `rlib.rstring.StringBuilder` / `BytesBuilder` instances.
    StringBuilder { bytes: bool },
    /// A file object from `open()`.
    File { binary: bool },
}

impl SomeValue {
    pub fn int() -> SomeValue {
        SomeValue::Int { konst: None, nonneg: false, kind: IntKind::Signed }
    }
    pub fn nonneg_int() -> SomeValue {
        SomeValue::Int { konst: None, nonneg: true, kind: IntKind::Signed }
    }
    pub fn int_const(i: i64) -> SomeValue {
        SomeValue::Int { konst: Some(i), nonneg: i >= 0, kind: IntKind::Signed }
    }
    pub fn bool() -> SomeValue {
        SomeValue::Bool { konst: None }
    }
    pub fn float() -> SomeValue {
        SomeValue::Float { konst: None }
    }
    pub fn str() -> SomeValue {
        SomeValue::Str { konst: None, char: false, nullable: false }
    }
    pub fn char() -> SomeValue {
        SomeValue::Str { konst: None, char: true, nullable: false }
    }
    pub fn bytes() -> SomeValue {
        SomeValue::Bytes { konst: None, nullable: false }
    }

    pub fn is_impossible(&self) -> bool {
        matches!(self, SomeValue::Impossible)
    }

    /// Integers and bools (bool is a subtype of int).
    pub fn is_intlike(&self) -> bool {
        matches!(self, SomeValue::Int { .. } | SomeValue::Bool { .. })
    }

    pub fn is_numeric(&self) -> bool {
        self.is_intlike() || matches!(self, SomeValue::Float { .. })
    }

    pub fn is_str(&self) -> bool {
        matches!(self, SomeValue::Str { .. })
    }

    /// Whether the value may be `None` (nullable pointers, or only None).
    pub fn can_be_none(&self) -> bool {
        match self {
            SomeValue::None => true,
            SomeValue::Str { nullable, .. }
            | SomeValue::Bytes { nullable, .. }
            | SomeValue::ByteArray { nullable }
            | SomeValue::List { nullable, .. }
            | SomeValue::Dict { nullable, .. }
            | SomeValue::Set { nullable, .. }
            | SomeValue::Instance { nullable, .. }
            | SomeValue::Functions { nullable, .. }
            | SomeValue::Classes { nullable, .. }
            | SomeValue::Method { nullable, .. } => *nullable,
            _ => false,
        }
    }

    /// The same annotation, allowing `None` too, if the kind of value permits it.
    pub fn noneify(&self) -> Option<SomeValue> {
        use SomeValue as S;
        Some(match self.clone() {
            S::None | S::Impossible => S::None,
            S::Str { .. } => S::Str { konst: None, char: false, nullable: true },
            S::Bytes { .. } => S::Bytes { konst: None, nullable: true },
            S::ByteArray { .. } => S::ByteArray { nullable: true },
            S::List { def, .. } => S::List { def, nullable: true },
            S::Dict { def, .. } => S::Dict { def, nullable: true },
            S::Set { def, .. } => S::Set { def, nullable: true },
            S::Instance { class, .. } => S::Instance { class, nullable: true },
            S::Functions { funcs, .. } => S::Functions { funcs, nullable: true },
            S::Classes { classes, .. } => S::Classes { classes, nullable: true },
            S::Method { class, name, .. } => S::Method { class, name, nullable: true },
            _ => return None,
        })
    }

    /// The same annotation without `None` (after `if x is not None`).
    pub fn non_null(&self) -> SomeValue {
        use SomeValue as S;
        match self.clone() {
            S::None => S::Impossible,
            S::Str { konst, char, .. } => S::Str { konst, char, nullable: false },
            S::Bytes { konst, .. } => S::Bytes { konst, nullable: false },
            S::ByteArray { .. } => S::ByteArray { nullable: false },
            S::List { def, .. } => S::List { def, nullable: false },
            S::Dict { def, .. } => S::Dict { def, nullable: false },
            S::Set { def, .. } => S::Set { def, nullable: false },
            S::Instance { class, .. } => S::Instance { class, nullable: false },
            S::Functions { funcs, .. } => S::Functions { funcs, nullable: false },
            S::Classes { classes, .. } => S::Classes { classes, nullable: false },
            S::Method { class, name, .. } => S::Method { class, name, nullable: false },
            other => other,
        }
    }

    /// The same annotation with its constant forgotten.
    pub fn generalize(&self) -> SomeValue {
        use SomeValue as S;
        match self {
            S::Bool { .. } => S::Bool { konst: None },
            S::Int { nonneg, kind, .. } => S::Int { konst: None, nonneg: *nonneg, kind: *kind },
            S::Float { .. } => S::Float { konst: None },
            S::Str { char, nullable, .. } => S::Str { konst: None, char: *char, nullable: *nullable },
            S::Bytes { nullable, .. } => S::Bytes { konst: None, nullable: *nullable },
            S::Tuple(items) => S::Tuple(items.iter().map(|i| i.generalize()).collect()),
            other => other.clone(),
        }
    }

    /// The constant truth value, if known.
    pub fn const_truth(&self) -> Option<bool> {
        match self {
            SomeValue::None => Some(false),
            SomeValue::Bool { konst } => *konst,
            SomeValue::Int { konst, .. } => konst.map(|i| i != 0),
            SomeValue::Str { konst: Some(s), .. } => Some(!s.is_empty()),
            SomeValue::Functions { nullable: false, .. } | SomeValue::Classes { nullable: false, .. } => Some(true),
            SomeValue::Tuple(items) => Some(!items.is_empty()),
            _ => None,
        }
    }

    /// The single function this value is, if it is exactly one.
    pub fn single_function(&self) -> Option<ObjRef> {
        match self {
            SomeValue::Functions { funcs, nullable: false } if funcs.len() == 1 => Some(funcs[0]),
            _ => None,
        }
    }

    pub fn single_class(&self) -> Option<ObjRef> {
        match self {
            SomeValue::Classes { classes, nullable: false } if classes.len() == 1 => Some(classes[0]),
            _ => None,
        }
    }
}
