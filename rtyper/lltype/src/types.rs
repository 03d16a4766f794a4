//! Low-level types and the table of struct definitions.

use std::fmt;

/// Index of a struct definition in `Types`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TypeRef(pub u32);

/// Index of a function signature in `Types`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct SigRef(pub u32);

/// A low-level type: what a variable holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LlType {
    /// No value (None, statically known constants).
    Void,
    Bool,
    /// A signed machine word (int).
    Signed,
    /// An unsigned machine word (r_uint).
    Unsigned,
    Float,
    /// A byte.
    Char,
    /// A Unicode code point (one-character str).
    UniChar,
    /// A pointer to a struct (GC-managed unless the struct says otherwise).
    Ptr(TypeRef),
    /// A pointer to a function.
    FuncPtr(SigRef),
}

impl LlType {
    pub fn is_gc_ptr(self, types: &Types) -> bool {
        matches!(self, LlType::Ptr(t) if types.get(&t).gc())
    }
}

/// A struct: its fields, optional base (embedded first), optional variable-sized part.
#[derive(Clone, Debug)]
pub struct StructDef {
    pub name: String,
    pub fields: Vec<(String, LlType)>,
    /// The struct embedded as the first field (`super`), for inheritance.
    pub base: Option<TypeRef>,
    /// The type of the items of a trailing variable-sized array, if any.
    pub varsize: Option<LlType>,
    /// Garbage-collected (has the object header) or static (vtables).
    pub gc: bool,
    /// The C name when the runtime's header defines it.
    pub runtime: Option<&'static str>,
    /// The GC type id (for GC structs).
    pub tid: u32,
}

/// A type definition.
#[derive(Clone, Debug)]
pub enum TypeDef {
    Struct(StructDef),
}

impl TypeDef {
    pub fn gc(&self) -> bool {
        match self {
            TypeDef::Struct(s) => s.gc,
        }
    }
    pub fn as_struct(&self) -> &StructDef {
        match self {
            TypeDef::Struct(s) => s,
        }
    }
}

/// A function signature.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Signature {
    pub params: Vec<LlType>,
    pub result: LlType,
}

/// All type definitions and signatures of a program. The runtime's own types come first, at
/// the fixed `TypeRef`s below.
#[derive(Clone, Debug)]
pub struct Types {
    pub defs: Vec<TypeDef>,
    pub sigs: Vec<Signature>,
}

impl Types {
    pub const OBJECT: TypeRef = TypeRef(0);
    pub const VTABLE: TypeRef = TypeRef(1);
    pub const EXC_BASE: TypeRef = TypeRef(2);
    pub const STR: TypeRef = TypeRef(3);
    pub const BYTES: TypeRef = TypeRef(4);
    pub const SLOTS: TypeRef = TypeRef(5);
    pub const LIST: TypeRef = TypeRef(6);
    pub const BUILDER: TypeRef = TypeRef(7);
    pub const DICT: TypeRef = TypeRef(8);
    pub const FILE: TypeRef = TypeRef(9);
    pub const BYTEARRAY: TypeRef = TypeRef(10);
    /// Type ids of the runtime (must match the enum in rpy.h).
    pub const TID_STR: u32 = 1;
    pub const TID_BYTES: u32 = 2;
    pub const TID_SLOTS_RAW: u32 = 3;
    pub const TID_SLOTS_GC: u32 = 4;
    pub const TID_LIST_RAW: u32 = 5;
    pub const TID_LIST_GC: u32 = 6;
    pub const TID_BUILDER: u32 = 7;
    pub const TID_DICT: u32 = 8;
    pub const TID_FILE: u32 = 9;
    pub const TID_BYTEARRAY: u32 = 10;
    pub const TID_FIRST_GENERATED: u32 = 11;
    /// The GC flags in the headers of prebuilt objects (`RPY_GCFLAGS_PREBUILT` in rpy.h):
    /// prebuilt, with the write barrier armed (the collector treats them as old objects).
    pub const GCFLAGS_PREBUILT: u32 = 3;

    /// `Signed (*)(uint64_t)`: hashing a container slot.
    pub const SIG_HASH: SigRef = SigRef(0);
    /// `bool (*)(uint64_t, uint64_t)`: comparing two container slots (equal, less).
    pub const SIG_CMP: SigRef = SigRef(1);

    /// The table with the runtime's types.
    pub fn new() -> Types {
        let s = |name: &str, runtime: &'static str, fields: Vec<(&str, LlType)>, base, varsize, gc, tid| {
            TypeDef::Struct(StructDef {
                name: name.to_string(),
                fields: fields.into_iter().map(|(n, t)| (n.to_string(), t)).collect(),
                base,
                varsize,
                gc,
                runtime: Some(runtime),
                tid,
            })
        };
        use LlType::*;
        let defs = vec![
            s("object", "rpy_object", vec![("typeptr", Ptr(Self::VTABLE))], None, None, true, 0),
            s("vtable", "rpy_vtable", vec![("subclass_min", Signed), ("subclass_max", Signed), ("name", Ptr(Self::STR)), ("module", Ptr(Self::STR))], None, None, false, 0),
            s("exc_base", "rpy_exc_base", vec![("message", Ptr(Self::STR))], Some(Self::OBJECT), None, true, 0),
            s("str", "rpy_str", vec![("length", Signed), ("nbytes", Signed), ("hash", Signed), ("index", Ptr(Self::SLOTS))], None, Some(Char), true, Self::TID_STR),
            s("bytes", "rpy_bytes", vec![("length", Signed), ("hash", Signed)], None, Some(Char), true, Self::TID_BYTES),
            s("slots", "rpy_slots", vec![("length", Signed)], None, Some(Unsigned), true, Self::TID_SLOTS_RAW),
            s("list", "rpy_list", vec![("length", Signed), ("items", Ptr(Self::SLOTS))], None, None, true, Self::TID_LIST_RAW),
            s("builder", "rpy_builder", vec![("nbytes", Signed), ("length", Signed), ("buf", Ptr(Self::BYTES))], None, None, true, Self::TID_BUILDER),
            s(
                "dict",
                "rpy_dict",
                vec![
                    ("length", Signed),
                    ("used", Signed),
                    ("keykind", Signed),
                    ("hashes", Ptr(Self::SLOTS)),
                    ("keys", Ptr(Self::SLOTS)),
                    ("values", Ptr(Self::SLOTS)),
                    ("index", Ptr(Self::SLOTS)),
                ],
                None,
                None,
                true,
                Self::TID_DICT,
            ),
            s("file", "rpy_file", vec![("handle", Unsigned)], None, None, true, Self::TID_FILE),
            // The bytes are buf's first `length`; buf's own length is the capacity.
            s("bytearray", "rpy_bytearray", vec![("length", Signed), ("buf", Ptr(Self::BYTES))], None, None, true, Self::TID_BYTEARRAY),
        ];
        let sigs = vec![
            Signature { params: vec![Unsigned], result: Signed },
            Signature { params: vec![Unsigned, Unsigned], result: Bool },
        ];
        Types { defs, sigs }
    }

    pub fn get(&self, t: &TypeRef) -> &TypeDef {
        &self.defs[t.0 as usize]
    }

    pub fn struct_def(&self, t: TypeRef) -> &StructDef {
        self.defs[t.0 as usize].as_struct()
    }

    /// Adds a struct; GC structs get the next type id.
    pub fn add_struct(&mut self, mut def: StructDef) -> TypeRef {
        if def.gc && def.runtime.is_none() {
            let used = self.defs.iter().filter(|d| d.gc() && d.as_struct().runtime.is_none()).count() as u32;
            def.tid = Self::TID_FIRST_GENERATED + used;
        }
        self.defs.push(TypeDef::Struct(def));
        TypeRef(self.defs.len() as u32 - 1)
    }

    pub fn sig(&mut self, params: Vec<LlType>, result: LlType) -> SigRef {
        let s = Signature { params, result };
        if let Some(i) = self.sigs.iter().position(|x| *x == s) {
            return SigRef(i as u32);
        }
        self.sigs.push(s);
        SigRef(self.sigs.len() as u32 - 1)
    }

    pub fn signature(&self, s: SigRef) -> &Signature {
        &self.sigs[s.0 as usize]
    }

    /// The field `name` of struct `t` or of one of its bases: (struct declaring it, index).
    pub fn find_field(&self, t: TypeRef, name: &str) -> Option<(TypeRef, usize)> {
        let mut cur = Some(t);
        while let Some(c) = cur {
            let s = self.struct_def(c);
            if let Some(i) = s.fields.iter().position(|(n, _)| n == name) {
                return Some((c, i));
            }
            cur = s.base;
        }
        None
    }

    /// Whether `sub` is `sup` or embeds it (directly or not) as its base.
    pub fn is_substruct(&self, sub: TypeRef, sup: TypeRef) -> bool {
        let mut cur = Some(sub);
        while let Some(c) = cur {
            if c == sup {
                return true;
            }
            cur = self.struct_def(c).base;
        }
        false
    }

    /// A readable name for a type, as the text form prints it.
    pub fn type_name(&self, t: LlType) -> String {
        match t {
            LlType::Ptr(r) => format!("Ptr({})", self.struct_def(r).name),
            LlType::FuncPtr(s) => {
                let sig = self.signature(s);
                let params: Vec<String> = sig.params.iter().map(|p| self.type_name(*p)).collect();
                format!("Func({}) -> {}", params.join(", "), self.type_name(sig.result))
            }
            other => other.to_string(),
        }
    }
}

impl Default for Types {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for LlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LlType::Void => write!(f, "Void"),
            LlType::Bool => write!(f, "Bool"),
            LlType::Signed => write!(f, "Signed"),
            LlType::Unsigned => write!(f, "Unsigned"),
            LlType::Float => write!(f, "Float"),
            LlType::Char => write!(f, "Char"),
            LlType::UniChar => write!(f, "UniChar"),
            LlType::Ptr(t) => write!(f, "Ptr(t{})", t.0),
            LlType::FuncPtr(s) => write!(f, "FuncPtr(s{})", s.0),
        }
    }
}
